// Builds the two publishable packages from this repo's sources:
//   packages/ready/dist/**              one CommonJS bundle per generator + the public API (index.js)
//   packages/ready/{templates,docs-templates}   copied from the top-level folders
//   packages/ready/dist/kinds/<kind>/files       each dependency kind's own templates (generators/kinds/<kind>/files)
//   packages/create-ready-service/dist/cli.js
// Dependencies stay external; only our own code (generators/, packages/config) is bundled.
import { build } from 'esbuild';
import { cpSync, existsSync, readdirSync, rmSync, mkdirSync, copyFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const plugin = path.join(root, 'packages/ready');
const cli = path.join(root, 'packages/create-ready-service');

const ours = (p) => p.startsWith('.') || p.startsWith('/') || p === '@ready-tools/config';
const externalizeDependencies = {
  name: 'externalize-dependencies',
  setup(b) {
    b.onResolve({ filter: /.*/ }, (args) => (args.kind === 'entry-point' || ours(args.path) ? undefined : { external: true }));
  },
};

// `typescript` takes about 0.45 s to require and only the code that edits an existing app's sources (app-edit) calls
// it, so every bundle gets a stand-in that requires it on first use: ready:docs and ready:sync (nx sync, sync:check)
// never pay for it, and an add-* run on an app loads it when it parses the app, as before. The sources keep their
// plain `import ts from 'typescript'` (vitest runs them as they are).
const LAZY_TS = 'lazy-typescript';
const lazyTypescript = {
  name: LAZY_TS,
  setup(b) {
    b.onResolve({ filter: /^typescript$/ }, (args) => (args.namespace === LAZY_TS ? { external: true } : { path: 'typescript', namespace: LAZY_TS }));
    b.onLoad({ filter: /.*/, namespace: LAZY_TS }, () => ({
      loader: 'js',
      contents: `let typescriptModule;
const loadTypescript = () => (typescriptModule ??= require('typescript'));
export default new Proxy({}, { get: (_, key) => loadTypescript()[key], has: (_, key) => key in loadTypescript() });
`,
    }));
  },
};

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: false,
  logLevel: 'warning',
  alias: { '@ready-tools/config': path.join(root, 'packages/config/src/index.ts') },
  plugins: [lazyTypescript, externalizeDependencies],
};

const generators = readdirSync(path.join(root, 'generators'), { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(path.join(root, 'generators', d.name, 'generator.ts')))
  .map((d) => d.name);

rmSync(path.join(plugin, 'dist'), { recursive: true, force: true });
await build({ ...common, entryPoints: { index: path.join(plugin, 'src/index.ts') }, outdir: path.join(plugin, 'dist') });
await build({
  ...common,
  entryPoints: Object.fromEntries(generators.map((g) => [`generators/${g}/generator`, path.join(root, 'generators', g, 'generator.ts')])),
  // Each generator first checks the workspace's Nx version, so an unsupported one gets a clear message, not a crash.
  inject: [path.join(root, 'generators/utils/nx-version-check.ts')],
  outdir: path.join(plugin, 'dist'),
});
for (const g of generators) {
  copyFileSync(path.join(root, 'generators', g, 'schema.json'), path.join(plugin, 'dist/generators', g, 'schema.json'));
}
// Each dependency kind's templates, where generators/utils/paths.ts (kindFilesDir) finds them from dist/generators/<g>/.
const kinds = path.join(root, 'generators/kinds');
for (const kind of readdirSync(kinds, { withFileTypes: true }).filter((d) => d.isDirectory() && existsSync(path.join(kinds, d.name, 'files')))) {
  cpSync(path.join(kinds, kind.name, 'files'), path.join(plugin, 'dist/kinds', kind.name, 'files'), { recursive: true });
}
for (const dir of ['templates', 'docs-templates']) {
  rmSync(path.join(plugin, dir), { recursive: true, force: true });
  mkdirSync(path.join(root, dir), { recursive: true });
  cpSync(path.join(root, dir), path.join(plugin, dir), { recursive: true });
}

if (existsSync(path.join(cli, 'src/cli.ts'))) {
  rmSync(path.join(cli, 'dist'), { recursive: true, force: true });
  await build({ ...common, entryPoints: [path.join(cli, 'src/cli.ts')], outfile: path.join(cli, 'dist/cli.js') });
}
console.log(`ready: built ${generators.length} generators (${generators.join(', ')}) and the CLI`);
