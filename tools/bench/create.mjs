// End to end, with install, in fresh temporary directories, alternating which goes first:
//   ready: create-ready-service <dir> --yes --skip-git --package-manager npm   (workspace + service + install)
//   nx:    npx create-nx-workspace@22.7.9 <dir> --preset=apps --nxCloud=skip --no-interactive --packageManager=npm --skipGit
//          then npm i -D @nx/node@22.7.9, then nx g @nx/node:app apps/api --framework=fastify --no-interactive
// create-nx-workspace is fetched once (npx cache) before timing, so neither side pays for a download of its CLI;
// both install from the same warm npm cache.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { log, root, sh, timed } from './lib.mjs';

export const NX_VERSION = '22.7.9';
const CREATE_NX = `create-nx-workspace@${NX_VERSION}`;

function inTemp(prefix, fn) {
  const parent = mkdtempSync(path.join(os.tmpdir(), prefix));
  try {
    return fn(parent);
  } finally {
    if (!process.env.READY_BENCH_KEEP) rmSync(parent, { recursive: true, force: true });
  }
}

function ready() {
  return inTemp('ready-bench-create-', (parent) =>
    timed(process.execPath, [path.join(root, 'packages/create-ready-service/bin/create-ready-service.js'), 'api', '--yes', '--skip-git', '--package-manager', 'npm'], parent),
  );
}

function nx() {
  return inTemp('ready-bench-nx-', (parent) => {
    const ws = path.join(parent, 'api');
    const parts = {
      workspace: timed('npx', ['-y', CREATE_NX, 'api', '--preset=apps', '--nxCloud=skip', '--no-interactive', '--packageManager=npm', '--skipGit'], parent),
      install: timed('npm', ['i', '-D', '--no-audit', '--no-fund', `@nx/node@${NX_VERSION}`], ws),
      generate: timed('npx', ['nx', 'g', '@nx/node:app', 'apps/api', '--framework=fastify', '--no-interactive'], ws),
    };
    return { total: parts.workspace + parts.install + parts.generate, parts };
  });
}

export function createBench({ runs }) {
  log(`fetching ${CREATE_NX} into the npx cache (not timed)…`);
  sh('npx', ['-y', CREATE_NX, '--help'], os.tmpdir());
  const result = { ready: [], nx: [], nxParts: [] };
  for (let i = 0; i < runs; i++) {
    for (const side of i % 2 ? ['nx', 'ready'] : ['ready', 'nx']) {
      if (side === 'ready') {
        result.ready.push(ready());
        log(`create round ${i + 1}/${runs} create-ready-service: ${Math.round(result.ready.at(-1))} ms`);
      } else {
        const r = nx();
        result.nx.push(r.total);
        result.nxParts.push(r.parts);
        log(`create round ${i + 1}/${runs} create-nx-workspace + @nx/node:app: ${Math.round(r.total)} ms`, r.parts);
      }
    }
  }
  return result;
}
