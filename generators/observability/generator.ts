import { formatFiles, logger, type GeneratorCallback, type Tree } from '@nx/devkit';
import { isReadyService, REGENERATE_COMMAND } from '../utils/feature';
import { addDependencies } from './lib/add-dependencies';
import { createObservabilityFiles } from './lib/create-files';
import { styleLikeApp } from '../utils/app-edit/app-style';
import { toEsm } from '../utils/app-edit/esm';
import { applyBootstrapEdits, planBootstrapEdits } from './lib/edit-bootstrap';
import { assertServiceConfigValid, ensureServiceConfig } from './lib/ensure-config';
import { keepUserFiles, readyVersionsOf, snapshotFiles } from './lib/keep-user-files';
import { normalizeOptions } from './lib/normalize-options';
import type { ObservabilityGeneratorSchema } from './schema';
import { recordScaffoldBases } from '../utils/scaffold-base';
import { installOrSkip } from '../utils/packages';

/**
 * `nx g ready:add-observability --project=api`: adds request ids, redacted JSON logs, metrics, tracing,
 * probes, graceful shutdown and problem+json errors to an existing app. The feature folder is copied;
 * the bootstrap is edited through its syntax tree. Running it again changes nothing.
 */
export async function observabilityGenerator(tree: Tree, schema: ObservabilityGeneratorSchema): Promise<GeneratorCallback> {
  const options = normalizeOptions(tree, schema);

  // Everything that can refuse runs before the first write.
  assertServiceConfigValid(tree, options);
  const plan = planBootstrapEdits(tree, options);

  const { model, created, detected } = ensureServiceConfig(tree, options);
  // A ready:service app already has the feature; its derived files belong to the service generator.
  const readyService = isReadyService(tree, options.project);
  const regenerate = readyService ? REGENERATE_COMMAND : `npx nx g ready:add-observability --project=${options.project}`;
  const envExampleDir = readyService ? undefined : options.projectRoot;
  // An existing app gets the folder in its own form (ESM specifiers, its lint style); ready's version of each file,
  // which tells the team's edits from ready's, is computed in the same form.
  const render = async (target: Tree, report = true) => {
    const note = createObservabilityFiles(target, options.projectRoot, model, plan.framework, envExampleDir, regenerate);
    if (plan.esm) toEsm(target, options.observabilityDir);
    if (!readyService) await styleLikeApp(target, options, [options.observabilityDir], report);
    return note;
  };
  const userFiles = snapshotFiles(tree, options.observabilityDir);
  const readyVersions = await readyVersionsOf(tree, options.observabilityDir, (scratch) => render(scratch, false), !options.skipFormat);
  const testsNote = await render(tree);
  // A ready:service app registers observability in its derived src/config/plugins.ts: its app.ts is not edited.
  const edits = readyService ? { ...plan, files: [] } : { ...plan, notes: testsNote ? [...plan.notes, testsNote] : plan.notes };
  applyBootstrapEdits(tree, edits);
  const packages = addDependencies(tree, plan.framework);

  if (!options.skipFormat) await formatFiles(tree);
  const kept = keepUserFiles(tree, userFiles, readyVersions);
  recordScaffoldBases(tree, 'add-observability');

  for (const kept of packages.kept) logger.info(`ready: package.json keeps ${kept}: the app's code depends on its major.`);
  report({ ...edits, configCreated: created ? `${options.projectRoot}/ready.yaml` : undefined, detected, kept });
  return installOrSkip(tree, schema.skipInstall, [packages.task]);
}

function report(result: { files: { path: string }[]; notes: string[]; warnings: string[]; configCreated?: string; detected?: string; kept: string[] }): void {
  if (result.configCreated) logger.info(`ready: wrote ${result.configCreated} with defaults${result.detected ? ` and ${result.detected}` : ''}; edit it and rerun to tune logging, metrics and shutdown.`);
  for (const file of result.files) logger.info(`ready: edited ${file.path}`);
  for (const note of result.notes) logger.info(`ready: ${note}`);
  for (const path of result.kept) logger.warn(`ready: kept your ${path}; it differs from ready's version (delete it and rerun to get ours).`);
  for (const warning of result.warnings) logger.warn(`ready: ${warning}`);
}

export default observabilityGenerator;
