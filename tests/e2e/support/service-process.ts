import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export interface RunningService {
  port: number;
  url: string;
  proc: ChildProcess;
  /** Every stdout line so far, raw. */
  stdout: string[];
  stderr: string[];
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stop(): Promise<void>;
}

/** Start a built service (on a free port, or on `port`: a restart where a scraper expects it) and wait until /health/ready answers 200 (bounded). */
export async function startService(cwd: string, entry: string, env: Record<string, string> = {}, port?: number): Promise<RunningService> {
  port ??= await freePort();
  const proc = spawn(process.execPath, [entry], {
    cwd,
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production', HOST: '127.0.0.1', PORT: String(port), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stdout: string[] = [];
  const stderr: string[] = [];
  let buf = '';
  proc.stdout!.on('data', (chunk: Buffer) => {
    buf += chunk.toString('utf-8');
    const lines = buf.split('\n');
    buf = lines.pop() ?? '';
    stdout.push(...lines.filter((l) => l.length > 0));
  });
  proc.stderr!.on('data', (chunk: Buffer) => stderr.push(chunk.toString('utf-8')));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    proc.on('exit', (code, signal) => {
      if (buf) stdout.push(buf);
      resolve({ code, signal });
    }),
  );
  const url = `http://127.0.0.1:${port}`;
  const started = Date.now();
  let exited = false;
  void exit.then(() => (exited = true));
  for (;;) {
    if (exited) throw new Error(`service exited during startup:\n${stdout.join('\n')}\n${stderr.join('')}`);
    try {
      const res = await fetch(`${url}/health/ready`);
      if (res.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() - started > 20_000) {
      proc.kill('SIGKILL');
      throw new Error(`service not ready after 20 s:\n${stdout.join('\n')}\n${stderr.join('')}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    port,
    url,
    proc,
    stdout,
    stderr,
    exit,
    async stop() {
      if (proc.exitCode === null && proc.signalCode === null) {
        proc.kill('SIGKILL');
        await exit;
      }
    },
  };
}

/** stdout lines parsed as JSON; throws naming the first line that is not JSON. */
export function jsonLines(lines: string[]): Record<string, unknown>[] {
  return lines.map((line, i) => {
    try {
      return JSON.parse(line) as Record<string, unknown>;
    } catch {
      throw new Error(`stdout line ${i + 1} is not JSON: ${line}`);
    }
  });
}
