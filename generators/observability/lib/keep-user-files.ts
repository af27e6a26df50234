import { formatFiles, joinPathFragments, normalizePath, type FileChange, type Tree } from '@nx/devkit';
import { hasGeneratedMarker } from '../../utils/derived-files';

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

/**
 * A throwaway view of `base` in which `hiddenDir` looks empty and writes stay local.
 * Rendering into it shows what ready itself would write there, whatever is on disk.
 */
class ScratchTree implements Tree {
  private readonly written = new Map<string, Buffer>();
  readonly root: string;

  constructor(
    private readonly base: Tree,
    private readonly hiddenDir: string,
  ) {
    this.root = base.root;
  }

  private hidden(path: string): boolean {
    const p = normalizePath(path);
    return p === this.hiddenDir || p.startsWith(`${this.hiddenDir}/`);
  }

  read(filePath: string): Buffer | null;
  read(filePath: string, encoding: BufferEncoding): string | null;
  read(filePath: string, encoding?: BufferEncoding): Buffer | string | null {
    const path = normalizePath(filePath);
    const content = this.written.get(path) ?? (this.hidden(path) ? null : this.base.read(path));
    return content && encoding ? content.toString(encoding) : content;
  }
  write(filePath: string, content: Buffer | string): void {
    this.written.set(normalizePath(filePath), Buffer.from(content));
  }
  exists(filePath: string): boolean {
    const path = normalizePath(filePath);
    return this.written.has(path) || [...this.written.keys()].some((p) => p.startsWith(`${path}/`)) || (!this.hidden(path) && this.base.exists(path));
  }
  isFile(filePath: string): boolean {
    const path = normalizePath(filePath);
    return this.written.has(path) || (!this.hidden(path) && this.base.isFile(path));
  }
  children(dirPath: string): string[] {
    const dir = normalizePath(dirPath).replace(/\/$/, '');
    const own = [...this.written.keys()].filter((p) => p.startsWith(`${dir}/`)).map((p) => p.slice(dir.length + 1).split('/')[0]);
    const fromBase = this.hidden(dir) ? [] : this.base.children(dir).filter((c) => !this.hidden(joinPathFragments(dir, c)));
    return [...new Set([...fromBase, ...own])];
  }
  delete(filePath: string): void {
    this.written.delete(normalizePath(filePath));
  }
  rename(from: string, to: string): void {
    const content = this.read(from);
    if (content) this.write(to, content);
    this.delete(from);
  }
  listChanges(): FileChange[] {
    return [...this.written].map(([path, content]) => ({ path, type: 'CREATE', content }));
  }
  changePermissions(): void {
    // Permissions do not matter for a comparison.
  }

  filesUnder(dir: string): Map<string, Buffer> {
    return new Map([...this.written].filter(([p]) => p.startsWith(`${dir}/`)));
  }
}

/** What `render` writes under `dir` when the folder starts empty, formatted the way the real run formats. */
export async function readyVersionsOf(tree: Tree, dir: string, render: (tree: Tree) => unknown, format: boolean): Promise<Map<string, Buffer>> {
  const scratch = new ScratchTree(tree, dir);
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
