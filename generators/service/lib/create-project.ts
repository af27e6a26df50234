import { addProjectConfiguration, getProjects, joinPathFragments, type TargetConfiguration, type Tree } from '@nx/devkit';
import type { ReadyModel } from '@ready-tools/config';
import type { NormalizedServiceOptions } from './normalize-options';

import { SERVICE_TAG } from '../../utils/feature';

export { SERVICE_TAG };

/** Targets whose inputs include files derived from ready.yaml: Nx runs ready:sync before them (task sync generators). */
const SYNC_GENERATORS = ['ready:sync'];

/** Targets use nx:run-commands only, so a workspace needs no Nx plugins beyond ready itself. */
export function serviceTargets(options: NormalizedServiceOptions, model: ReadyModel): Record<string, TargetConfiguration> {
  const root = options.projectRoot;
  const dist = joinPathFragments('dist', root);
  return {
    build: {
      executor: 'nx:run-commands',
      outputs: [`{workspaceRoot}/${dist}`],
      cache: true,
      syncGenerators: SYNC_GENERATORS,
      options: { command: `tsc -p ${root}/tsconfig.app.json` },
    },
    // Rebuilds on every change (tsc --watch) and restarts the process when its output changes (node --watch).
    serve: {
      executor: 'nx:run-commands',
      dependsOn: ['build'],
      continuous: true,
      options: {
        commands: [`tsc -p ${root}/tsconfig.app.json --watch --preserveWatchOutput`, `node --watch-path=${dist} ${dist}/main.js`],
        parallel: true,
      },
    },
    test: {
      executor: 'nx:run-commands',
      cache: true,
      outputs: [`{workspaceRoot}/coverage/${root}`],
      syncGenerators: SYNC_GENERATORS,
      options: { command: 'vitest run', cwd: root },
    },
    lint: {
      executor: 'nx:run-commands',
      cache: true,
      options: { command: `eslint ${root}` },
    },
    ...(model.auth.mode === 'none'
      ? {}
      : {
          // Prints only a credential the running service accepts (JWT_SECRET or LOCAL_API_KEY from the local .env).
          token: { executor: 'nx:run-commands', options: { command: `node ${root}/scripts/token.mjs` } },
        }),
    'load-test': {
      executor: 'nx:run-commands',
      options: { command: `node ${root}/scripts/load-test.mjs` },
    },
    typecheck: {
      executor: 'nx:run-commands',
      cache: true,
      syncGenerators: SYNC_GENERATORS,
      options: {
        commands: [`tsc -p ${root}/tsconfig.app.json --noEmit`, `tsc -p ${root}/tsconfig.spec.json --noEmit`],
        parallel: false,
      },
    },
  };
}

/** Register the project once; afterwards project.json belongs to the team. */
export function createProject(tree: Tree, options: NormalizedServiceOptions, model: ReadyModel): void {
  if (tree.exists(joinPathFragments(options.projectRoot, 'project.json')) || getProjects(tree).has(options.projectName)) return;
  addProjectConfiguration(tree, options.projectName, {
    root: options.projectRoot,
    sourceRoot: joinPathFragments(options.projectRoot, 'src'),
    projectType: 'application',
    tags: [SERVICE_TAG],
    targets: serviceTargets(options, model),
  });
}
