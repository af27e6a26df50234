import { stringify } from 'yaml';
import type { ReadyConfigInput } from './schema';

/** Serialize a config the way a person would write it: header first, schema hint for editors. */
export function renderConfigYaml(config: ReadyConfigInput, schemaPath = './node_modules/ready/ready.schema.json'): string {
  return `# yaml-language-server: $schema=${schemaPath}\n# Service config: the single source of truth for code, manifests, alerts and docs.\n# After editing, run: npx nx sync\n${stringify(config, { lineWidth: 0 })}`;
}
