import { formatFiles, joinPathFragments, type Tree } from '@nx/devkit';
import { hasGeneratedMarker } from '../../utils/derived-files';
import { ScratchTree, under } from '../../utils/scratch-tree';

/** Every file under `dir` with its current content. */
export function snapshotFiles(tree: Tree, dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const walk = (path: string) => {
    if (tree.isFile(path)) {
      files.set(path, tree.read(path)!);
      return;
    }
    for (const child of tree.children(path)) walk(joinPathFragments(path, child));
  };
  if (tree.exists(dir)) walk(dir);
  return files;
}

/** What `render` writes under `dir` when the folder starts empty, formatted the way the real run formats. */
export async function readyVersionsOf(tree: Tree, dir: string, render: (tree: Tree) => unknown, format: boolean): Promise<Map<string, Buffer>> {
  const scratch = new ScratchTree(tree, under(dir));
  await render(scratch);
  if (format) await formatFiles(scratch);
  return scratch.filesUnder(dir);
}

/**
 * Files the user already had in the feature folder are theirs: put back every one that differs from
 * ready's version and has since been changed. A file that still starts with a generated header ("do not
 * edit; regenerate with ...") is ready's to rewrite. Returns the kept paths, so the caller can say so.
 */
export function keepUserFiles(tree: Tree, before: Map<string, Buffer>, readyVersions: Map<string, Buffer>): string[] {
  const kept: string[] = [];
  for (const [path, original] of before) {
    const ready = readyVersions.get(path);
    if (!ready || ready.equals(original)) continue;
    if (hasGeneratedMarker(path, original.toString('utf-8'))) continue;
    const now = tree.exists(path) ? tree.read(path) : null;
    if (!now || !now.equals(original)) tree.write(path, original);
    kept.push(path);
  }
  return kept;
}
