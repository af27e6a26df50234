import { joinPathFragments, type TargetConfiguration, type Tree } from '@nx/devkit';
import { KIND_SPECS } from '../../kinds';
import type { FeatureContext } from '../../utils/feature';
import { addTargetOnce } from '../../utils/project-target';

export const MIGRATE_TARGET = 'migrate';

/** Where the migrations of one dependency live (files of its kind's migrations tool, applied in name order). */
export const migrationsDir = (projectRoot: string, dependency: string) => joinPathFragments(projectRoot, 'migrations', dependency);


/**
 * `nx run <project>:migrate`: for every dependency whose kind has migrations (KindSpec.migrations), its tool's
 * command against the database of its <NAME>_URL (node-pg-migrate for postgres). Extra arguments pass through
 * (`-- down`, `-- up 1`, `-- create add-orders`).
 */
export function migrateTarget(ctx: FeatureContext): TargetConfiguration | undefined {
  const migrated = ctx.model.dependencies.flatMap((dep) => {
    const migrations = KIND_SPECS[dep.kind].migrations;
    return migrations ? [{ dep, migrations }] : [];
  });
  if (migrated.length === 0) return undefined;
  const commands = migrated.map(({ dep, migrations }) => migrations.command(dep, migrationsDir(ctx.projectRoot, dep.name)));
  const tools = [...new Set(migrated.map(({ migrations }) => migrations.tool))];
  return {
    executor: 'nx:run-commands',
    metadata: { description: `Apply the database migrations of ${migrated.map(({ dep }) => dep.name).join(', ')} (${tools.join(', ')}; default action "up").` },
    options: { commands, parallel: false, args: 'up' },
  };
}

/** Add the migrate target once (see addTargetOnce). */
export function addMigrateTarget(tree: Tree, ctx: FeatureContext): void {
  addTargetOnce(tree, ctx.projectName, MIGRATE_TARGET, migrateTarget(ctx));
}
