import { joinPathFragments, type TargetConfiguration, type Tree } from '@nx/devkit';
import { KIND_SPECS } from '../../kinds';
import type { FeatureContext } from '../../utils/feature';
import { addTargetOnce } from '../../utils/project-target';

export const MIGRATE_TARGET = 'migrate';

/** Where the migrations of one postgres dependency live (node-pg-migrate files, applied in name order). */
export const migrationsDir = (projectRoot: string, dependency: string) => joinPathFragments(projectRoot, 'migrations', dependency);

/** The scaffolded first migration of each postgres dependency (a fixed timestamp prefix, so reruns find it; later `create`s sort after it). */
export const FIRST_MIGRATION = '1735689600000_create-items.mjs';

/**
 * `nx run <project>:migrate`: node-pg-migrate `up` for every postgres dependency, each against the
 * database of its <NAME>_URL. Extra arguments pass through (`-- down`, `-- up 1`, `-- create add-orders`).
 */
export function migrateTarget(ctx: FeatureContext): TargetConfiguration | undefined {
  const postgres = ctx.model.dependencies.filter((d) => KIND_SPECS[d.kind].migrations);
  if (postgres.length === 0) return undefined;
  const commands = postgres.map(
    (d) => `node-pg-migrate --migrations-dir ${migrationsDir(ctx.projectRoot, d.name)} --database-url-var ${d.envVar} --migrations-table ${KIND_SPECS[d.kind].migrations?.table(d)} --migration-file-language js --check-order`,
  );
  return {
    executor: 'nx:run-commands',
    metadata: { description: `Apply the database migrations of ${postgres.map((d) => d.name).join(', ')} (node-pg-migrate; default action "up").` },
    options: { commands, parallel: false, args: 'up' },
  };
}

/** Add the migrate target once (see addTargetOnce). */
export function addMigrateTarget(tree: Tree, ctx: FeatureContext): void {
  addTargetOnce(tree, ctx.projectName, MIGRATE_TARGET, migrateTarget(ctx));
}
