import type { PackageManager } from './args';
import type { Ui } from './ui';

export interface NextStepsInput {
  shownDir: string;
  name: string;
  port: number;
  packageManager: PackageManager;
  installed: boolean;
  configPath: string;
  envExample?: string;
}

const run = (pm: PackageManager) => (pm === 'npm' ? 'npx' : pm === 'pnpm' ? 'pnpm exec' : 'yarn');

export function printNextSteps(ui: Ui, input: NextStepsInput): void {
  const { shownDir, name, port, packageManager: pm } = input;
  const steps = shownDir === '.' ? [] : [`cd ${shownDir}`];
  if (!input.installed) steps.push(`${pm} install`);
  steps.push(`${run(pm)} nx serve ${name}`, `${run(pm)} nx test ${name}`);

  ui.log();
  ui.log(`${ui.green('✔')} Created ${ui.bold(name)} in ${shownDir}`);
  ui.log();
  ui.log(ui.bold('Next steps:'));
  for (const step of steps) ui.log(`  ${ui.cyan(step)}`);
  ui.log();
  ui.log(ui.bold('With the service running, probe it:'));
  ui.log(`  ${ui.cyan(`curl -i http://localhost:${port}/health/live`)}`);
  ui.log(`  ${ui.cyan(`curl -i http://localhost:${port}/health/ready`)}`);
  ui.log();
  ui.log(`The service config is ${ui.bold(input.configPath)}: owner, port, auth, dependencies, SLOs, environments.`);
  if (input.envExample) ui.log(`Environment variables the service reads are listed in ${ui.bold(input.envExample)}.`);
  ui.log(`After editing it, run ${ui.cyan(`${run(pm)} nx sync`)} to regenerate manifests, alerts and docs.`);
}
