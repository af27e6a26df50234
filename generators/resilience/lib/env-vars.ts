import type { ReadyModel } from '@ready-tools/config';
import type { EnvVarSpec } from '../../service/lib/env-vars';

/** The environment variables the resilience feature reads. */
export function resilienceEnvVars(_model: ReadyModel): EnvVarSpec[] {
  return [];
}
