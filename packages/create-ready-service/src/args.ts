import { parseArgs } from 'node:util';
import { closestMatch } from '../../config/src/suggest';
import * as kindSpecs from '../../../generators/kinds/all';
import type { DependencyKind } from '../../../generators/kinds/kind-spec';
import { UsageError } from './errors';

export type { DependencyKind };
/** The kinds `--dependencies` offers (KIND_SPECS[kind].cli; a custom dependency needs a hand-written check), by name. */
export const DEPENDENCY_KINDS: readonly DependencyKind[] = Object.values(kindSpecs)
  .filter((s) => s.cli)
  .map((s) => s.kind)
  .sort();
export const AUTH_MODES = ['jwt', 'api-key', 'both', 'none'] as const;
export type AuthMode = (typeof AUTH_MODES)[number];
export const PACKAGE_MANAGERS = ['npm', 'pnpm', 'yarn'] as const;
export type PackageManager = (typeof PACKAGE_MANAGERS)[number];

/** Everything a person is asked. Each answer also has a flag; unset means "not given". */
export interface Answers {
  name?: string;
  description?: string;
  owner?: string;
  port?: number;
  dependencies?: DependencyKind[];
  authMode?: AuthMode;
  environments?: string[];
}

export interface CliArgs {
  directory?: string;
  answers: Answers;
  configFile?: string;
  yes: boolean;
  skipInstall: boolean;
  skipGit: boolean;
  dryRun: boolean;
  packageManager?: PackageManager;
  /** Adopt the existing app in <dir> (default: the current directory) instead of creating a workspace. */
  adopt: boolean;
  /** With --adopt: the file node starts, when it cannot be found from package.json. */
  entry?: string;
  help: boolean;
  version: boolean;
}

export const USAGE = `Usage: create-ready-service <dir> [options]

Creates an Nx workspace in <dir> with one production-ready Fastify service in apps/<name>,
installs it, makes the first git commit and prints next steps.

Service answers (asked interactively unless given):
  --name <name>                 service name, kebab-case (default: from <dir>)
  --description <text>          one-line description
  --owner <team>                owning team
  --port <port>                 HTTP port (default: 3000)
  --dependencies <kinds>        comma list of ${DEPENDENCY_KINDS.join(', ')}
  --auth <mode>                 ${AUTH_MODES.join(' | ')} (default: jwt)
  --environments <names>        comma list (default: dev,staging,prod)
  --config <ready.yaml>         use this service config instead of questions;
                                flags above override its fields

Workflow:
  -y, --yes                     accept defaults, ask nothing (also when CI=true or stdin is not a TTY)
  --package-manager <pm>        npm | pnpm | yarn (default: the one running this command, else npm)
  --skip-install                do not install dependencies
  --skip-git                    do not create a git repository
  --dry-run                     list the files that would be created; write nothing
  -h, --help                    show this help
  -v, --version                 show the version

Existing apps:
  --adopt [dir]                 make the Express or Fastify app in [dir] (default: .) a ready project: adds Nx
                                and the plugin with the app's own package manager, registers the app and
                                ready:sync, writes a ready.yaml saying its entry, framework and port
  --entry <file>                with --adopt: the file node starts, e.g. src/server.ts (default: found)

Examples:
  npx create-ready-service payments
  npx create-ready-service payments --yes --dependencies postgres,redis --auth api-key
  npx create-ready-service payments --config ./ready.yaml
  npx create-ready-service --adopt ./orders-api
`;

const options = {
  name: { type: 'string' },
  description: { type: 'string' },
  owner: { type: 'string' },
  port: { type: 'string' },
  dependencies: { type: 'string' },
  auth: { type: 'string' },
  environments: { type: 'string' },
  config: { type: 'string' },
  yes: { type: 'boolean', short: 'y' },
  'skip-install': { type: 'boolean' },
  'skip-git': { type: 'boolean' },
  'dry-run': { type: 'boolean' },
  'package-manager': { type: 'string' },
  adopt: { type: 'boolean' },
  entry: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const;

export function parseCliArgs(argv: readonly string[]): CliArgs {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(describeParseError(error));
  }
  const { values, positionals } = parsed;
  if (positionals.length > 1) {
    throw new UsageError(
      `Expected one target directory, got ${positionals.length}: ${positionals.join(' ')}. A name with spaces needs quotes, e.g. "${positionals.join(' ')}"`,
    );
  }
  const answers: Answers = {};
  if (values.name !== undefined) answers.name = values.name;
  if (values.description !== undefined) answers.description = values.description;
  if (values.owner !== undefined) answers.owner = values.owner;
  if (values.port !== undefined) answers.port = parsePort(values.port);
  if (values.dependencies !== undefined) answers.dependencies = parseDependencies(values.dependencies);
  if (values.auth !== undefined) answers.authMode = oneOf('--auth', values.auth, AUTH_MODES);
  if (values.environments !== undefined) answers.environments = parseEnvironments(values.environments);

  return {
    directory: positionals[0],
    answers,
    configFile: values.config,
    yes: values.yes ?? false,
    skipInstall: values['skip-install'] ?? false,
    skipGit: values['skip-git'] ?? false,
    dryRun: values['dry-run'] ?? false,
    packageManager: values['package-manager'] === undefined ? undefined : oneOf('--package-manager', values['package-manager'], PACKAGE_MANAGERS),
    adopt: values.adopt ?? false,
    entry: values.entry,
    help: values.help ?? false,
    version: values.version ?? false,
  };
}

function describeParseError(error: unknown): string {
  const err = error as { code?: string; message?: string };
  const flag = /'([^']+)'/.exec(err.message ?? '')?.[1];
  switch (err.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION': {
      const given = flag ?? String(err.message);
      const suggestion = closestMatch(given.replace(/^-+/, '').split('=')[0], Object.keys(options));
      return `Unknown option ${given}${suggestion ? `; did you mean --${suggestion}?` : ''}`;
    }
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE': {
      // e.g. "--port" given without a value, or "--yes=1" on a boolean flag.
      // node names the flag as "--port <value>" or "-y, --yes".
      const name = /--[\w-]+/.exec(flag ?? '')?.[0] ?? flag ?? '';
      return /does not take an argument/.test(err.message ?? '') ? `${name} takes no value` : `${name} needs a value, e.g. ${name} <value>`;
    }
    default:
      return err.message ?? String(error);
  }
}

function list(value: string): string[] {
  return value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

function oneOf<T extends string>(flag: string, value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  const suggestion = closestMatch(value, allowed);
  throw new UsageError(`${flag}: expected one of ${allowed.join(', ')}, got "${value}"${suggestion ? `; did you mean ${suggestion}?` : ''}`);
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isInteger(port) || port < 1 || port > 65_535) {
    throw new UsageError(`--port: expected an integer from 1 to 65535, got "${value}"`);
  }
  return port;
}

function parseDependencies(value: string): DependencyKind[] {
  if (value.trim() === 'none') return [];
  const kinds = list(value).map((kind) => oneOf('--dependencies', kind, DEPENDENCY_KINDS));
  return [...new Set(kinds)];
}

function parseEnvironments(value: string): string[] {
  const names = [...new Set(list(value))];
  if (names.length === 0) throw new UsageError('--environments: expected at least one environment name, e.g. dev,staging,prod');
  return names;
}
