import type { Tree } from '@nx/devkit';

/** Every file under `dir` (the whole tree by default) with its content: the specs compare two of them to see what a run changed. */
export function snapshotTree(tree: Tree, dir = ''): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (p: string) => {
    if (p && tree.isFile(p)) {
      files.set(p, tree.read(p, 'utf-8')!);
      return;
    }
    for (const child of tree.children(p)) walk(p ? `${p}/${child}` : child);
  };
  walk(dir);
  return files;
}
