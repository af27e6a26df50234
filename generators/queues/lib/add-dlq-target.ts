import { getProjects, joinPathFragments, updateProjectConfiguration, type Tree } from '@nx/devkit';

/**
 * `npx nx run <project>:dlq -- stats|list|replay|purge <queue>`: the DLQ CLI compiled with the service.
 * Added only when the project is registered and has no `dlq` target, so a team's own target is kept.
 */
export function addDlqTarget(tree: Tree, projectName: string, projectRoot: string): void {
  const project = getProjects(tree).get(projectName);
  if (!project || project.targets?.dlq) return;
  const dist = joinPathFragments('dist', projectRoot);
  updateProjectConfiguration(tree, projectName, {
    ...project,
    targets: {
      ...(project.targets ?? {}),
      dlq: {
        executor: 'nx:run-commands',
        dependsOn: ['build'],
        options: { command: `node ${dist}/queues/cli.js` },
      },
    },
  });
}
