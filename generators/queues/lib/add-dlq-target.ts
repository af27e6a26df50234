import { joinPathFragments, type Tree } from '@nx/devkit';
import { addTargetOnce } from '../../utils/project-target';

/** `npx nx run <project>:dlq -- stats|list|replay|purge <queue>`: the DLQ CLI compiled with the service; added once (see addTargetOnce). */
export function addDlqTarget(tree: Tree, projectName: string, projectRoot: string): void {
  addTargetOnce(tree, projectName, 'dlq', {
    executor: 'nx:run-commands',
    dependsOn: ['build'],
    options: { command: `node ${joinPathFragments('dist', projectRoot)}/queues/cli.js` },
  });
}
