import type { ReadyModel } from '@ready-tools/config';
import type { EnvCheckSource, EnvVarSpec } from '../../utils/env-vars';

/** One API key entry: `<key id>:<sha-256 hex of the key>[:<role>+<role>]`. */
export const API_KEY_ENTRY = '[A-Za-z0-9_.-]{1,64}:[0-9a-f]{64}(:[a-z][a-z0-9:_-]*(\\+[a-z][a-z0-9:_-]*)*)?';
export const JWT_SECRET_MIN_LENGTH = 32;

/** The checks across the JWT key sources and API keys (src/security/env.ts), which the service's env schema runs too. */
export const SECURITY_ENV_CHECKS: EnvCheckSource = { from: '../security/env', issues: 'securityEnvIssues' };

/** The variables the security feature reads, from ready.yaml's auth and rateLimits sections. */
export function securityEnvVars(model: ReadyModel): EnvVarSpec[] {
  const { mode, jwt } = model.auth;
  const vars: EnvVarSpec[] = [];
  // Only a JWT mode has checks across variables: exactly one key source, iss/aud in production.
  const checkedBy = mode === 'jwt' || mode === 'both' ? { checkedBy: SECURITY_ENV_CHECKS } : {};
  if (mode === 'jwt' || mode === 'both') {
    vars.push(
      {
        name: 'JWT_SECRET',
        ...checkedBy,
        type: 'string',
        minLength: JWT_SECRET_MIN_LENGTH,
        required: false,
        secret: true,
        description: `Shared secret of HS256/HS384/HS512 tokens (at least ${JWT_SECRET_MIN_LENGTH} characters). Set exactly one of JWT_SECRET, JWT_PUBLIC_KEY and JWT_JWKS_URL.`,
      },
      {
        name: 'JWT_PUBLIC_KEY',
        ...checkedBy,
        type: 'string',
        required: false,
        secret: false,
        description: 'PEM public key (SPKI) of RSA, RSA-PSS, EC or Ed25519 signed tokens, with \\n for line breaks. Set exactly one of JWT_SECRET, JWT_PUBLIC_KEY and JWT_JWKS_URL.',
      },
      {
        name: 'JWT_JWKS_URL',
        ...checkedBy,
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
      ...checkedBy,
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

/**
 * The variables of the security slice (src/security/env.ts): the feature's own, NODE_ENV, and the Redis URL of a
 * rate-limit store that reuses a redis dependency's variable (declared by the dependency in the service's schema,
 * required here too so an app without that schema is refused the same way).
 */
export function securitySliceEnvVars(model: ReadyModel, nodeEnv: EnvVarSpec): EnvVarSpec[] {
  const own = securityEnvVars(model);
  const storeVar = model.rateLimitRedisEnvVar;
  const store: EnvVarSpec[] =
    storeVar && !own.some((v) => v.name === storeVar)
      ? [{ name: storeVar, type: 'url', required: true, secret: true, description: 'Redis holding the rate-limit counters, shared by every replica (rateLimits.store: redis).' }]
      : [];
  return [nodeEnv, ...own, ...store];
}
