/**
 * The environment the e2e service runs with, wherever it runs (a node process or a container):
 * real local dependencies on 127.0.0.1 and test credentials. Secrets are made up per run, never committed values.
 */
import { randomBytes } from 'node:crypto';

const runSecret = randomBytes(32).toString('base64url');

export function e2eServiceEnv(): Record<string, string> {
  return {
    ORDERS_DB_URL: 'postgres://postgres@127.0.0.1:5432/postgres',
    CACHE_URL: 'redis://127.0.0.1:6379',
    JWT_SECRET: runSecret,
  };
}
