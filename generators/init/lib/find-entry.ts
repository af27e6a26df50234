import { joinPathFragments, type Tree } from '@nx/devkit';

/** The scripts that start the app, in the order they are trusted to name its source entry. */
const START_SCRIPTS = ['dev', 'start:dev', 'serve', 'start', 'start:prod'];
/** Where apps usually start, tried last. */
const USUAL_ENTRIES = ['src/main.ts', 'src/index.ts', 'src/server.ts', 'src/app.ts'];
/** A file a runner in a script starts: `tsx watch src/index.ts`, `ts-node src/main.ts`, `node dist/server.js`. */
const RUN_FILE = /\b(?:tsx|ts-node(?:-dev)?|nodemon|node|bun)\b(?:\s+(?:watch|-r\s+\S+|--[\w-]+(?:=\S+)?))*\s+(?:\.\/)?([\w@./-]+\.(?:ts|mts|cts|js|mjs|cjs))\b/;

interface PackageJson {
  main?: string;
  scripts?: Record<string, string>;
}

function readJson<T>(tree: Tree, file: string): T | undefined {
  const text = tree.read(file, 'utf-8');
  if (text === null) return undefined;
  try {
    // tsconfig files may carry comments and trailing commas.
    return JSON.parse(text.replace(/^\s*\/\/.*$/gm, '').replace(/,(\s*[}\]])/g, '$1')) as T;
  } catch {
    return undefined;
  }
}

/** Where a built file's source may be: `dist/server.js` -> `src/server.ts` through tsconfig's outDir and rootDir, or src/. */
function sourcesOf(tree: Tree, root: string, file: string): string[] {
  if (/\.(ts|mts|cts)$/.test(file)) return [file];
  const options = readJson<{ compilerOptions?: { outDir?: string; rootDir?: string } }>(tree, joinPathFragments(root, 'tsconfig.json'))?.compilerOptions ?? {};
  const trim = (dir: string) => dir.replace(/^\.\//, '').replace(/\/$/, '');
  const outDir = trim(options.outDir ?? 'dist');
  const rest = file.startsWith(`${outDir}/`) ? file.slice(outDir.length + 1) : file;
  const dirs = [...new Set([trim(options.rootDir ?? 'src'), 'src', '.'])];
  return dirs.map((dir) => `${dir === '.' ? '' : `${dir}/`}${rest}`.replace(/\.js$/, '.ts').replace(/\.mjs$/, '.mts').replace(/\.cjs$/, '.cts'));
}

/**
 * The TypeScript file node starts, relative to the project root: named by a start script or package.json's main
 * (mapped from the build output to the sources), else the first usual entry that calls listen(). Throws, naming
 * everything it looked at, when none is found.
 */
export function findEntry(tree: Tree, root: string): { entry: string; found: string } {
  const pkg = readJson<PackageJson>(tree, joinPathFragments(root, 'package.json')) ?? {};
  const looked: string[] = [];
  const exists = (entry: string) => tree.exists(joinPathFragments(root, entry));
  for (const script of START_SCRIPTS) {
    const command = pkg.scripts?.[script];
    const file = command ? RUN_FILE.exec(command)?.[1] : undefined;
    if (!file) continue;
    const candidates = sourcesOf(tree, root, file);
    const entry = candidates.find(exists);
    if (entry) return { entry, found: `package.json scripts.${script} (${command})` };
    looked.push(`scripts.${script} (${candidates.join(' or ')}, missing)`);
  }
  if (pkg.main) {
    const candidates = sourcesOf(tree, root, pkg.main.replace(/^\.\//, ''));
    const entry = candidates.find(exists);
    if (entry) return { entry, found: `package.json main (${pkg.main})` };
    looked.push(`main (${candidates.join(' or ')}, missing)`);
  }
  for (const entry of USUAL_ENTRIES) {
    if (exists(entry) && /\.listen\s*\(/.test(tree.read(joinPathFragments(root, entry), 'utf-8') ?? '')) return { entry, found: `${entry} calls listen()` };
  }
  throw new Error(
    `ready:init cannot tell which file starts the app in ${root === '.' ? 'the repository root' : root}: looked at package.json ${looked.length ? looked.join(', ') : 'scripts and main (none names a file)'}, then ${USUAL_ENTRIES.join(', ')} (none calls listen()). Pass --entry=<file>, e.g. --entry=src/server.ts. Nothing was written.`,
  );
}
