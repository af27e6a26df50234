import { getProjects, joinPathFragments, offsetFromRoot, readProjectConfiguration, type Tree } from '@nx/devkit';
import { defaultConfig, type ReadyModel } from '@ready-tools/config';
import type { AlertSet } from './alert-rules';
import { importedFramework } from './app-edit/adapters';
import { appProject, detectListenPort, readProjectSources, type AppProject } from './app-edit/app-project';
import type { EnvVarSpec } from './env-vars';
import { hasServiceConfig, readServiceModel, writeServiceConfigIfMissing } from './model';
import { toServiceName } from './names';

/** The one command that regenerates every file a ready:service project derives from ready.yaml, docs included. */
export const REGENERATE_COMMAND = 'npx nx sync';

/** What every feature renderer receives: one validated model and where the service lives. */
export interface FeatureContext {
  /** Nx project name. */
  projectName: string;
  /** App folder relative to the workspace root, e.g. apps/payments. */
  projectRoot: string;
  model: ReadyModel;
  /** The command that regenerates derived files, written into their "generated" marker. */
  regenerate: string;
  /** True when the project was made by ready:service (it composes every feature itself). */
  readyService: boolean;
  /** Every environment variable of the service, merged once per run from the enabled features (generators/features.ts). */
  envVars: EnvVarSpec[];
  /** The enabled features with a README fragment (docs-templates/<name>/*.md.ejs), in README order. */
  readmeFragments: string[];
  /** The service's alert and recording rules, computed once per run (rules.yaml, the PrometheusRule, runbooks, MONITORING.md read it). */
  alerts: AlertSet;
}

/** What a run knows before the registry derives anything from the model. */
export type FeatureContextBase = Omit<FeatureContext, 'envVars' | 'readmeFragments' | 'alerts'>;

/** Runtime and development packages a feature needs in the workspace's package.json. */
export interface FeaturePackages {
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

/** One plugin `buildApp` registers, in list order, before the app's own routes. */
export interface PluginSpec {
  /** The plugin's identifier, as its feature folder exports it, e.g. `queues`. */
  name: string;
  /** Its module, relative to src/config/, e.g. `../queues`. */
  from: string;
  /** Its options object as TypeScript source; `env` (the validated Env) and `options` (PluginOptions) are in scope. */
  options: string;
  /** Opens connections (dependency clients, queue workers, cache Redis): left out when the app is built with `connect: false`. */
  connects: boolean;
  /** What it adds, for the comment above its entry. */
  summary: string;
}

/** Server options a feature contributes, spread in this order into `Fastify({ ... })`. */
export interface ServerOptionsSpec {
  /** The exported function, e.g. `securityServerOptions`. */
  name: string;
  from: string;
  /** Its call as TypeScript source; `env` is in scope. */
  call: string;
  summary: string;
}

/**
 * One feature of a generated service. The ordered list in generators/features.ts is what ready:service,
 * ready:sync, the env schema, package installs and the docs iterate: adding a feature is one folder with a
 * `feature.ts` exporting this, plus one line in that list.
 */
export interface ReadyFeature {
  /** The folder name under generators/, templates/ and docs-templates/, e.g. `security`. */
  name: string;
  /** Whether a service with this model has the feature (queues only when queues or caches are declared). */
  enabled(model: ReadyModel): boolean;
  /** The environment variables the feature's code reads. */
  envVars?(model: ReadyModel): EnvVarSpec[];
  /** The packages the feature's generated code imports. */
  packages?(model: ReadyModel): FeaturePackages;
  /** Render the feature's files: scaffold files once, derived files every run (utils/derived-files.ts). */
  createFiles(tree: Tree, ctx: FeatureContext): void;
  /**
   * What is left to do once ready.yaml no longer enables the feature: its plugin is already out of src/config/plugins.ts;
   * derived files that would now be wrong (e.g. generated tests of a plugin nobody registers) go, the team's files stay.
   */
  retire?(tree: Tree, ctx: FeatureContext): void;
  /** The Fastify plugins the service's composition root (src/config/plugins.ts) registers for it, in order. */
  plugins?(model: ReadyModel): PluginSpec[];
  /** The server options it spreads into `Fastify({ ... })`. */
  serverOptions?(model: ReadyModel): ServerOptionsSpec[];
  /**
   * Features whose plugin must be registered before this one's in an existing app (`add-<feature>`): security's errors
   * and metrics come from observability, the DLQ admin routes need security's roles.
   */
  requires?: string[];
  /** Place of the feature's README fragment (docs-templates/<name>/*.md.ejs) among the others; no fragment when unset. */
  readmeOrder?: number;
}

/** Tag ready:service puts on its projects. */
export const SERVICE_TAG = 'ready:service';

/**
 * The context of `nx g ready:add-<feature> --project=<name>`, before the registry derives the env vars
 * (generators/features.ts `resolveFeatureContext` adds them). A bad project name or an invalid
 * ready.yaml throws here, before anything is written. A project without ready.yaml gets a default
 * one, so the team can edit it and rerun.
 */
export function resolveFeatureContextBase(tree: Tree, project: string, generator: string): FeatureContextBase & { configCreated: boolean } {
  const projects = getProjects(tree);
  if (!projects.has(project)) {
    const known = [...projects.keys()].sort();
    throw new Error(`ready:${generator}: no project named "${project}" in this workspace.${known.length ? ` Known projects: ${known.join(', ')}.` : ''}`);
  }
  const config = readProjectConfiguration(tree, project);
  const projectRoot = config.root;
  const readyService = (config.tags ?? []).includes(SERVICE_TAG);
  const configCreated = !hasServiceConfig(tree, projectRoot);
  if (configCreated) writeAppDefaultConfig(tree, appProject(tree, project, generator));
  const model = readServiceModel(tree, projectRoot);
  return {
    projectName: project,
    projectRoot,
    model,
    readyService,
    configCreated,
    regenerate: readyService ? REGENERATE_COMMAND : `npx nx g ready:${generator} --project=${project}`,
  };
}

/** A project ready:service generated (its tag): its code is ready's shape, not an app's to adapt to. */
export function isReadyService(tree: Tree, project: string): boolean {
  return (readProjectConfiguration(tree, project).tags ?? []).includes(SERVICE_TAG);
}

/**
 * The generated tests of a feature run in the app's vitest suite on top of `test/helpers.ts` (buildTestApp over
 * src/app.ts's buildApp, test credentials, fault proxies), which ready:service writes. An app without it (an Nx app
 * made elsewhere) gets the feature but not its tests: they could not run there.
 */
export const TEST_HELPERS = 'test/helpers.ts';
export function hasServiceTestHelpers(tree: Tree, projectRoot: string): boolean {
  return tree.exists(joinPathFragments(projectRoot, TEST_HELPERS));
}

/**
 * The ready.yaml an app without one gets, written so the team can edit it: the defaults, with the port its server
 * listens on (detectListenPort) instead of ready's. Validated before it is written, so a project name that cannot be a
 * service name writes nothing. Returns what it took from the app, for the generator to say.
 */
export function writeAppDefaultConfig(tree: Tree, app: AppProject): string | undefined {
  const schemaPath = `${offsetFromRoot(app.projectRoot)}node_modules/ready/ready.schema.json`;
  const listen = detectListenPort(tree, app);
  // runtime.framework says what the app is built on (the delivery generators and the docs read it); only the two a
  // service can run on are written, and a framework no generator supports yet is refused by the generator itself.
  const imported = importedFramework(readProjectSources(tree, app))?.framework;
  const framework = imported === 'express' ? 'express' : 'fastify';
  const defaults = defaultConfig(toServiceName(app.project), { runtime: { framework }, ...(listen ? { http: { port: listen.port } } : {}) });
  writeServiceConfigIfMissing(tree, app.projectRoot, defaults, schemaPath);
  const found = [`runtime.framework ${framework}`, ...(listen ? [`http.port ${listen.port}, ${listen.found}`] : [])];
  return found.join(' and ');
}

