import prompts from 'prompts';
import { AUTH_MODES, DEPENDENCY_KINDS, type Answers, type AuthMode, type DependencyKind } from './args';
import { CliError, Interrupted } from './errors';
import { isReadyConfigError, type ReadyModel, type ReadyPluginApi } from './plugin-api';
import { installLineEditingKeys } from './prompt-keys';
import type { Ui } from './ui';

export interface InteractivityInput {
  yes: boolean;
  env: NodeJS.ProcessEnv;
  stdinIsTTY: boolean;
}

/** Ask nothing with --yes, in CI, or when nobody is at the keyboard. */
export function isNonInteractive({ yes, env, stdinIsTTY }: InteractivityInput): boolean {
  const ci = (env.CI ?? '').toLowerCase();
  return yes || !stdinIsTTY || (ci !== '' && ci !== 'false' && ci !== '0');
}

// Ctrl-C or Esc in a prompt: nothing has been written yet.
const cancelled = () => {
  throw new Interrupted('Cancelled. Nothing was written.');
};

export async function askDirectory(): Promise<string> {
  installLineEditingKeys();
  const { directory } = await prompts(
    { type: 'text', name: 'directory', message: 'Where should the workspace be created?', initial: 'my-service', validate: (v: string) => v.trim() !== '' || 'Enter a directory name' },
    { onCancel: cancelled },
  );
  return String(directory).trim();
}

/**
 * Ask for every answer not already given by a flag. Defaults come from the config schema, and
 * each answer is checked against it as it is typed, so the message is the schema's own.
 */
export async function askQuestions(plugin: ReadyPluginApi, defaultName: string, given: Answers): Promise<Answers> {
  installLineEditingKeys();
  const defaults = plugin.normalizeConfig(plugin.defaultConfig(defaultName || 'service'));
  const check = (build: (value: string) => Record<string, unknown>) => (value: string) => {
    try {
      plugin.normalizeConfig({ ...plugin.defaultConfig('service'), ...build(value) });
      return true;
    } catch (error) {
      if (isReadyConfigError(error)) return error.issues.map((i) => `${i.path}: ${i.message}`).join('; ');
      throw error;
    }
  };
  const ask = (key: keyof Answers) => given[key] === undefined;

  const questions: prompts.PromptObject[] = [
    ask('name') && {
      type: 'text',
      name: 'name',
      message: 'Service name (kebab-case)',
      initial: defaultName,
      validate: check((v) => ({ service: { name: v.trim() } })),
    },
    ask('description') && { type: 'text', name: 'description', message: 'Description', initial: defaults.service.description },
    ask('owner') && { type: 'text', name: 'owner', message: 'Owner team', initial: defaults.service.owner },
    ask('port') && { type: 'number', name: 'port', message: 'HTTP port', initial: defaults.http.port, min: 1, max: 65_535 },
    ask('dependencies') && {
      type: 'multiselect',
      name: 'dependencies',
      message: 'Dependencies',
      hint: 'space to select, enter to confirm',
      instructions: false,
      choices: DEPENDENCY_KINDS.map((kind) => ({ title: kind, value: kind })),
    },
    ask('authMode') && {
      type: 'select',
      name: 'authMode',
      message: 'Authentication',
      choices: AUTH_MODES.map((mode) => ({ title: mode, value: mode })),
      initial: Math.max(0, AUTH_MODES.indexOf(defaults.auth.mode as AuthMode)),
    },
    ask('environments') && {
      type: 'list',
      name: 'environments',
      message: 'Environments (comma separated)',
      initial: defaults.deploy.environments.map((e) => e.name).join(','),
      separator: ',',
      validate: check((v) => ({ deploy: { environments: splitList(v).map((name) => ({ name })) } })),
    },
  ].filter(Boolean) as prompts.PromptObject[];

  const raw = await prompts(questions, { onCancel: cancelled });
  const answers: Answers = { ...given };
  if (raw.name !== undefined) answers.name = String(raw.name).trim();
  if (raw.description !== undefined) answers.description = String(raw.description).trim() || defaults.service.description;
  if (raw.owner !== undefined) answers.owner = String(raw.owner).trim() || defaults.service.owner;
  if (raw.port !== undefined) answers.port = Number(raw.port);
  if (raw.dependencies !== undefined) answers.dependencies = raw.dependencies as DependencyKind[];
  if (raw.authMode !== undefined) answers.authMode = raw.authMode as AuthMode;
  if (raw.environments !== undefined) {
    const names = Array.isArray(raw.environments) ? raw.environments.map(String) : splitList(String(raw.environments));
    answers.environments = names.map((n) => n.trim()).filter(Boolean);
  }
  return answers;
}

function splitList(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

export interface Summary {
  shownDir: string;
  /** The directory exists already (empty, or only dotfiles). */
  existing: boolean;
  model: ReadyModel;
  configPath: string;
}

/** What is about to be created, then one yes/no; "no" writes nothing. */
export async function confirmSummary(ui: Ui, summary: Summary): Promise<void> {
  const { model } = summary;
  const rows: [string, string][] = [
    ['Directory', `${summary.shownDir}${summary.existing ? ' (exists, empty)' : ''}`],
    ['Service', `${model.names.kebab} (owner ${model.service.owner}), port ${model.http.port}`],
    ['Auth', model.auth.mode],
    ['Dependencies', model.dependencies.map((d) => (d.name === d.kind ? d.kind : `${d.name} (${d.kind})`)).join(', ') || 'none'],
    ['Environments', model.environments.map((e) => e.name).join(', ')],
    ['Config', summary.configPath],
  ];
  ui.log();
  ui.log(ui.bold('About to create:'));
  for (const [label, value] of rows) ui.log(`  ${label.padEnd(13)} ${value}`);
  ui.log();
  const { proceed } = await prompts({ type: 'confirm', name: 'proceed', message: 'Create it?', initial: true }, { onCancel: cancelled });
  if (!proceed) throw new CliError('Not created; nothing was written. Run the command again to change the answers.');
}
