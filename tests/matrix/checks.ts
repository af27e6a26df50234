/**
 * The typecheck and lint of generated services, in a few forked workers (checker.mjs) that each keep
 * TypeScript's parsed node_modules between services. Every service is queued at once; each worker takes
 * the next one, so a two-core machine checks two services at a time.
 */
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';

export interface CommandResult {
  /** The command the generated target runs, e.g. `tsc -p apps/m01/tsconfig.app.json --noEmit`. */
  command: string;
  ok: boolean;
  /** Compiler or linter output, formatted as the CLI prints it. */
  output: string;
  ms: number;
}

export interface ServiceCheck {
  name: string;
  /** The app and spec typechecks, then the lint; absent when the worker failed (see error). */
  results?: CommandResult[];
  error?: string;
}

export class CheckPool {
  private readonly queue: string[] = [];
  private readonly waiting = new Map<string, (check: ServiceCheck) => void>();
  /** Worker → the service it is checking. */
  private readonly busy = new Map<ChildProcess, string>();
  private readonly idle: ChildProcess[] = [];
  private alive: number;

  constructor(workspace: string, size: number) {
    this.alive = size;
    for (let i = 0; i < size; i++) {
      const worker = fork(path.join(__dirname, 'checker.mjs'), [workspace], { cwd: workspace, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
      worker.on('message', (check: ServiceCheck) => {
        this.busy.delete(worker);
        this.idle.push(worker);
        this.settle(check);
      });
      worker.on('exit', (code, signal) => {
        if (this.idle.includes(worker)) this.idle.splice(this.idle.indexOf(worker), 1);
        const name = this.busy.get(worker);
        this.busy.delete(worker);
        if (name) this.settle({ name, error: `the checker exited (${signal ?? code}) while checking ${name}` });
        this.alive -= 1;
        // Nobody is left to check what is queued.
        if (this.alive === 0) for (const queued of this.queue.splice(0)) this.settle({ name: queued, error: 'every checker exited' });
      });
      this.idle.push(worker);
    }
  }

  /** Never rejects: a worker failure comes back as `error`, for the test of that service to report. */
  check(name: string): Promise<ServiceCheck> {
    const result = new Promise<ServiceCheck>((resolve) => this.waiting.set(name, resolve));
    this.queue.push(name);
    this.dispatch();
    return result;
  }

  close(): void {
    for (const worker of [...this.idle, ...this.busy.keys()]) if (worker.connected) worker.disconnect();
  }

  private dispatch(): void {
    while (this.queue.length > 0 && this.idle.length > 0) {
      const worker = this.idle.shift()!;
      const name = this.queue.shift()!;
      this.busy.set(worker, name);
      worker.send({ name });
    }
  }

  private settle(check: ServiceCheck): void {
    this.waiting.get(check.name)?.(check);
    this.waiting.delete(check.name);
    this.dispatch();
  }
}
