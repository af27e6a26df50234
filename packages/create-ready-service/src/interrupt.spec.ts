import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from './test-support';

// Ctrl-C is a real SIGINT sent to the built CLI in a child process. The package manager is a fake on PATH
// that announces itself and then waits, so the signal always lands in the step under test.
const builtCli = path.resolve(__dirname, '../bin/create-ready-service.js');
let root: string;
let bin: string;

beforeAll(() => {
  root = tempDir('crs-sigint-');
  bin = path.join(root, 'bin');
  mkdirSync(bin);
  // `exec`: the fake becomes the waiting process, so killing it leaves nothing behind.
  writeFileSync(path.join(bin, 'npm'), `#!/bin/sh\necho $$ > "${root}/npm-$1.pid"\necho "npm $1 started"\nexec sleep 120\n`);
  chmodSync(path.join(bin, 'npm'), 0o755);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Start the CLI, send SIGINT once `waitFor` shows on stdout, and resolve when it exits. */
function interruptWhen(cwd: string, args: string[], waitFor: string, env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [builtCli, ...args], {
      cwd,
      env: { PATH: `${bin}${path.delimiter}${process.env.PATH}`, CI: 'true', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let sent = false;
    const deadline = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`no exit within 90 s after ${sent ? 'SIGINT' : 'start'}:\n${stdout}\n${stderr}`));
    }, 90_000);
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk;
      if (!sent && stdout.includes(waitFor)) {
        sent = true;
        // The fake npm writes its pid file before it is waited on; give it that moment.
        const pidFile = waitFor.startsWith('Installing') ? 'npm-install.pid' : 'npm-pack.pid';
        const poll = setInterval(() => {
          if (existsSync(path.join(root, pidFile))) {
            clearInterval(poll);
            child.kill('SIGINT');
          }
        }, 50);
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
    child.on('exit', (code) => {
      clearTimeout(deadline);
      resolve({ code, stdout, stderr });
    });
  });
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('Ctrl-C', () => {
  it('while the plugin is packed: exits 130, nothing written, the pack stopped', async () => {
    const res = await interruptWhen(root, ['packing', '--yes'], 'Packing the ready plugin');
    expect(res.code, res.stderr).toBe(130);
    expect(res.stderr).toContain('Interrupted. Nothing was written.');
    expect(existsSync(path.join(root, 'packing'))).toBe(false);
    expect(alive(Number(readFileSync(path.join(root, 'npm-pack.pid'), 'utf-8')))).toBe(false);
  });

  it('while an existing empty directory is being filled: it is left empty', async () => {
    mkdirSync(path.join(root, 'kept-empty'));
    rmSync(path.join(root, 'npm-pack.pid'), { force: true });
    const res = await interruptWhen(root, ['kept-empty', '--yes'], 'Packing the ready plugin');
    expect(res.code, res.stderr).toBe(130);
    expect(readdirSync(path.join(root, 'kept-empty'))).toEqual([]);
  });

  it('during the install: exits 130, stops the install and says exactly how to finish', async () => {
    const res = await interruptWhen(root, ['installing', '--yes'], 'Installing dependencies', { READY_PACKAGE_SPEC: 'file:/tmp/ready-tools-ready-0.1.0.tgz' });
    expect(res.code, res.stderr).toBe(130);
    expect(res.stderr).toContain(
      [
        'Interrupted. The workspace files are complete in installing; finish with:',
        '  cd installing && npm install',
        '  git init && git add -A && git commit -m "Initial commit from create-ready-service"',
        'or remove it: rm -rf installing',
      ].join('\n'),
    );
    expect(existsSync(path.join(root, 'installing/apps/installing/project.json'))).toBe(true);
    expect(alive(Number(readFileSync(path.join(root, 'npm-install.pid'), 'utf-8')))).toBe(false);
    expect(res.stdout).not.toContain('Next steps');
  });
});
