import path from 'node:path';
import { parseDocument } from 'yaml';
import type { Answers } from './args';
import type { ReadyConfigInput, ReadyModel, ReadyPluginApi } from './plugin-api';

/** Where the alias-installed plugin's JSON Schema sits, seen from apps/<name>/ready.yaml. */
export const SCHEMA_FROM_SERVICE = '../../node_modules/ready/ready.schema.json';

export interface ServiceConfig {
  model: ReadyModel;
  /** Text of apps/<name>/ready.yaml, or undefined to let the service generator write its default. */
  yaml?: string;
}

/** "MyService", "My Service!", "my_service" -> "my-service": a kebab-case service name (at most 40 characters). */
export function toServiceName(text: string): string {
  return text
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1-$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^[^a-z]+/, '')
    .slice(0, 40)
    .replace(/-+$/, '');
}

/** The default service name, taken from the target directory. */
export function serviceNameFromDirectory(directory: string): string {
  return toServiceName(path.basename(path.resolve(directory)));
}

/** Config paths each answer sets, in the order a person reads ready.yaml. */
function answerEntries(answers: Answers): [path: string[], value: unknown][] {
  const entries: [string[], unknown][] = [];
  if (answers.name !== undefined) entries.push([['service', 'name'], answers.name]);
  if (answers.description !== undefined) entries.push([['service', 'description'], answers.description]);
  if (answers.owner !== undefined) entries.push([['service', 'owner'], answers.owner]);
  if (answers.port !== undefined) entries.push([['http', 'port'], answers.port]);
  if (answers.authMode !== undefined) entries.push([['auth', 'mode'], answers.authMode]);
  if (answers.dependencies !== undefined) entries.push([['dependencies'], answers.dependencies.map((kind) => ({ name: kind, kind }))]);
  if (answers.environments !== undefined) entries.push([['deploy', 'environments'], answers.environments.map((name) => ({ name }))]);
  return entries;
}

function setIn(target: Record<string, unknown>, keys: string[], value: unknown): void {
  let node = target;
  for (const key of keys.slice(0, -1)) {
    if (typeof node[key] !== 'object' || node[key] === null) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[keys[keys.length - 1]] = value;
}

/**
 * The config from answers and flags. Throws ReadyConfigError naming each bad field.
 * With no answers at all the service generator's own default ready.yaml is used.
 */
export function configFromAnswers(plugin: ReadyPluginApi, name: string, answers: Answers): ServiceConfig {
  const entries = answerEntries({ ...answers, name });
  const config = plugin.defaultConfig(name) as Record<string, unknown>;
  for (const [keys, value] of entries) setIn(config, keys, value);
  const model = plugin.normalizeConfig(config, 'the answers and flags');
  const answered = entries.length > 1; // the name alone is what the generator gets anyway
  return { model, yaml: answered ? plugin.renderConfigYaml(config as ReadyConfigInput, SCHEMA_FROM_SERVICE) : undefined };
}

/**
 * The config from a `--config` file, with flags applied on top. The file is validated as written
 * first, so its errors name its own fields. Comments and layout survive the flag overrides.
 */
export function configFromFile(plugin: ReadyPluginApi, text: string, source: string, overrides: Answers): ServiceConfig {
  const asWritten = plugin.parseConfigYaml(text, source);
  const entries = answerEntries(overrides);
  if (entries.length === 0) return { model: asWritten, yaml: text };
  const doc = parseDocument(text);
  for (const [keys, value] of entries) doc.setIn(keys, doc.createNode(value));
  const yaml = doc.toString({ lineWidth: 0 });
  return { model: plugin.parseConfigYaml(yaml, `${source} with the flags applied`), yaml };
}
