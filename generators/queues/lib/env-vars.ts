import type { ReadyModel } from '@ready-tools/config';
import type { EnvVarSpec } from '../../service/lib/env-vars';

/** The environment variables the queues feature reads. */
export function queueEnvVars(_model: ReadyModel): EnvVarSpec[] {
  return [];
}
