import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa, type Options } from 'execa';

export const repoRoot = path.resolve(__dirname, '../../..');
export const cliBin = path.join(repoRoot, 'packages/create-ready-service/bin/create-ready-service.js');

export function tempDir(prefix: string): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Run a command, failing with its full output when it exits non-zero. */
export async function run(cmd: string, args: string[], options: Pick<Options, 'env'> & { cwd: string }): Promise<{ stdout: string; all: string }> {
  const res = await execa(cmd, args, {
    cwd: options.cwd,
    reject: false,
    all: true,
    env: { CI: 'true', NX_DAEMON: 'false', NX_NO_CLOUD: 'true', ...options.env },
  });
  const all = String(res.all ?? '');
  if (res.exitCode !== 0) {
    throw new Error(`\`${cmd} ${args.join(' ')}\` in ${options.cwd} exited ${res.exitCode}:\n${all.slice(-6000)}`);
  }
  return { stdout: String(res.stdout ?? ''), all };
}

export async function promtoolAvailable(): Promise<boolean> {
  const res = await execa('promtool', ['--version'], { reject: false });
  return res.exitCode === 0;
}
