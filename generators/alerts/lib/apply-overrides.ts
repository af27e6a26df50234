import { ReadyConfigError, type ReadyModel } from '@ready-tools/config';
import type { AlertParams, AlertSpec } from './alerts/common';

/**
 * The parameters of every alert after `alerts.overrides` of ready.yaml. An override that names no alert
 * of this service, or a threshold the alert cannot take, fails here, before anything is rendered.
 */
export function applyAlertOverrides(model: ReadyModel, specs: AlertSpec[], source?: string): Map<string, AlertParams> {
  const byName = new Map(specs.map((spec) => [spec.name, spec]));
  const params = new Map(specs.map((spec) => [spec.name, { ...spec.defaults }]));
  const issues: { path: string; message: string }[] = [];
  const seen = new Set<string>();
  model.alerts.overrides.forEach((override, i) => {
    const at = `alerts.overrides[${i}]`;
    const spec = byName.get(override.alert);
    if (!spec) {
      issues.push({
        path: `${at}.alert`,
        message: `expected the name of an alert of this service, got "${override.alert}"; valid names: ${[...byName.keys()].join(', ')}`,
      });
      return;
    }
    if (seen.has(override.alert)) {
      issues.push({ path: `${at}.alert`, message: `expected one override per alert, got a second one for "${override.alert}"` });
      return;
    }
    seen.add(override.alert);
    if (override.threshold !== undefined) {
      const problem = thresholdProblem(spec, override.threshold);
      if (problem) {
        issues.push({ path: `${at}.threshold`, message: `${problem}, got ${override.threshold}` });
        return;
      }
    }
    const current = params.get(override.alert)!;
    params.set(override.alert, {
      severity: override.severity ?? current.severity,
      for: override.for ?? current.for,
      threshold: override.threshold ?? current.threshold,
    });
  });
  if (issues.length > 0) throw new ReadyConfigError(issues, source);
  return params;
}

function thresholdProblem(spec: AlertSpec, threshold: number): string | undefined {
  switch (spec.thresholdUnit) {
    case undefined:
      return `expected no threshold: ${spec.name} has none of its own (burn-rate alerts follow slo.*, the others are on/off)`;
    case 'ratio':
      return threshold > 0 && threshold < 1 ? undefined : `expected a ratio between 0 and 1 (exclusive) for ${spec.name}`;
    case 'seconds':
      return threshold > 0 ? undefined : `expected a number of seconds > 0 for ${spec.name}`;
    default:
      return threshold >= 0 ? undefined : `expected a number ≥ 0 for ${spec.name}`;
  }
}
