import type { Tree } from '@nx/devkit';

export const DOCKERIGNORE_BLOCK_START = '# >>> ready:docker (generated; do not edit this block)';
export const DOCKERIGNORE_BLOCK_END = '# <<< ready:docker';

/**
 * What no image build needs, and what must never reach an image: installed dependencies (the image
 * installs its own from the lockfile), git history, local secrets, build output and caches.
 */
const IGNORED = [
  '# Every service builds with the workspace root as context; keep it small and free of secrets.',
  'node_modules',
  '**/node_modules',
  '.git',
  '.env',
  '.env.*',
  '**/.env',
  '**/.env.*',
  '!.env.example',
  '!**/.env.example',
  'dist',
  'coverage',
  '.nx',
  'tmp',
  '*.log',
];

export function dockerignoreBlock(): string {
  return [DOCKERIGNORE_BLOCK_START, ...IGNORED, DOCKERIGNORE_BLOCK_END].join('\n');
}

/**
 * Insert or refresh ready's block in the workspace's .dockerignore, keeping every other line.
 * A new block goes first, so lines the team adds after it (e.g. `!dist/keep`) still take precedence.
 */
export function updateDockerignore(tree: Tree, file: string): void {
  const block = dockerignoreBlock();
  const current = tree.read(file, 'utf-8') ?? '';
  const start = current.indexOf(DOCKERIGNORE_BLOCK_START);
  const end = current.indexOf(DOCKERIGNORE_BLOCK_END, Math.max(start, 0));
  let next: string;
  if (start !== -1 && end > start) {
    next = current.slice(0, start) + block + current.slice(end + DOCKERIGNORE_BLOCK_END.length);
  } else if (current.trim().length === 0) {
    next = `${block}\n`;
  } else {
    next = `${block}\n\n${current.replace(/^\n+/, '')}`;
  }
  if (!next.endsWith('\n')) next += '\n';
  if (next !== current) tree.write(file, next);
}
