import type { ReadyModel } from '@ready-tools/config';
import type { EnvVarSpec } from '../../utils/env-vars';

/** One API key entry: `<key id>:<sha-256 hex of the key>[:<role>+<role>]`. */
export const API_KEY_ENTRY = '[A-Za-z0-9_.-]{1,64}:[0-9a-f]{64}(:[a-z][a-z0-9:_-]*(\\+[a-z][a-z0-9:_-]*)*)?';
export const JWT_SECRET_MIN_LENGTH = 32;

/** The variables the security feature reads, from ready.yaml's auth and rateLimits sections. */
export function securityEnvVars(model: ReadyModel): EnvVarSpec[] {
  const { mode, jwt } = model.auth;
  const vars: EnvVarSpec[] = [];
  if (mode === 'jwt' || mode === 'both') {
    vars.push(
      {
        name: 'JWT_SECRET',
        type: 'string',
        minLength: JWT_SECRET_MIN_LENGTH,
        required: false,
        secret: true,
        description: `Shared secret of HS256/HS384/HS512 tokens (at least ${JWT_SECRET_MIN_LENGTH} characters). Set exactly one of JWT_SECRET, JWT_PUBLIC_KEY and JWT_JWKS_URL.`,
      },
      {
        name: 'JWT_PUBLIC_KEY',
        type: 'string',
        required: false,
        secret: false,
        description: 'PEM public key (SPKI) of RSA, RSA-PSS, EC or Ed25519 signed tokens, with \\n for line breaks. Set exactly one of JWT_SECRET, JWT_PUBLIC_KEY and JWT_JWKS_URL.',
      },
      {
        name: 'JWT_JWKS_URL',
        type: 'url',
        ...(jwt.jwksUrl ? { default: jwt.jwksUrl } : {}),
        required: false,
        secret: false,
        description: 'JWKS endpoint of the token issuer; keys are cached and refetched when a token names an unknown kid (at most once per 30 s).',
      },
    );
  }
  if (mode === 'api-key' || mode === 'both') {
    vars.push({
      name: 'API_KEYS',
      type: 'string',
      pattern: `^${API_KEY_ENTRY}(,${API_KEY_ENTRY})*$`,
      patternHint: 'comma-separated entries "<key id>:<sha-256 hex of the key>[:<role>+<role>]"',
      required: mode === 'api-key',
      secret: true,
      description:
        'Accepted API keys as comma-separated "<key id>:<sha-256 hex of the key>[:<role>+<role>]" entries: only hashes, never the keys. Hash a key with `printf %s "$KEY" | sha256sum`.',
    });
  }
  // A redis dependency's own URL holds the counters when there is one (its description says so); else REDIS_URL.
  const storeVar = model.rateLimitRedisEnvVar;
  if (storeVar && !model.dependencies.some((dep) => dep.kind === 'redis' && dep.envVar === storeVar)) {
    vars.push({
      name: storeVar,
      type: 'url',
      required: true,
      secret: true,
      localValue: 'redis://127.0.0.1:6379',
      description: 'Redis holding the rate-limit counters, shared by every replica (rateLimits.store: redis).',
    });
  }
  return vars;
}
