import { formatFiles, logger, runTasksInSerial, type GeneratorCallback, type Tree } from '@nx/devkit';
import { pluginVersion, writeBase } from '../utils/scaffold-base';
import { describePlan, planProject, quietly, runGenerators, upgradeTargets, WRITES, type ProjectPlan } from './lib/plan';
import type { UpgradeGeneratorSchema } from './schema';

/**
 * Apply one project's plan: the merged, updated and new scaffold files are written, the project's generators run
 * again to regenerate its derived files, and the new base is recorded.
 */
async function applyPlan(tree: Tree, plan: ProjectPlan): Promise<GeneratorCallback[]> {
  if (plan.generators.length === 0) return [];
  for (const file of plan.files) if (WRITES.has(file.action) && file.content !== undefined) tree.write(file.path, file.content);
  const tasks = await quietly(() => runGenerators(tree, plan));
  writeBase(tree, plan.root, plan.base);
  return tasks;
}

/** Upgrade every target project; returns the report lines and the install tasks. */
async function upgrade(tree: Tree, options: UpgradeGeneratorSchema): Promise<{ lines: string[]; conflicts: string[]; tasks: GeneratorCallback[] }> {
  const lines: string[] = [];
  const conflicts: string[] = [];
  const tasks: GeneratorCallback[] = [];
  const targets = upgradeTargets(tree, options.project);
  // Every project is planned before anything is written, so a failure leaves the workspace as it was.
  const plans: ProjectPlan[] = [];
  for (const target of targets) plans.push(await planProject(tree, target));
  for (const plan of plans) {
    lines.push(...describePlan(plan, options.check ?? false));
    conflicts.push(...plan.files.filter((f) => f.action === 'conflict' || f.action === 'unresolved').map((f) => f.path));
    if (!options.check) tasks.push(...(await applyPlan(tree, plan)));
  }
  if (targets.length === 0) lines.push('ready:upgrade: no project here has scaffold files from ready (no .ready/base.json, no ready.yaml).');
  return { lines, conflicts, tasks };
}

const conflictSteps = (conflicts: string[]) =>
  conflicts.length === 0
    ? []
    : [
        `ready:upgrade: ${conflicts.length} file${conflicts.length === 1 ? '' : 's'} with conflicts (between <<<<<<< yours and >>>>>>> ready ${pluginVersion()}): ${conflicts.join(', ')}. Keep what each side needs, delete the markers, then build and test; the next upgrade merges from ready's new version.`,
      ];

/**
 * `nx g ready:upgrade [project] [--check]`: bring ready's template changes into the scaffold files the team owns.
 * Each file is merged three ways (the base ready recorded when it wrote the file, the team's file, ready's new
 * rendering): untouched files take the new version, clean merges are applied, overlapping edits are written with
 * conflict markers and listed, never resolved silently. Derived files are simply regenerated. A second run changes
 * nothing. `--check` lists what would change and writes nothing.
 */
export async function upgradeGenerator(tree: Tree, options: UpgradeGeneratorSchema): Promise<GeneratorCallback> {
  const { lines, conflicts, tasks } = await upgrade(tree, options);
  for (const line of lines) logger.info(line);
  for (const step of conflictSteps(conflicts)) logger.warn(step);
  if (!options.check && !options.skipFormat) await formatFiles(tree);
  return runTasksInSerial(...tasks);
}

/**
 * The migration `nx migrate --run-migrations` runs for a release whose templates changed (packages/ready/migrations.json):
 * the same upgrade over every project; what it could not merge is returned as next steps, which Nx prints.
 */
export async function upgradeMigration(tree: Tree): Promise<string[]> {
  const { lines, conflicts } = await upgrade(tree, {});
  for (const line of lines) logger.info(line);
  await formatFiles(tree);
  return conflictSteps(conflicts);
}

export default upgradeGenerator;
