import type { ReadyModel } from '@ready-tools/config';
import { stringify } from 'yaml';
import { alertRuleGroups } from './rules';

/** The plain Prometheus rule file (for promtool and Prometheus without the operator). */
export function renderRulesFile(model: ReadyModel, projectRoot: string, marker: string): string {
  return [
    `# ${marker}`,
    `# Recording and alerting rules of ${model.names.kebab}; verify with: promtool check rules rules.yaml && promtool test rules rules.test.yaml`,
    stringify({ groups: alertRuleGroups(model, projectRoot) }, { lineWidth: 0 }),
  ].join('\n');
}
