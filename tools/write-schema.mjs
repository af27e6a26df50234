// Writes the artifacts derived from the zod model (`npm run schema`):
//   packages/ready/ready.schema.json   JSON Schema for editors
//   README.md, between the config-reference markers
//   generators/kinds/all.ts            one export line per kind of the dependency kind enum, in its order
// The unit suite fails when any committed copy differs from what this writes.
import { build } from 'esbuild';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const entry = [
  "export { readyJsonSchema, renderConfigReference, dependencySchema } from './packages/config/src/index.ts';",
  "export { renderKindsAll } from './generators/kinds/render-all.ts';",
].join('\n');
const out = await build({
  stdin: { contents: entry, resolveDir: root, loader: 'ts', sourcefile: 'write-schema-entry.ts' },
  bundle: true, platform: 'node', format: 'cjs', write: false, packages: 'external', logLevel: 'warning',
});
const mod = { exports: {} };
new Function('module', 'exports', 'require', out.outputFiles[0].text)(mod, mod.exports, createRequire(path.join(root, 'package.json')));
const { readyJsonSchema, renderConfigReference, dependencySchema, renderKindsAll } = mod.exports;

writeFileSync(path.join(root, 'packages/ready/ready.schema.json'), `${JSON.stringify(readyJsonSchema(), null, 2)}\n`);
const readmePath = path.join(root, 'README.md');
const readme = readFileSync(readmePath, 'utf-8');
const start = '<!-- config-reference:start -->';
const end = '<!-- config-reference:end -->';
const next = readme.replace(new RegExp(`${start}[\\s\\S]*${end}`), `${start}\n${renderConfigReference()}\n${end}`);
writeFileSync(readmePath, next);
// The same list as DEPENDENCY_KINDS (generators/kinds/index.ts).
writeFileSync(path.join(root, 'generators/kinds/all.ts'), renderKindsAll(dependencySchema.out.shape.kind.options));
console.log('ready: wrote packages/ready/ready.schema.json, the README config reference and generators/kinds/all.ts');
