import readyPackage from '../../../packages/ready/package.json';
import type { PresetGeneratorSchema } from '../schema';

/** The npm name `ready` belongs to an unrelated package, so the plugin is installed under that alias. */
export const READY_ALIAS = 'ready';

export interface NormalizedPresetOptions extends PresetGeneratorSchema {
  readyPackageSpec: string;
  serviceRoot: string;
  workspaceName: string;
}

const kebabName = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

export function defaultReadyPackageSpec(): string {
  return `npm:${readyPackage.name}@${readyPackage.version}`;
}

export function normalizeOptions(options: PresetGeneratorSchema): NormalizedPresetOptions {
  if (!options.name || !kebabName.test(options.name)) {
    throw new Error(`ready:preset: name must be a lowercase kebab-case name such as "payments-api", got ${JSON.stringify(options.name ?? '')}`);
  }
  return {
    ...options,
    readyPackageSpec: options.readyPackageSpec || defaultReadyPackageSpec(),
    serviceRoot: `apps/${options.name}`,
    // Not the service name: a root package named like the app would collide with the app's Nx project.
    workspaceName: `@${options.name}/source`,
  };
}
