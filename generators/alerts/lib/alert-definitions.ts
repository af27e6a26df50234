import type { ReadyModel } from '@ready-tools/config';
import { dependencyAlertSpecs } from './alerts/dependencies';
import { GROUP_OF_TOPIC, groupName, type AlertSpec } from './alerts/common';
import { monitoringAlertSpecs } from './alerts/monitoring';
import { platformAlertSpecs } from './alerts/platform';
import { queueAlertSpecs } from './alerts/queues';
import { securityAlertSpecs } from './alerts/security';
import { sloAlertSpecs } from './alerts/slo';
import { symptomAlertSpecs } from './alerts/symptoms';
import { applyAlertOverrides } from './apply-overrides';
import { runbookUrl } from './runbook-url';
import type { AlertDefinition } from '../../utils/alert-rules';

/** Every alert of the service, in the order of rules.yaml, before overrides. */
export function alertSpecs(model: ReadyModel): AlertSpec[] {
  const specs = [
    ...sloAlertSpecs(model),
    ...symptomAlertSpecs(model),
    ...platformAlertSpecs(model),
    ...monitoringAlertSpecs(model),
    ...dependencyAlertSpecs(model),
    ...queueAlertSpecs(model),
    ...securityAlertSpecs(model),
  ];
  const seen = new Set<string>();
  for (const spec of specs) {
    // Dependency and queue names are unique per list, and their suffixes differ, so this is a guard only.
    if (seen.has(spec.name)) throw new Error(`ready: two alerts would be named ${spec.name}; rename a dependency or queue in ready.yaml`);
    seen.add(spec.name);
  }
  return specs;
}

/**
 * The alerts of the service with overrides applied, each with the test series that prove it fires and
 * stays silent. `projectRoot` makes runbook links point at the right folder when only a repository is known.
 */
export function alertDefinitions(model: ReadyModel, projectRoot?: string): AlertDefinition[] {
  const specs = alertSpecs(model);
  const params = applyAlertOverrides(model, specs, projectRoot === undefined ? undefined : `${projectRoot}/ready.yaml`);
  return specs.map((spec) => {
    const p = params.get(spec.name)!;
    const built = spec.build(p);
    // Only a heartbeat may lack a silent case; every other alert proves it stays quiet on healthy series.
    if ((built.silent.length === 0) !== Boolean(spec.alwaysFiring)) {
      throw new Error(`ready: ${spec.name} ${spec.alwaysFiring ? 'always fires and can have no silent case' : 'has no silent case'}`);
    }
    return {
      group: groupName(model, GROUP_OF_TOPIC[spec.topic]),
      topic: spec.topic,
      ...(spec.dependency === undefined ? {} : { dependency: spec.dependency }),
      ...(spec.queue === undefined ? {} : { queue: spec.queue }),
      rule: {
        alert: spec.name,
        expr: built.expr,
        ...(p.for ? { for: p.for } : {}),
        labels: { severity: p.severity, ...spec.labels },
        annotations: { summary: built.summary, description: built.description, runbook_url: runbookUrl(model, spec.name, projectRoot) },
      },
      ...(p.threshold === undefined ? {} : { threshold: p.threshold }),
      firing: built.firing,
      silent: built.silent,
      ...(built.alsoSilent ? { alsoSilent: built.alsoSilent } : {}),
      warmupMinutes: built.warmupMinutes,
    };
  });
}
