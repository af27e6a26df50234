/**
 * The environment the e2e service runs with, wherever it runs (a node process or a container):
 * real local dependencies on 127.0.0.1 and test credentials. Secrets are made up per run, never committed values.
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';

const runSecret = randomBytes(32).toString('base64url');
/** Per-run API key of the e2e "ci" caller (reader role); only its hash is in the service's environment. */
export const E2E_API_KEY = `ci-${randomBytes(24).toString('base64url')}`;
/** Unique per run, so rate-limit counters in the shared Redis never carry over between runs. */
export const RUN_ID = randomBytes(4).toString('hex');

export function e2eServiceEnv(): Record<string, string> {
  return {
    ORDERS_DB_URL: 'postgres://postgres@127.0.0.1:5432/postgres',
    CACHE_URL: 'redis://127.0.0.1:6379',
    JWT_SECRET: runSecret,
    API_KEYS: `ci-${RUN_ID}:${createHash('sha256').update(E2E_API_KEY).digest('hex')}:reader`,
  };
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** An HS256 token for the e2e service (issuer and audience of the e2e ready.yaml); `claims` override anything. */
export function e2eToken(sub: string, roles: string[], claims: Record<string, unknown> = {}, secret = runSecret, header: Record<string, unknown> = { alg: 'HS256', typ: 'JWT' }): string {
  const now = Math.floor(Date.now() / 1000);
  const payload = { sub, roles, iss: 'https://auth.example.com/', aud: 'shop-api', iat: now, exp: now + 300, ...claims };
  const unsigned = `${b64(header)}.${b64(payload)}`;
  const signature = header.alg === 'none' ? '' : createHmac('sha256', secret).update(unsigned).digest('base64url');
  return `${unsigned}.${signature}`;
}

export const bearer = (sub: string, roles: string[] = ['reader'], claims: Record<string, unknown> = {}) => ({ authorization: `Bearer ${e2eToken(sub, roles, claims)}` });
