/**
 * Run a generated service's own suite (`vitest run` in apps/<svc>, the command of its test target) against
 * the real services on this machine, each run in a place of its own: a new Postgres database per postgres
 * dependency and a new MariaDB database per mysql dependency (dropped afterwards), a Redis DB number of the matrix, and a queue and key prefix unique to the
 * run in Redis and RabbitMQ (shared Redis is never flushed). Kafka and MongoDB are not on this machine: their
 * variables keep the generated local defaults, where nothing listens.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { parseConfigYaml } from '@ready-tools/config';
import type { MatrixConfig } from './configs';

/** The Redis DB the matrix runs use; keys are also prefixed per run, so a DB shared with others is safe. */
export const MATRIX_REDIS_DB = 14;

interface PgClient {
  connect(): Promise<void>;
  query(sql: string): Promise<unknown>;
  end(): Promise<void>;
}

export interface OwnTestsResult {
  ok: boolean;
  /** The failing tests and the summary, or the tail of the output when the run did not get that far. */
  report: string;
  ms: number;
}

export async function runOwnTests(workspace: string, config: MatrixConfig): Promise<OwnTestsResult> {
  const model = parseConfigYaml(config.yaml);
  const runId = randomBytes(3).toString('hex');
  const redisUrl = `redis://127.0.0.1:6379/${MATRIX_REDIS_DB}`;
  const env: Record<string, string> = { QUEUE_PREFIX: `matrix-${runId}-${config.name}`, REDIS_URL: redisUrl };
  const cleanups: (() => Promise<unknown>)[] = [];
  const started = Date.now();
  try {
    for (const dep of model.dependencies) {
      if (dep.kind === 'postgres') {
        const database = `ready_matrix_${config.name}_${dep.name.replace(/-/g, '_')}_${runId}`;
        await postgres(workspace, `CREATE DATABASE ${database}`);
        cleanups.push(() => postgres(workspace, `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`));
        env[dep.envVar] = `postgres://postgres@127.0.0.1:5432/${database}`;
      } else if (dep.kind === 'mysql') {
        const database = `ready_matrix_${config.name}_${dep.name.replace(/-/g, '_')}_${runId}`;
        await mysql(workspace, `CREATE DATABASE ${database}`);
        cleanups.push(() => mysql(workspace, `DROP DATABASE IF EXISTS ${database}`));
        env[dep.envVar] = `mysql://root@127.0.0.1:3306/${database}`;
      } else if (dep.kind === 'redis') {
        env[dep.envVar] = redisUrl;
      } else if (dep.kind === 'rabbitmq') {
        // The default vhost: the run's queues and exchanges carry QUEUE_PREFIX (the suites' own carry a random
        // prefix and are deleted). A vhost per run needs rabbitmqctl, which takes tens of seconds on a busy machine.
        env[dep.envVar] = 'amqp://guest:guest@127.0.0.1:5672';
      }
    }
    // Output goes to a file, not a pipe: this process may be busy typechecking for seconds at a time,
    // and a full pipe would stall the suite's writes (and its timers) meanwhile.
    const logFile = path.join(path.dirname(workspace), `${config.name}-own-tests.log`);
    const fd = openSync(logFile, 'w');
    const exitCode = await new Promise<number | null>((resolve, reject) => {
      const child = spawn(path.join(workspace, 'node_modules/.bin/vitest'), ['run'], {
        cwd: path.join(workspace, 'apps', config.name),
        stdio: ['ignore', fd, fd],
        env: { ...outerEnv(), CI: 'true', NO_COLOR: '1', FORCE_COLOR: '0', ...env },
      });
      child.on('error', reject);
      child.on('close', (code) => resolve(code));
    }).finally(() => closeSync(fd));
    const output = readFileSync(logFile, 'utf-8');
    return { ok: exitCode === 0, report: exitCode === 0 ? summary(output) : failures(output, exitCode), ms: Date.now() - started };
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup().catch((err: unknown) => console.warn(`matrix: cleanup failed: ${String(err)}`));
  }
}

/** This process's environment without what vitest set for its own workers (the inner run sets its own). */
function outerEnv(): Record<string, string> {
  return Object.fromEntries(
    Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined && !/^(VITEST|TEST$|NODE_ENV$)/.test(e[0])),
  );
}

async function postgres(workspace: string, sql: string): Promise<void> {
  // The workspace's own driver: it is there whenever a matrix config declares postgres.
  const { Client } = createRequire(path.join(workspace, 'package.json'))('pg') as { Client: new (o: { connectionString: string }) => PgClient };
  const client = new Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/postgres' });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

function summary(output: string): string {
  return output.split('\n').filter((l) => /^\s*(Test Files|Tests|Duration)\s/.test(l)).join('\n');
}

/** The FAIL blocks (test name, error, code frame) and the summary lines of a vitest run. */
function failures(output: string, exitCode: number | null): string {
  const lines = output.split('\n');
  const start = lines.findIndex((l) => /Failed Tests \d+|Failed Suites \d+/.test(l));
  const body = start >= 0 ? lines.slice(start).join('\n') : output;
  const text = `vitest run exited ${exitCode}\n${body}`;
  return text.length > 20_000 ? `${text.slice(0, 18_000)}\n…\n${text.slice(-2_000)}` : text;
}

async function mysql(workspace: string, sql: string): Promise<void> {
  // The workspace's own driver: it is there whenever a matrix config declares mysql.
  const driver = createRequire(path.join(workspace, 'package.json'))('mysql2/promise') as {
    createConnection(url: string): Promise<{ query(sql: string): Promise<unknown>; end(): Promise<void> }>;
  };
  const connection = await driver.createConnection('mysql://root@127.0.0.1:3306/mysql');
  try {
    await connection.query(sql);
  } finally {
    await connection.end();
  }
}
