import type { ReadyModel } from '@ready-tools/config';
import { stringify } from 'yaml';
import { alertmanagerSecretsDir } from '../../utils/alert-rules';
import { alertName } from './alerts/common';
import { WATCHDOG_LABEL } from './alerts/monitoring';

/** The receiver each severity routes to. */
export function receiverOf(model: ReadyModel, severity: string): string {
  const name = model.names.kebab;
  return severity === 'critical' ? `${name}-page` : severity === 'warning' ? `${name}-ticket` : `${name}-info`;
}

/** The receiver of the Watchdog: a webhook to the dead-man's switch, which alarms when the heartbeat stops. */
export function heartbeatReceiver(model: ReadyModel): string {
  return `${model.names.kebab}-heartbeat`;
}

/** How often the Watchdog reaches the dead-man's switch; its check should allow a few missed beats. */
export const HEARTBEAT_INTERVAL = '1m';

const [watchdogLabel, watchdogValue] = Object.entries(WATCHDOG_LABEL)[0];

/**
 * Alertmanager routing for the service's alerts: the Watchdog to the dead-man's switch every minute (first, so no
 * severity route sees it), pages (critical) to PagerDuty and the on-call channel, tickets (warning) to the owner's
 * channel, info kept in Alertmanager; grouped per alert and namespace; while the target is down or missing every other
 * alert of the service is inhibited (it is a symptom), except the Watchdog, and a fast burn inhibits the slow burn and
 * the symptom alert of the same SLO. Credentials are files (routing_key_file, api_url_file, url_file), never in the config.
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
        // group_wait 0s and repeat every minute: the dead-man's switch hears the heartbeat as soon as it starts, then steadily.
        {
          matchers: [`alertname=~"${prefix}.+"`, `${watchdogLabel}="${watchdogValue}"`],
          receiver: heartbeatReceiver(model),
          group_wait: '0s',
          group_interval: HEARTBEAT_INTERVAL,
          repeat_interval: HEARTBEAT_INTERVAL,
        },
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
      // The URL of the dead-man's switch check is a secret too (whoever has it can fake the heartbeat): read from a file (Alertmanager 0.26+).
      { name: heartbeatReceiver(model), webhook_configs: [{ url_file: `${secrets}/heartbeat-url`, send_resolved: false }] },
    ],
    inhibit_rules: [
      {
        source_matchers: [`alertname=~"${alertName(model, 'TargetDown')}|${alertName(model, 'TargetMissing')}"`],
        target_matchers: [`alertname=~"${prefix}.+"`, `alertname!~"${alertName(model, 'TargetDown')}|${alertName(model, 'TargetMissing')}"`, `${watchdogLabel}!="${watchdogValue}"`],
      },
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
    `# Secrets are files in ${secrets}/ (pagerduty-routing-key, slack-webhook-url, heartbeat-url); see docs/MONITORING.md.`,
    `# Needs Alertmanager 0.26 or later (webhook url_file).`,
    stringify(config, { lineWidth: 0 }),
  ].join('\n');
}
