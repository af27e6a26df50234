import type { PackageManager } from './args';
import { shellQuote } from './shell';
import type { Ui } from './ui';

/** How to get a credential locally: the token target, and a command that prints only the credential, for `$(...)`. */
export interface TokenCommand {
  /** The role for `nx run <service>:token --role <role>`; absent when the service has no token target. */
  role?: string;
  /** e.g. node --env-file=apps/shop/.env apps/shop/scripts/token.mjs --role admin. */
  bare: string;
  /** An API key with JWT verification on must go in x-api-key; otherwise a Bearer credential. */
  header: 'bearer' | 'x-api-key';
}

export interface NextStepsInput {
  shownDir: string;
  /** Absolute path, for a second terminal that starts elsewhere. */
  absoluteDir: string;
  name: string;
  port: number;
  packageManager: PackageManager;
  installed: boolean;
  configPath: string;
  /** apps/<name>/.env, when the CLI wrote one. */
  localEnv?: string;
  authMode: string;
  /** A route that needs credentials, e.g. /v1/items. */
  protectedRoute: string;
  token?: TokenCommand;
  /** Commands creating the local databases of the dependencies (e.g. createdb for postgres, from their local URLs in .env), run before the first start. */
  createDatabases?: string[];
}

const exec = (pm: PackageManager) => (pm === 'npm' ? 'npx' : pm === 'pnpm' ? 'pnpm exec' : 'yarn');

/** The commands, in order, exactly as printed (tests run them; the README's first-hour steps quote them). */
export function nextStepCommands(input: NextStepsInput): { first: string[]; second: string[] } {
  const { name, port, packageManager: pm } = input;
  const run = exec(pm);
  const first = input.shownDir === '.' ? [] : [`cd ${shellQuote(input.shownDir)}`];
  if (!input.installed) first.push(`${pm} install`);
  // The local server has no database of this service yet (docker compose creates it in a container instead).
  first.push(...(input.createDatabases ?? []));
  first.push(`${run} nx serve ${name}`);

  const base = `http://localhost:${port}`;
  const second = [`cd ${shellQuote(input.absoluteDir)}`, `curl -i ${base}/health/live`, `curl -i ${base}/health/ready`];
  if (input.authMode === 'none') second.push(`curl -i ${base}${input.protectedRoute}`);
  else if (input.token) {
    const { role, bare, header } = input.token;
    if (role) second.push(`${run} nx run ${name}:token --role ${role}`);
    const sent = header === 'bearer' ? `Authorization: Bearer $(${bare})` : `x-api-key: $(${bare})`;
    second.push(`curl -i -H "${sent}" ${base}${input.protectedRoute}`);
  }
  second.push(`${run} nx test ${name}`);
  return { first, second };
}

export function printNextSteps(ui: Ui, input: NextStepsInput): void {
  const { first, second } = nextStepCommands(input);
  const run = exec(input.packageManager);
  ui.log();
  ui.log(`${ui.green('✔')} Created ${ui.bold(input.name)} in ${shellQuote(input.shownDir)}`);
  ui.log();
  ui.log(ui.bold('Next steps (the service keeps running and reloads on change):'));
  for (const step of first) ui.log(`  ${ui.cyan(step)}`);
  ui.log();
  ui.log(ui.bold('Then, in a second terminal:'));
  for (const step of second) ui.log(`  ${ui.cyan(step)}`);
  ui.log();
  if (input.localEnv) {
    ui.log(`Local settings (development mode, a fresh local secret, dependency URLs on 127.0.0.1) are in ${ui.bold(input.localEnv)}, git-ignored.`);
  }
  ui.log(`The service config is ${ui.bold(input.configPath)}: owner, port, auth, dependencies, SLOs, environments.`);
  ui.log(`After editing it, run ${ui.cyan(`${run} nx sync`)} to regenerate code, manifests, alerts and docs.`);
}
