import type { ReadyModel } from '@ready-tools/config';
import { stringify } from 'yaml';
import { alertmanagerSecretsDir } from '../../utils/alert-rules';
import { alertName } from './alerts/common';


/** The receiver each severity routes to. */
export function receiverOf(model: ReadyModel, severity: string): string {
  const name = model.names.kebab;
  return severity === 'critical' ? `${name}-page` : severity === 'warning' ? `${name}-ticket` : `${name}-info`;
}

/**
 * Alertmanager routing for the service's alerts: pages (critical) to PagerDuty and the on-call channel, tickets
 * (warning) to the owner's channel, info kept in Alertmanager; grouped per alert and namespace; while the target is
 * down every other alert of the service is inhibited (it is a symptom), and a fast burn inhibits the slow burn and the
 * symptom alert of the same SLO. Credentials are files (routing_key_file, api_url_file), never in the config.
 */
export function renderAlertmanagerConfig(model: ReadyModel, marker: string): string {
  const secrets = alertmanagerSecretsDir(model);
  const prefix = alertName(model, '');
  const channel = (who: string) => (who.startsWith('#') ? { channel: who } : {});
  const slack = (who: string) => ({
    api_url_file: `${secrets}/slack-webhook-url`,
    ...channel(who),
    send_resolved: true,
    title: '[{{ .Status | toUpper }}] {{ .CommonLabels.alertname }} ({{ .CommonLabels.namespace }})',
    text: '{{ range .Alerts }}{{ .Annotations.summary }}\n{{ .Annotations.description }}\nRunbook: {{ .Annotations.runbook_url }}\n{{ end }}',
  });
  const config = {
    route: {
      receiver: receiverOf(model, 'info'),
      group_by: ['alertname', 'namespace'],
      group_wait: '30s',
      group_interval: '5m',
      repeat_interval: '12h',
      routes: [
        { matchers: [`alertname=~"${prefix}.+"`, 'severity="critical"'], receiver: receiverOf(model, 'critical'), repeat_interval: '1h' },
        { matchers: [`alertname=~"${prefix}.+"`, 'severity="warning"'], receiver: receiverOf(model, 'warning') },
      ],
    },
    receivers: [
      {
        name: receiverOf(model, 'critical'),
        pagerduty_configs: [{ routing_key_file: `${secrets}/pagerduty-routing-key`, send_resolved: true, description: '{{ .CommonAnnotations.summary }}', links: [{ href: '{{ .CommonAnnotations.runbook_url }}', text: 'Runbook' }] }],
        slack_configs: [slack(model.service.onCall)],
      },
      { name: receiverOf(model, 'warning'), slack_configs: [slack(model.service.owner.startsWith('#') ? model.service.owner : model.service.onCall)] },
      { name: receiverOf(model, 'info') },
    ],
    inhibit_rules: [
      { source_matchers: [`alertname="${alertName(model, 'TargetDown')}"`], target_matchers: [`alertname=~"${prefix}.+"`, `alertname!="${alertName(model, 'TargetDown')}"`] },
      ...(['ErrorBudget', 'LatencyBudget'] as const).map((budget) => ({
        source_matchers: [`alertname="${alertName(model, `${budget}BurnFast`)}"`],
        target_matchers: [`alertname=~"${alertName(model, `${budget}BurnSlow`)}|${alertName(model, budget === 'ErrorBudget' ? 'HighErrorRate' : 'HighLatency')}"`],
        equal: ['job'],
      })),
    ],
  };
  return [
    `# ${marker}`,
    `# Alertmanager routing of ${model.names.kebab}'s alerts; verify with: amtool check-config alertmanager.yaml`,
    `# Secrets are files in ${secrets}/ (pagerduty-routing-key, slack-webhook-url); see docs/MONITORING.md.`,
    stringify(config, { lineWidth: 0 }),
  ].join('\n');
}
