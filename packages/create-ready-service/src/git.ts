import { realpathSync } from 'node:fs';
import type { Ui } from './ui';

export const INITIAL_COMMIT_MESSAGE = 'Initial commit from create-ready-service';

export type GitOutcome = { committed: true } | { committed: false; reason: string };

/**
 * `git init`, `git add -A` and the first commit. Never fatal: the workspace is complete without
 * it, so every problem becomes a note. A placeholder identity is used only when none is set.
 */
export async function initGitRepository(cwd: string, ui: Ui): Promise<GitOutcome> {
  const { execa } = await import('execa');
  const git = (args: string[]) => execa('git', args, { cwd, reject: false, stdin: 'ignore' });

  const version = await git(['--version']);
  if (version.exitCode !== 0) return skip(ui, 'git was not found on PATH; run "git init" yourself later');

  // A .git of the target's own (an empty clone, `git init` beforehand) gets the first commit; an enclosing
  // repository is someone else's, so it is left alone.
  const top = await git(['rev-parse', '--show-toplevel']);
  const ownRepository = top.exitCode === 0 && realpathSync(top.stdout.trim()) === realpathSync(cwd);
  if (top.exitCode === 0 && !ownRepository) {
    return skip(ui, `the directory is inside the git repository ${top.stdout.trim()}; left it to you to commit`);
  }

  const configured = async (key: string) => (await git(['config', '--get', key])).stdout.trim() !== '';
  const overrides: string[] = [];
  if (!(await configured('user.name'))) overrides.push('-c', 'user.name=create-ready-service');
  if (!(await configured('user.email'))) overrides.push('-c', 'user.email=create-ready-service@localhost');
  const branch = (await configured('init.defaultBranch')) ? [] : ['-c', 'init.defaultBranch=main'];

  const steps: [label: string, args: string[]][] = [
    ...(ownRepository ? [] : ([['git init', [...branch, 'init']]] as [string, string[]][])),
    ['git add -A', ['add', '-A']],
    ['git commit', [...overrides, 'commit', '-m', INITIAL_COMMIT_MESSAGE]],
  ];
  for (const [label, args] of steps) {
    const result = await git(args);
    if (result.exitCode !== 0) return skip(ui, `"${label}" failed: ${(result.stderr || result.stdout).trim().split('\n')[0]}`);
  }
  return { committed: true };
}

function skip(ui: Ui, reason: string): GitOutcome {
  ui.warn(`Skipped git: ${reason}`);
  return { committed: false, reason };
}
