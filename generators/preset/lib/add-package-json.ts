import { updateJson, writeJson, type Tree } from '@nx/devkit';
import { nxVersion, typescriptVersion, typesNodeVersion } from '../../utils/versions';
import { READY_ALIAS, type NormalizedPresetOptions } from './normalize-options';

const scripts = {
  build: 'nx run-many -t build',
  test: 'nx run-many -t test',
  lint: 'nx run-many -t lint',
  typecheck: 'nx run-many -t typecheck',
};

/** Root package.json: workspace-wide scripts and the tools every project shares. */
export function addPackageJson(tree: Tree, options: NormalizedPresetOptions): void {
  const devDependencies = {
    [READY_ALIAS]: options.readyPackageSpec,
    nx: nxVersion,
    typescript: typescriptVersion,
    '@types/node': typesNodeVersion,
  };
  if (!tree.exists('package.json')) {
    writeJson(tree, 'package.json', {
      name: options.workspaceName,
      version: '0.0.0',
      private: true,
      license: 'UNLICENSED',
      scripts,
      dependencies: {},
      devDependencies,
    });
    return;
  }
  // An existing root (e.g. one made by create-nx-workspace) keeps its fields; ours are added.
  updateJson(tree, 'package.json', (json) => ({
    ...json,
    private: true,
    scripts: { ...scripts, ...json.scripts },
    devDependencies: { ...json.devDependencies, ...devDependencies },
  }));
}
