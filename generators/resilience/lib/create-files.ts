import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { render } from 'ejs';
import { joinPathFragments, type Tree } from '@nx/devkit';
import { generatedMarker, isGeneratedFile, writeDerivedFile, writeDerivedTemplates, writeScaffoldFile, writeScaffoldTemplates } from '../../utils/derived-files';
import type { FeatureContext } from '../../utils/feature';
import { templatesDir } from '../../utils/paths';
import { DEPENDENCY_KINDS, KIND_SPECS, kindFile } from '../../kinds';
import { addMigrateTarget, migrationsDir } from './add-migrate-target';
import { clientKinds, dependencyView } from './model-view';

export const dependenciesDir = (projectRoot: string) => joinPathFragments(projectRoot, 'src', 'dependencies');

/**
 * Render `<projectRoot>/src/dependencies/`: `config.ts` and `registry.ts` are derived from ready.yaml
 * (rewritten every run, so a new dependency flows in); the policy, telemetry, one client file per
 * declared kind, each custom dependency's health check and the shared tests are scaffold, written once; each kind's
 * own test is derived.
 */
export function createResilienceFiles(tree: Tree, ctx: FeatureContext): void {
  const { model, projectRoot } = ctx;
  const source = templatesDir('resilience');
  const target = dependenciesDir(projectRoot);
  const view = dependencyView(model);
  const vars = { tmpl: '', model, marker: generatedMarker(ctx.regenerate), slowMs: model.observability.slowRequestMs, ...view };

  writeScaffoldTemplates(tree, path.join(source, 'scaffold'), target, vars);
  for (const kind of clientKinds(model)) {
    const file = joinPathFragments(target, `${kind}.ts`);
    if (!tree.exists(file)) writeScaffoldFile(tree, file, readFileSync(kindFile(kind, KIND_SPECS[kind].clientTemplate), 'utf-8'));
  }
  for (const dep of view.custom) {
    writeScaffoldTemplates(tree, path.join(source, 'custom'), joinPathFragments(target, 'custom'), { ...vars, name: dep.name, dep });
  }
  writeScaffoldTemplates(tree, path.join(source, 'test'), joinPathFragments(projectRoot, 'test'), vars);
  writeKindTests(tree, ctx, vars);
  writeOptionalTest(tree, ctx, source, vars, view.optional.length > 0);
  writeDerivedTemplates(tree, path.join(source, 'derived'), target, vars);
  writeFirstMigrations(tree, ctx);
  addMigrateTarget(tree, ctx);
}

/**
 * Kinds with a test of their own in the generated suite: derived (`test/dependencies.<kind>.test.ts`, rewritten from
 * ready.yaml), so the test follows the dependency's name and options, and goes when the last dependency of its kind
 * is removed from ready.yaml (a copy without the marker is the team's and stays).
 */
function writeKindTests(tree: Tree, ctx: FeatureContext, vars: Record<string, unknown>): void {
  const dir = joinPathFragments(ctx.projectRoot, 'test');
  const declared = new Set(ctx.model.dependencies.map((d) => d.kind));
  for (const kind of DEPENDENCY_KINDS) {
    const template = KIND_SPECS[kind].testTemplate;
    if (!template) continue;
    const file = joinPathFragments(dir, `dependencies.${kind}.test.ts`);
    if (declared.has(kind)) writeDerivedFile(tree, file, render(readFileSync(kindFile(kind, template), 'utf-8'), vars));
    else if (isGeneratedFile(tree, file)) tree.delete(file);
  }
}

/**
 * Derived `test/dependencies.optional.test.ts`: the optional dependencies run unset, while ready.yaml has any;
 * it goes with the last `optional: true` (a copy without the marker is the team's and stays).
 */
function writeOptionalTest(tree: Tree, ctx: FeatureContext, source: string, vars: Record<string, unknown>, wanted: boolean): void {
  const file = joinPathFragments(ctx.projectRoot, 'test', 'dependencies.optional.test.ts');
  if (wanted) writeDerivedFile(tree, file, render(readFileSync(path.join(source, 'optional', 'dependencies.optional.test.ts__tmpl__'), 'utf-8'), vars));
  else if (isGeneratedFile(tree, file)) tree.delete(file);
}

/**
 * Scaffold: the first migration of each dependency whose kind has migrations (its spec's template), only while its
 * migrations folder is empty, so `nx run <project>:migrate` has something to apply and the team's own migrations
 * are never touched.
 */
function writeFirstMigrations(tree: Tree, ctx: FeatureContext): void {
  for (const dep of ctx.model.dependencies) {
    const first = KIND_SPECS[dep.kind].migrations?.firstMigration;
    if (!first) continue;
    const dir = migrationsDir(ctx.projectRoot, dep.name);
    if (tree.exists(dir) && tree.children(dir).length > 0) continue;
    const template = readFileSync(kindFile(dep.kind, first.template), 'utf-8');
    writeScaffoldFile(tree, joinPathFragments(dir, first.file), render(template, { dep, dir, project: ctx.projectName }));
  }
}
