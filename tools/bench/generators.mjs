// `nx g ready:service` vs `nx g @nx/node:app --framework=fastify` in the same workspace, no install, alternating.
import { log, sh, timed } from './lib.mjs';

export function generatorBench(ws, runs) {
  const ready = [];
  const nxNode = [];
  for (let i = 0; i < runs; i++) {
    // Alternate which goes first, so drift (a neighbour's load, a warmer disk cache) hits both equally.
    const sides = i % 2 ? ['node', 'ready'] : ['ready', 'node'];
    for (const side of sides) {
      if (side === 'ready') ready.push(Math.round(timed('npx', ['nx', 'g', 'ready:service', `bench-ready-${i}`, '--no-interactive'], ws)));
      else
        nxNode.push(
          Math.round(
            timed('npx', ['nx', 'g', '@nx/node:app', `apps/bench-node-${i}`, '--framework=fastify', '--e2eTestRunner=none', '--unitTestRunner=none', '--linter=none', '--no-interactive', '--skipPackageJson'], ws),
          ),
        );
    }
  }
  const countFiles = (dir) => sh('find', [dir, '-type', 'f'], ws).trim().split('\n').length;
  const result = { runs, ready, nxNode, readyFiles: countFiles('apps/bench-ready-0'), nodeFiles: countFiles('apps/bench-node-0') };
  sh('rm', ['-rf', ...Array.from({ length: runs }, (_, i) => [`apps/bench-ready-${i}`, `apps/bench-node-${i}`]).flat()], ws);
  log('generators', result);
  return result;
}
