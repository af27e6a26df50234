/**
 * Run ready:service into a real folder, for checking generated output by hand:
 *   npx esbuild tools/dev/render-service.ts --bundle --platform=node --format=cjs --packages=external \
 *     --alias:@ready-tools/config=./packages/config/src/index.ts --outfile=tmp/render-service.js
 *   node tmp/render-service.js <workspace-dir> <service-name> [--config path] [--port n] ...
 * A minimal Nx workspace (package.json, nx.json) is created when the folder has none. Dependencies
 * are written to package.json but not installed.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { flushChanges, FsTree } from 'nx/src/generators/tree';
import { serviceGenerator } from '../../generators/service/generator';

async function main(): Promise<void> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      config: { type: 'string' },
      port: { type: 'string' },
      owner: { type: 'string' },
      description: { type: 'string' },
      'auth-mode': { type: 'string' },
      directory: { type: 'string' },
    },
  });
  const [dir, name] = positionals;
  if (!dir || !name) throw new Error('usage: render-service <workspace-dir> <service-name> [--config file] [--port n]');
  const root = path.resolve(dir);
  mkdirSync(root, { recursive: true });
  if (!existsSync(path.join(root, 'package.json'))) {
    writeFileSync(path.join(root, 'package.json'), `${JSON.stringify({ name: 'ready-dev', version: '0.0.0', private: true }, null, 2)}\n`);
  }
  if (!existsSync(path.join(root, 'nx.json'))) {
    writeFileSync(path.join(root, 'nx.json'), `${JSON.stringify({ $schema: './node_modules/nx/schemas/nx-schema.json' }, null, 2)}\n`);
  }
  const tree = new FsTree(root, false);
  await serviceGenerator(tree, {
    name,
    config: values.config,
    port: values.port ? Number(values.port) : undefined,
    owner: values.owner,
    description: values.description,
    authMode: values['auth-mode'] as 'jwt' | 'api-key' | 'both' | 'none' | undefined,
    directory: values.directory,
    skipFormat: true,
  });
  const changes = tree.listChanges();
  flushChanges(root, changes);
  for (const change of changes) console.log(`${change.type.padEnd(6)} ${change.path}`);
  console.log(`${changes.length} change(s) in ${root}`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
