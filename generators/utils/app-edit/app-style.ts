import { createRequire } from 'node:module';
import path from 'node:path';
import { joinPathFragments, logger, type Tree } from '@nx/devkit';
import type { AppProject } from './app-project';

const ESLINT_CONFIGS = ['eslint.config.js', 'eslint.config.mjs', 'eslint.config.cjs', 'eslint.config.ts', 'eslint.config.mts', 'eslint.config.cts', '.eslintrc', '.eslintrc.js', '.eslintrc.cjs', '.eslintrc.json', '.eslintrc.yml', '.eslintrc.yaml'];

/** The ESLint config that governs the app (its own folder first, then the workspace's), if it has one. */
export function eslintConfigOf(tree: Tree, app: AppProject): string | undefined {
  for (const dir of [app.projectRoot, '']) {
    for (const name of ESLINT_CONFIGS) {
      const file = dir && dir !== '.' ? joinPathFragments(dir, name) : name;
      if (tree.exists(file)) return file;
    }
  }
  return undefined;
}

/** The slice of ESLint's Node API used here (the app's own eslint, whatever its version). */
interface EslintApi {
  lintText(code: string, options: { filePath: string; warnIgnored?: boolean }): Promise<{ output?: string; errorCount: number; messages?: { fatal?: boolean; message: string }[] }[]>;
}

function loadAppEslint(tree: Tree): EslintApi | undefined {
  try {
    const load = createRequire(path.join(tree.root, 'package.json'));
    const { ESLint } = load('eslint') as { ESLint: new (options: { cwd: string; fix: boolean }) => EslintApi };
    return new ESLint({ cwd: tree.root, fix: true });
  } catch {
    return undefined;
  }
}

/**
 * Put the TypeScript files under `dirs` (and `files`) in the app's own style: its ESLint, with its config and
 * plugins, fixes them in the tree (semicolons, quotes, spacing, import order), before anything is written, so a
 * second run compares and writes the same text. An app without an ESLint config, or without eslint installed,
 * keeps ready's style. Returns how many lint errors --fix could not fix, and says where.
 */
export async function styleLikeApp(tree: Tree, app: AppProject, targets: string[], report = true): Promise<number> {
  const config = eslintConfigOf(tree, app);
  if (!config) return 0;
  const eslint = loadAppEslint(tree);
  if (!eslint) {
    if (report) logger.warn(`ready: ${config} configures ESLint, but eslint cannot be loaded from ${tree.root}; install the app's dependencies and rerun to get the generated files in its style.`);
    return 0;
  }
  const files = targets.flatMap((target) => (tree.isFile(target) ? [target] : filesUnder(tree, target))).filter((f) => /\.[mc]?ts$/.test(f) && !f.endsWith('.d.ts'));
  // A config that lints with type information (parserOptions.project) cannot parse a file that is not on disk yet, and
  // would parse it on the next run: styling then would differ between runs. Such an app's style is left to its own
  // eslint --fix, once the files are written.
  const probeDir = targets[0] && !tree.isFile(targets[0]) ? targets[0] : path.posix.dirname(targets[0] ?? app.sourceRoot);
  const [probe] = await eslint.lintText('export {};\n', { filePath: path.join(tree.root, probeDir, '__ready_probe__.ts'), warnIgnored: false });
  const fatal = probe?.messages?.find((m) => m.fatal);
  if (fatal) {
    if (report) logger.warn(`ready: ${config} lints with type information, which needs the files on disk (${fatal.message.split('\n')[0]}); put the generated files in the app's style with \`npx eslint --fix ${targets.join(' ')}\`.`);
    return 0;
  }
  let left = 0;
  const unfixed: string[] = [];
  for (const file of files) {
    const text = tree.read(file, 'utf-8');
    if (text === null) continue;
    const [result] = await eslint.lintText(text, { filePath: path.join(tree.root, file), warnIgnored: false });
    if (!result) continue;
    if (result.output !== undefined && result.output !== text) tree.write(file, result.output);
    if (result.errorCount > 0) {
      left += result.errorCount;
      unfixed.push(file);
    }
  }
  if (left > 0 && report) logger.warn(`ready: ${config} still reports ${left} error(s) that eslint --fix cannot fix in ${unfixed.join(', ')}; see them with \`npx eslint ${unfixed.join(' ')}\`.`);
  return left;
}

function filesUnder(tree: Tree, dir: string): string[] {
  if (!tree.exists(dir)) return [];
  return tree.children(dir).flatMap((child) => {
    const p = joinPathFragments(dir, child);
    return tree.isFile(p) ? [p] : filesUnder(tree, p);
  });
}
