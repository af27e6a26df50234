import type { ReadyModel } from '@ready-tools/config';
import type { EnvVarSpec } from '../../utils/env-vars';

/** The variables every service reads before any feature: runtime mode, bind address and port. */
export function coreEnvVars(model: ReadyModel): EnvVarSpec[] {
  return [
    {
      name: 'NODE_ENV',
      type: 'enum',
      values: ['production', 'development', 'test'],
      default: 'production',
      required: false,
      secret: false,
      description: 'Runtime mode. Defaults to production so stack traces and weak secrets need an explicit opt-in.',
    },
    {
      name: 'HOST',
      type: 'string',
      default: '0.0.0.0',
      required: false,
      secret: false,
      description: 'Interface the HTTP server binds to; 0.0.0.0 so probes and the Service reach the pod.',
    },
    {
      name: 'PORT',
      type: 'integer',
      min: 1,
      max: 65535,
      default: String(model.http.port),
      required: false,
      secret: false,
      description: 'TCP port the HTTP server listens on.',
    },
  ];
}
