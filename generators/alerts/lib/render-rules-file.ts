import type { ReadyModel } from '@ready-tools/config';
import { stringify } from 'yaml';
import type { RuleGroup } from '../../utils/alert-rules';

/** The plain Prometheus rule file (for promtool and Prometheus without the operator). */
export function renderRulesFile(model: ReadyModel, groups: RuleGroup[], marker: string): string {
  return [
    `# ${marker}`,
    `# Recording and alerting rules of ${model.names.kebab}; verify with: promtool check rules rules.yaml && promtool test rules rules.test.yaml`,
    stringify({ groups }, { lineWidth: 0 }),
  ].join('\n');
}
