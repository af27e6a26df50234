import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { logger } from '@nx/devkit';
import { FsTree } from 'nx/src/generators/tree';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AppProject } from './app-project';
import { styleLikeApp } from './app-style';

const app: AppProject = { project: 'api', projectRoot: '.', sourceRoot: 'src', entryFile: 'src/main.ts' };
const READY_STYLE = 'import { config } from "./config";\n\nexport const name = config.name;\n';

/** A workspace on disk whose ESLint (this repo's) runs the app's own rules. */
function workspace(eslintConfig?: string): { root: string; tree: FsTree } {
  const root = mkdtempSync(path.join(os.tmpdir(), 'ready-style-'));
  writeFileSync(path.join(root, 'package.json'), JSON.stringify({ name: 'api', type: 'module' }));
  symlinkSync(path.resolve('node_modules'), path.join(root, 'node_modules'), 'dir');
  if (eslintConfig) writeFileSync(path.join(root, 'eslint.config.js'), eslintConfig);
  const tree = new FsTree(root, false);
  tree.write('src/feature/index.ts', READY_STYLE);
  return { root, tree };
}

describe("the generated files in the app's own style", () => {
  const roots: string[] = [];
  afterEach(() => {
    vi.restoreAllMocks();
    for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
  });

  it("are fixed by the app's ESLint with its config, in the tree, before anything is written", async () => {
    const { root, tree } = workspace("export default [{ files: ['**/*.ts'], rules: { semi: ['error', 'never'], quotes: ['error', 'single'] } }]\n");
    roots.push(root);
    expect(await styleLikeApp(tree, app, ['src/feature'])).toBe(0);
    expect(tree.read('src/feature/index.ts', 'utf-8')).toBe("import { config } from './config'\n\nexport const name = config.name\n");
  });

  it('say what --fix could not fix, with the command to see it', async () => {
    const { root, tree } = workspace("export default [{ files: ['**/*.ts'], rules: { 'no-restricted-syntax': ['error', 'ExportNamedDeclaration'] } }]\n");
    roots.push(root);
    const warn = vi.spyOn(logger, 'warn').mockImplementation(() => undefined);
    expect(await styleLikeApp(tree, app, ['src/feature'])).toBe(1);
    expect(String(warn.mock.calls[0][0])).toContain('eslint.config.js still reports 1 error(s) that eslint --fix cannot fix in src/feature/index.ts; see them with `npx eslint src/feature/index.ts`');
  });

  it("stay in ready's style in an app without an ESLint config", async () => {
    const { root, tree } = workspace();
    roots.push(root);
    expect(await styleLikeApp(tree, app, ['src/feature'])).toBe(0);
    expect(tree.read('src/feature/index.ts', 'utf-8')).toBe(READY_STYLE);
  });
});
