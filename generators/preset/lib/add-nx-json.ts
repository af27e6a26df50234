import { updateJson, writeJson, type NxJsonConfiguration, type Tree } from '@nx/devkit';
import type { NormalizedPresetOptions } from './normalize-options';

const namedInputs: NxJsonConfiguration['namedInputs'] = {
  default: ['{projectRoot}/**/*', 'sharedGlobals'],
  production: [
    'default',
    '!{projectRoot}/**/*.spec.ts',
    '!{projectRoot}/**/*.test.ts',
    '!{projectRoot}/test/**/*',
    '!{projectRoot}/vitest.config.*',
    '!{projectRoot}/eslint.config.*',
  ],
  sharedGlobals: ['{workspaceRoot}/tsconfig.base.json'],
};

// Every target that is a pure function of its inputs is cached; serve never is.
const targetDefaults: NxJsonConfiguration['targetDefaults'] = {
  build: { dependsOn: ['^build'], inputs: ['production', '^production'], cache: true },
  test: { inputs: ['default', '^production'], cache: true },
  lint: { inputs: ['default', '{workspaceRoot}/eslint.config.*'], cache: true },
  typecheck: { inputs: ['default', '^production'], cache: true },
};

/** `nx sync` / `nx sync:check` run ready's sync generator: derived files follow ready.yaml, and CI fails on drift. */
const sync: NonNullable<NxJsonConfiguration['sync']> = { globalGenerators: ['ready:sync'] };

export function addNxJson(tree: Tree, options: NormalizedPresetOptions): void {
  const cli = options.packageManager && options.packageManager !== 'npm' ? { packageManager: options.packageManager } : undefined;
  if (!tree.exists('nx.json')) {
    writeJson<NxJsonConfiguration & { $schema: string }>(tree, 'nx.json', {
      $schema: './node_modules/nx/schemas/nx-schema.json',
      defaultBase: 'main',
      namedInputs,
      targetDefaults,
      sync,
      ...(cli ? { cli } : {}),
    });
    return;
  }
  updateJson<NxJsonConfiguration>(tree, 'nx.json', (json) => ({
    ...json,
    namedInputs: { ...namedInputs, ...json.namedInputs },
    targetDefaults: { ...targetDefaults, ...json.targetDefaults },
    sync: { ...json.sync, globalGenerators: [...new Set([...(json.sync?.globalGenerators ?? []), ...sync.globalGenerators!])] },
    ...(cli ? { cli: { ...json.cli, ...cli } } : {}),
  }));
}
