import { getProjects, offsetFromRoot, readProjectConfiguration, type Tree } from '@nx/devkit';
import { defaultConfig, type ReadyModel } from '@ready-tools/config';
import { toServiceName } from '../observability/lib/normalize-options';
import { hasServiceConfig, readServiceModel, writeServiceConfigIfMissing } from './model';

/** The one command that regenerates every file a ready:service project derives from ready.yaml, docs included. */
export const REGENERATE_COMMAND = 'npx nx sync';

/** What every feature renderer receives: one validated model and where the service lives. */
export interface FeatureContext {
  /** Nx project name. */
  projectName: string;
  /** App folder relative to the workspace root, e.g. apps/payments. */
  projectRoot: string;
  model: ReadyModel;
  /** The command that regenerates derived files, written into their "generated" marker. */
  regenerate: string;
  /** True when the project was made by ready:service (it composes every feature itself). */
  readyService: boolean;
}

/** Tag ready:service puts on its projects. */
export const SERVICE_TAG = 'ready:service';

/**
 * The context of `nx g ready:add-<feature> --project=<name>`. A bad project name or an invalid
 * ready.yaml throws here, before anything is written. A project without ready.yaml gets a default
 * one, so the team can edit it and rerun.
 */
export function resolveFeatureContext(tree: Tree, project: string, generator: string): FeatureContext & { configCreated: boolean } {
  const projects = getProjects(tree);
  if (!projects.has(project)) {
    const known = [...projects.keys()].sort();
    throw new Error(`ready:${generator}: no project named "${project}" in this workspace.${known.length ? ` Known projects: ${known.join(', ')}.` : ''}`);
  }
  const config = readProjectConfiguration(tree, project);
  const projectRoot = config.root;
  const readyService = (config.tags ?? []).includes(SERVICE_TAG);
  const configCreated = !hasServiceConfig(tree, projectRoot);
  if (configCreated) {
    const schemaPath = `${offsetFromRoot(projectRoot)}node_modules/ready/ready.schema.json`;
    // Validate the default before writing it, so a project name that cannot be a service name writes nothing.
    const defaults = defaultConfig(toServiceName(project), { runtime: { framework: 'fastify' } });
    writeServiceConfigIfMissing(tree, projectRoot, defaults, schemaPath);
  }
  const model = readServiceModel(tree, projectRoot);
  return {
    projectName: project,
    projectRoot,
    model,
    readyService,
    configCreated,
    regenerate: readyService ? REGENERATE_COMMAND : `npx nx g ready:${generator} --project=${project}`,
  };
}
