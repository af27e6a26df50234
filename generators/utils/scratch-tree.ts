import { joinPathFragments, normalizePath, type FileChange, type Tree } from '@nx/devkit';

/** A folder and everything under it. */
export const under = (dir: string) => (path: string) => path === dir || path.startsWith(`${dir}/`);

/**
 * A throwaway view of `base` in which the paths `hide` selects look absent and writes stay local.
 * Rendering into it shows what ready itself would write there, whatever is on disk.
 */
export class ScratchTree implements Tree {
  private readonly written = new Map<string, Buffer>();
  readonly root: string;

  constructor(
    private readonly base: Tree,
    private readonly hide: (path: string) => boolean = () => false,
  ) {
    this.root = base.root;
  }

  private hidden(path: string): boolean {
    return this.hide(normalizePath(path));
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
  /**
   * The base's pending changes that are not hidden, then what was written here. Nx finds the projects a generator
   * created earlier in the same run (not yet on disk) among a tree's changes, so the view keeps them.
   */
  listChanges(): FileChange[] {
    const inherited = this.base.listChanges().filter((change) => !this.hidden(change.path) && !this.written.has(change.path));
    return [...inherited, ...[...this.written].map(([path, content]): FileChange => ({ path, type: 'CREATE', content }))];
  }
  changePermissions(): void {
    // Permissions do not matter for a comparison.
  }

  filesUnder(dir: string): Map<string, Buffer> {
    return new Map([...this.written].filter(([p]) => p.startsWith(`${dir}/`)));
  }

  /** What was written here, by path. */
  writtenFiles(): ReadonlyMap<string, Buffer> {
    return this.written;
  }
}

