import type { ReadyFeature } from '../utils/feature';
import { securityDependencies } from './lib/add-dependencies';
import { createSecurityFiles } from './lib/create-files';
import { securityEnvVars } from './lib/env-vars';

/** Authentication, roles, rate limits, security headers and load shedding: `src/security/`. */
export const securityFeature: ReadyFeature = {
  name: 'security',
  enabled: () => true,
  envVars: securityEnvVars,
  packages: () => ({ dependencies: securityDependencies }),
  plugins: () => [
    {
      name: 'security',
      from: '../security',
      options: '{ env, ...options.security }',
      connects: false,
      summary: 'Every route registered after it requires credentials unless its config says `public: true`.',
    },
  ],
  serverOptions: () => [
    {
      name: 'securityServerOptions',
      from: '../security',
      call: 'securityServerOptions()',
      summary: 'Body and time limits from ready.yaml; X-Forwarded-* trusted only from the listed proxies.',
    },
  ],
  createFiles: createSecurityFiles,
  requires: ['observability'],
};
