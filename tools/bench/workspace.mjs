// The benchmark workspace: made by the real CLI, or one made earlier reused via READY_BENCH_WS.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { benchServiceConfig, log, root, sh } from './lib.mjs';
import { PEER_PACKAGES } from './peers.mjs';

/** Installed into the workspace for the peers (the service itself needs none of the Express ones). */
export const PEER_INSTALL = ['express@5', 'helmet', 'cors', 'express-rate-limit', 'jsonwebtoken', 'pino-http', '@fastify/jwt', '@fastify/rate-limit', '@fastify/helmet', '@fastify/cors'];
const NX_NODE = ['@nx/node@22.7.9', '@nx/js@22.7.9', '@nx/esbuild@22.7.9'];
const required = [...new Set([...PEER_PACKAGES.express, ...PEER_PACKAGES.fastify])];

export const SHOP_CONFIG = benchServiceConfig('shop');

const has = (ws, pkg) => existsSync(path.join(ws, 'node_modules', pkg, 'package.json'));

/**
 * Returns { ws, parent }: parent is the temporary directory to remove afterwards (undefined when reused).
 * A workspace is reused only when it has the service and every peer package; @nx/node is added to a reused one
 * only when the generator benchmark runs.
 */
export function prepareWorkspace({ needNxNode }) {
  const given = process.env.READY_BENCH_WS;
  if (given) {
    const missing = required.filter((p) => !has(given, p));
    if (!existsSync(path.join(given, 'apps/shop/ready.yaml'))) missing.push('apps/shop');
    if (missing.length === 0) {
      log(`reusing workspace ${given}`);
      // A workspace made from another ready.yaml: bring the service to this one (nx sync rewrites the derived files).
      const readyYaml = path.join(given, 'apps/shop/ready.yaml');
      let rebuild = false;
      if (readFileSync(readyYaml, 'utf-8') !== SHOP_CONFIG) {
        log('apps/shop/ready.yaml differs from the benchmark\'s: rewriting it and running nx sync…');
        writeFileSync(readyYaml, SHOP_CONFIG);
        sh('npx', ['nx', 'sync'], given);
        rebuild = true;
      }
      sh('rm', ['-rf', ...Array.from({ length: 50 }, (_, i) => [`apps/bench-ready-${i}`, `apps/bench-node-${i}`]).flat()], given);
      if (needNxNode && !has(given, '@nx/node')) {
        log('adding @nx/node to the reused workspace…');
        sh('npm', ['install', '--no-audit', '--no-fund', '-D', ...NX_NODE], given);
      }
      return { ws: given, parent: undefined, rebuild };
    }
    log(`READY_BENCH_WS=${given} lacks ${missing.join(', ')}: making a new workspace`);
  }
  const parent = mkdtempSync(path.join(os.tmpdir(), 'ready-bench-'));
  const ws = path.join(parent, 'ws');
  const config = path.join(parent, 'ready.yaml');
  writeFileSync(config, SHOP_CONFIG);
  log('creating workspace with the CLI (real install)…');
  sh(process.execPath, [path.join(root, 'packages/create-ready-service/bin/create-ready-service.js'), ws, '--yes', '--config', config, '--skip-git'], parent);
  sh('npm', ['install', '--no-audit', '--no-fund', '-D', ...NX_NODE], ws);
  log('installing the peers…');
  sh('npm', ['install', '--no-audit', '--no-fund', ...PEER_INSTALL], ws);
  return { ws, parent, rebuild: true };
}
