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
  createFiles: createSecurityFiles,
};
