// Writes packages/ready/ready.schema.json from the zod model (`npm run schema`).
// The unit suite fails when the committed file differs from what this writes.
import { build } from 'esbuild';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = await build({
  entryPoints: [path.join(root, 'packages/config/src/index.ts')],
  bundle: true, platform: 'node', format: 'cjs', write: false, packages: 'external', logLevel: 'warning',
});
const mod = { exports: {} };
new Function('module', 'exports', 'require', out.outputFiles[0].text)(mod, mod.exports, createRequire(path.join(root, 'package.json')));
writeFileSync(path.join(root, 'packages/ready/ready.schema.json'), `${JSON.stringify(mod.exports.readyJsonSchema(), null, 2)}\n`);
console.log('ready: wrote packages/ready/ready.schema.json');
