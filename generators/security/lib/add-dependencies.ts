import type { GeneratorCallback, Tree } from '@nx/devkit';
import { addPackages } from '../../utils/packages';
import { fastifyCorsVersion, helmetVersion, lruCacheVersion, fastifyRateLimitVersion, fastifyUnderPressureVersion, ioredisVersion, joseVersion, zodVersion } from '../../utils/versions';

/** Packages src/security imports at runtime. */
export const securityDependencies: Record<string, string> = {
  jose: joseVersion,
  'lru-cache': lruCacheVersion,
  helmet: helmetVersion,
  '@fastify/cors': fastifyCorsVersion,
  '@fastify/rate-limit': fastifyRateLimitVersion,
  '@fastify/under-pressure': fastifyUnderPressureVersion,
  ioredis: ioredisVersion,
  // src/security/env.ts, the feature's slice of the validated environment.
  zod: zodVersion,
};

export function addSecurityDependencies(tree: Tree): GeneratorCallback {
  return addPackages(tree, { dependencies: securityDependencies }, false);
}
