// Writes the artifacts derived from the zod model (`npm run schema`):
//   packages/ready/ready.schema.json   JSON Schema for editors
//   README.md, between the config-reference markers
// The unit suite fails when either committed copy differs from what this writes.
import { build } from 'esbuild';
import { readFileSync, writeFileSync } from 'node:fs';
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
const { readyJsonSchema, renderConfigReference } = mod.exports;

writeFileSync(path.join(root, 'packages/ready/ready.schema.json'), `${JSON.stringify(readyJsonSchema(), null, 2)}\n`);
const readmePath = path.join(root, 'README.md');
const readme = readFileSync(readmePath, 'utf-8');
const start = '<!-- config-reference:start -->';
const end = '<!-- config-reference:end -->';
const next = readme.replace(new RegExp(`${start}[\\s\\S]*${end}`), `${start}\n${renderConfigReference()}\n${end}`);
writeFileSync(readmePath, next);
console.log('ready: wrote packages/ready/ready.schema.json and the README config reference');
