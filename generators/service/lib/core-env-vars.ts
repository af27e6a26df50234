import type { ReadyModel } from '@ready-tools/config';
import { NODE_ENV_VAR, type EnvVarSpec } from '../../utils/env-vars';

/** The variables every service reads before any feature: runtime mode, bind address and port. */
export function coreEnvVars(model: ReadyModel): EnvVarSpec[] {
  return [
    NODE_ENV_VAR,
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
