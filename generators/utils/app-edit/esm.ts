import { applyChangesToString, ChangeType, joinPathFragments, visitNotIgnoredFiles, type StringChange, type Tree } from '@nx/devkit';
import { posix } from 'node:path';
import ts from 'typescript';
import { readProjectSources, type AppProject } from './app-project';
import { styleLikeApp } from './app-style';
import { moduleReferences, parseSource, usesJsExtensions } from './ast';
import type { ProjectSource } from './adapters';

/**
 * Whether the app's TypeScript is ECMAScript modules resolved the Node way (`"type": "module"`, NodeNext): there a
 * relative import needs its `.js` extension and `require` does not exist. Read from the package.json that governs the
 * project (its own, else the workspace's) and from the app's own imports.
 */
export function appIsEsm(tree: Tree, app: AppProject, sources: ProjectSource[]): boolean {
  for (const file of [joinPathFragments(app.projectRoot, 'package.json'), 'package.json']) {
    const text = tree.read(file, 'utf-8');
    if (text === null) continue;
    try {
      if ((JSON.parse(text) as { type?: string }).type === 'module') return true;
    } catch {
      // Not JSON: the next one decides.
    }
    break;
  }
  return sources.some(usesJsExtensions);
}

const RELATIVE = /^\.\.?\//;

/** The ESM form of one relative specifier of `file`: `./config` → `./config.js`, a folder `./adapters` → `./adapters/index.js`. */
function esmSpecifier(tree: Tree, file: string, spec: string): string | undefined {
  if (!RELATIVE.test(spec) || /\.(js|mjs|cjs|json)$/.test(spec)) return undefined;
  const target = posix.join(posix.dirname(file), spec);
  if (tree.exists(`${target}.ts`) || tree.exists(`${target}.mts`) || !tree.exists(`${target}/index.ts`)) return `${spec}.js`;
  return `${spec}/index.js`;
}

const CREATE_REQUIRE = "import { createRequire } from 'node:module';\nconst require = createRequire(import.meta.url);\n";

/**
 * Rewrite the TypeScript files a feature wrote under `dir` for an ESM app: relative specifiers get their `.js`
 * extension, and a file that loads packages lazily with `require` gets one from `createRequire(import.meta.url)`.
 * Running it again changes nothing.
 */
export function toEsm(tree: Tree, dir: string): string[] {
  const changed: string[] = [];
  if (!tree.exists(dir)) return changed;
  visitNotIgnoredFiles(tree, dir, (file) => {
    if (!/\.(ts|mts)$/.test(file) || file.endsWith('.d.ts')) return;
    const text = tree.read(file, 'utf-8') ?? '';
    const source = parseSource(file, text);
    const changes: StringChange[] = [];
    const refs = moduleReferences(source);
    for (const { literal, required } of refs) {
      const next = required ? undefined : esmSpecifier(tree, file, literal.text);
      if (next) changes.push({ type: ChangeType.Delete, start: literal.getStart() + 1, length: literal.text.length }, { type: ChangeType.Insert, index: literal.getStart() + 1, text: next });
    }
    const requires = refs.some((r) => r.required);
    if (requires && !text.includes('createRequire(import.meta.url)')) {
      const imports = source.sourceFile.statements.filter((s) => ts.isImportDeclaration(s));
      const at = imports.length > 0 ? imports[imports.length - 1].getEnd() + 1 : 0;
      changes.push({ type: ChangeType.Insert, index: at, text: CREATE_REQUIRE });
    }
    if (changes.length === 0) return;
    tree.write(file, applyChangesToString(text, changes));
    changed.push(file);
  });
  return changed;
}

/**
 * The feature folders `dirs` an add-* generator wrote into an existing app, in the app's form: ESM specifiers when
 * the app is ESM, then its own lint style (app-style.ts). A ready:service app needs neither.
 */
export async function fitToApp(tree: Tree, app: AppProject, dirs: string[]): Promise<void> {
  if (appIsEsm(tree, app, readProjectSources(tree, app, dirs))) for (const dir of dirs) toEsm(tree, dir);
  await styleLikeApp(tree, app, dirs);
}
