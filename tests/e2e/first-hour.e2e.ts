/**
 * The first hour of a new user, verbatim: the next steps the CLI printed while creating the e2e workspace,
 * then the "Run locally" blocks of the generated README, each command run as written (parsed from the output
 * and the file, so neither can drift from what works) against the real services on this machine.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { E2E_SERVICE } from './support/global-setup';

const ws = inject('workspace');
const cliOutput = inject('cliOutput');
const readme = readFileSync(path.join(ws, 'apps', E2E_SERVICE, 'README.md'), 'utf-8');
/** What a shell of the user has; no CI-only settings beyond keeping the Nx daemon out of a test run. */
const userEnv = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/root', NX_DAEMON: 'false', NX_NO_CLOUD: 'true' };

const plain = (text: string) => text.replace(/\u001b\[[0-9;]*m/g, '');

/** The indented command lines under `heading` in the CLI output, up to the next blank line. */
function printedSteps(heading: RegExp): string[] {
  const lines = plain(cliOutput).split('\n');
  const start = lines.findIndex((l) => heading.test(l));
  expect(start, `"${heading}" in the CLI output:\n${cliOutput}`).toBeGreaterThanOrEqual(0);
  const steps: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (line.trim() === '') break;
    steps.push(line.trim());
  }
  return steps;
}

/** The first ```sh block after `heading` in the README. */
function readmeBlock(heading: string): string[] {
  const at = readme.indexOf(heading);
  expect(at, `"${heading}" in the generated README`).toBeGreaterThanOrEqual(0);
  const block = /```sh\n([\s\S]*?)```/.exec(readme.slice(at));
  expect(block, `a sh block after "${heading}"`).not.toBeNull();
  return block![1].trim().split('\n');
}

let cwd = path.dirname(ws);
/** Run one printed line in bash, from where the previous `cd` left off. */
async function shell(line: string, env: Record<string, string> = {}) {
  const cd = /^cd (.+)$/.exec(line);
  if (cd) {
    const { stdout } = await execa('bash', ['-c', `cd ${cd[1]} && pwd`], { cwd });
    cwd = stdout.trim();
    return { exitCode: 0, stdout: '', all: '' };
  }
  const res = await execa('bash', ['-c', line], { cwd, env: { ...userEnv, ...env }, extendEnv: false, reject: false, all: true });
  return { exitCode: res.exitCode, stdout: String(res.stdout), all: String(res.all) };
}

const status = (curlOutput: string) => Number(/^HTTP\/[\d.]+ (\d{3})/.exec(curlOutput)?.[1]);

/** A long-running command (nx serve) in its own process group, so stopping it stops tsc and node too. */
let server: ChildProcess | undefined;
let serverOutput = '';
function startInBackground(script: string): void {
  serverOutput = '';
  server = spawn('bash', ['-c', script], { cwd, env: userEnv, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  server.stdout!.on('data', (c: Buffer) => (serverOutput += c.toString()));
  server.stderr!.on('data', (c: Buffer) => (serverOutput += c.toString()));
}
const groupAlive = (pgid: number) => {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
};
/**
 * SIGTERM to the whole group, then wait until every process in it has gone, not only its leader: the service
 * drains for SHUTDOWN_DRAIN_MS after npx has exited and holds its port until then. SIGKILL after 60 s.
 */
async function stopBackground(): Promise<void> {
  if (!server) return;
  const pgid = server.pid!;
  if (!groupAlive(pgid)) return;
  process.kill(-pgid, 'SIGTERM');
  for (let i = 0; i < 240 && groupAlive(pgid); i++) await new Promise((r) => setTimeout(r, 250));
  if (groupAlive(pgid)) process.kill(-pgid, 'SIGKILL');
  for (let i = 0; i < 40 && groupAlive(pgid); i++) await new Promise((r) => setTimeout(r, 250));
}

/** Until nothing accepts connections on `port` (bounded), so the next start cannot meet EADDRINUSE from a leftover. */
async function portFree(port: number): Promise<void> {
  for (let i = 0; i < 120; i++) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => (socket.destroy(), resolve(true)));
      socket.once('error', () => resolve(false));
    });
    if (!open) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`port ${port} is still taken 60 s after the previous service was stopped`);
}

/** Poll until `url` answers `want` (bounded: a cold build on a busy runner takes minutes). */
async function waitFor(url: string, want: number, seconds: number): Promise<void> {
  const deadline = Date.now() + seconds * 1000;
  let last = 'no answer';
  while (Date.now() < deadline) {
    if (server && server.exitCode !== null) break;
    try {
      const res = await fetch(url);
      if (res.status === want) return;
      last = `${res.status} ${await res.text()}`;
    } catch (err) {
      last = String(err);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${url} did not answer ${want} (last: ${last}); service output:\n${serverOutput.slice(-4000)}`);
}

const SERVE = `npx nx serve ${E2E_SERVICE}`;
const databases = () => printedSteps(/^Next steps/).flatMap((l) => /^createdb .* (\S+)$/.exec(l)?.[1] ?? []);
const dropDatabases = async () => {
  for (const db of databases()) await execa('dropdb', ['--if-exists', '--force', '-h', '127.0.0.1', '-U', 'postgres', db]);
};

afterAll(async () => {
  await stopBackground();
  await dropDatabases();
});

describe('the first hour, as printed', () => {
  it('the next steps the CLI printed work verbatim, in order: serve, probes, a token, an authenticated call, the tests', async () => {
    const first = printedSteps(/^Next steps/);
    const second = printedSteps(/^Then, in a second terminal/);
    expect(first).toContain(SERVE);
    expect(first.some((l) => l.startsWith('createdb '))).toBe(true);
    await dropDatabases();

    const base = /curl -i (http:\/\/localhost:(\d+))\/health\/live/.exec(second.join('\n'))!;
    await portFree(Number(base[2]));
    for (const line of first) {
      if (line === SERVE) startInBackground(line);
      else expect((await shell(line)).exitCode, line).toBe(0);
    }
    await waitFor(`${base[1]}/health/ready`, 200, 300);

    const answers: string[] = [];
    for (const line of second) {
      const res = await shell(line);
      expect(res.exitCode, `${line}\n${res.all}`).toBe(0);
      if (line.startsWith('curl -i')) {
        expect(status(res.stdout), `${line}\n${res.stdout}`).toBe(200);
        answers.push(line);
      }
      if (/nx run \S+:token/.test(line)) expect(res.stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/m);
    }
    // Both probes and the call with a credential, each answered 200.
    expect(answers).toHaveLength(3);
    expect(answers[2]).toMatch(/-H "Authorization: Bearer \$\(.+\)"/);
  }, 1_200_000);

  it('the README runs the service against dependencies already on this machine, then calls it with a token, as written', async () => {
    await stopBackground();
    await dropDatabases();
    const block = readmeBlock('### Dependencies already running (no containers)');
    expect(block[block.length - 1]).toBe(SERVE);
    expect(block).toContain(`npx nx run ${E2E_SERVICE}:migrate`);
    // One shell, as a user pastes it: the exports reach createdb, migrate and serve.
    const port = /http:\/\/127\.0\.0\.1:(\d+)\/health\/ready/.exec(readme)![1];
    await portFree(Number(port));
    startInBackground(block.join('\n'));
    await waitFor(`http://127.0.0.1:${port}/health/ready`, 200, 300);

    for (const line of readmeBlock('Then, in another shell:')) {
      const res = await shell(line);
      expect(res.exitCode, `${line}\n${res.all}`).toBe(0);
      if (line.includes('/health/ready')) expect(JSON.parse(res.stdout)).toEqual({ status: 'ok' });
      if (/nx run \S+:token/.test(line)) expect(res.stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/m);
    }
  }, 900_000);
});
