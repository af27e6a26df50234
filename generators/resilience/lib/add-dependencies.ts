import type { GeneratorCallback, Tree } from '@nx/devkit';
import { addPackages } from '../../utils/packages';
import type { ReadyModel } from '@ready-tools/config';
import { KIND_SPECS } from '../../kinds';
import { cockatielVersion, undiciVersion } from '../../utils/versions';

/** cockatiel for every policy, undici for the http client every service has; the rest per kind (KIND_SPECS[kind].packages). */
const ALWAYS = { cockatiel: cockatielVersion, undici: undiciVersion };

/** Packages src/dependencies imports at runtime for the kinds a model declares. */
export function resilienceDependenciesFor(model: ReadyModel): { dependencies: Record<string, string>; devDependencies: Record<string, string> } {
  const specs = [...new Set(model.dependencies.map((d) => d.kind))].map((k) => KIND_SPECS[k]);
  return {
    dependencies: Object.assign({ ...ALWAYS }, ...specs.map((s) => s.packages.dependencies)),
    devDependencies: Object.assign({}, ...specs.map((s) => s.packages.devDependencies)),
  };
}

/**
 * Every package the feature may import, for ready:service's static list: a client file exists only for
 * declared kinds, so the others are installed but never loaded.
 */
export const resilienceDependencies: Record<string, string> = Object.assign(
  { ...ALWAYS },
  ...Object.values(KIND_SPECS).flatMap((s) => [s.packages.dependencies, s.packages.devDependencies]),
);

export function addResilienceDependencies(tree: Tree, model: ReadyModel): GeneratorCallback {
  return addPackages(tree, resilienceDependenciesFor(model));
}
