import type { ReadyModel } from '@ready-tools/config';
import type { EnvVarSpec } from '../../utils/env-vars';

/** The environment variables the docs feature reads. */
export function docsEnvVars(_model: ReadyModel): EnvVarSpec[] {
  return [];
}
