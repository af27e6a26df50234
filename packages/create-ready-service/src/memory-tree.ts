import { createRequire } from 'node:module';
import { FsTree } from 'nx/src/generators/tree';

/**
 * A generator Tree that lives only in memory: it is rooted at the target directory (so generator tasks
 * such as an install run there later), but it never reads that directory. Every file is a CREATE, and
 * nothing on the user's disk can change what is generated.
 */
export function createMemoryTree(root: string): FsTree {
  const tree = new FsTree(root, false);
  const missing = (filePath: string) => Object.assign(new Error(`ENOENT: ${filePath} is not in the tree`), { code: 'ENOENT' });
  // FsTree reads the disk through these four methods only; shadow them on the instance.
  Object.assign(tree as unknown as Record<string, unknown>, {
    fsReadDir: () => [],
    fsExists: () => false,
    fsIsFile: (filePath: string) => {
      throw missing(filePath);
    },
    fsReadFile: (filePath: string) => {
      throw missing(filePath);
    },
  });
  return tree;
}

type Glob = (root: string, ...rest: unknown[]) => unknown;
const GLOBS = ['globWithWorkspaceContextSync', 'globWithWorkspaceContext', 'multiGlobWithWorkspaceContext'] as const;
const WORKSPACE_CONTEXT = /[\\/]nx[\\/](dist[\\/])?src[\\/]utils[\\/]workspace-context\.js$/;

/**
 * Nx's devkit (getProjects, glob) lists project files by globbing the tree's root on disk with its native
 * WorkspaceContext. On an existing empty directory that glob never returns (Nx waits for files that never
 * come), and on a missing one it prints "NX workspace root does not exist". A memory tree has nothing on
 * disk to find, so while `run` generates, globs rooted at `root` answer "no files" without touching the disk;
 * the devkit then sees exactly the files written to the tree. Every loaded copy of Nx is covered (the plugin
 * may resolve its own).
 */
export async function withoutDiskGlobs<T>(root: string, run: () => Promise<T>): Promise<T> {
  const nodeRequire = createRequire(__filename);
  const modules = new Set<Record<string, unknown>>([nodeRequire('nx/src/utils/workspace-context')]);
  for (const [file, loaded] of Object.entries(nodeRequire.cache)) {
    if (WORKSPACE_CONTEXT.test(file) && loaded?.exports) modules.add(loaded.exports);
  }
  const restore: (() => void)[] = [];
  for (const mod of modules) {
    for (const name of GLOBS) {
      const original = mod[name] as Glob | undefined;
      if (typeof original !== 'function') continue;
      const empty = name === 'multiGlobWithWorkspaceContext' ? (globs: unknown) => (globs as unknown[]).map(() => []) : () => [];
      const guarded: Glob = (globRoot, ...rest) => {
        if (globRoot !== root) return original(globRoot, ...rest);
        const result = empty(rest[0]);
        return name === 'globWithWorkspaceContextSync' ? result : Promise.resolve(result);
      };
      mod[name] = guarded;
      restore.push(() => {
        mod[name] = original;
      });
    }
  }
  try {
    return await run();
  } finally {
    for (const undo of restore) undo();
  }
}
