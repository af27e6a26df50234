import path from 'node:path';
import { joinPathFragments, type Tree } from '@nx/devkit';
import type { ReadyModel } from '@ready-tools/config';
import { generatedMarker, renderTemplateDir, writeDerivedFile } from '../../utils/derived-files';
import { templatesDir } from '../../utils/paths';

/** Where the composition root lives in the service, relative to the project root. */
export const COMPOSITION_ROOT_FILE = 'src/config/plugins.ts';

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

export interface CompositionRoot {
  plugins: PluginSpec[];
  serverOptions: ServerOptionsSpec[];
  /** One import line per module: the identifiers above, plus the types the file needs. */
  imports: { from: string; names: string[] }[];
}

/**
 * The service's plugins and server options, a pure function of ready.yaml: observability first (errors, metrics,
 * request ids), security before every route, then what opens connections (dependency clients, the queues
 * when ready.yaml declares some, the caches when it declares some).
 */
export function compositionRoot(model: ReadyModel): CompositionRoot {
  const plugins: PluginSpec[] = [
    {
      name: 'observability',
      from: '../observability',
      options: '{ env, description: serviceConfig.description }',
      connects: false,
      summary: 'Request ids, JSON logs, metrics, problem+json errors, health probes and /openapi.json.',
    },
    {
      name: 'security',
      from: '../security',
      options: '{ env, ...options.security }',
      connects: false,
      summary: 'Every route registered after it requires credentials unless its config says `public: true`.',
    },
    {
      name: 'dependencies',
      from: '../dependencies',
      options: '{ env }',
      connects: true,
      summary: `Dependency clients${model.dependencies.length > 0 ? ` (${model.dependencies.map((d) => d.name).join(', ')})` : ''}: health checks, metrics, app.dependencies; closed after in-flight requests on shutdown.`,
    },
  ];
  if (model.queues.length > 0) {
    plugins.push({
      name: 'queues',
      from: '../queues',
      options: '{ env }',
      connects: true,
      summary: `Queue workers (${model.queues.map((q) => q.name).join(', ')}), DLQ admin routes (admin role) and queue metrics; workers stop on close.`,
    });
  }
  if (model.cache.length > 0) {
    plugins.push({
      name: 'caches',
      from: '../cache',
      options: '{ env }',
      connects: true,
      summary: `Cache-aside helpers (app.caches.${model.cache[0].name}.getOrLoad) with hit/miss counters.`,
    });
  }
  const serverOptions: ServerOptionsSpec[] = [
    {
      name: 'observabilityServerOptions',
      from: '../observability',
      call: 'observabilityServerOptions(env)',
      summary: 'JSON logger with redaction, request ids, the request deadline, problem+json for parser errors.',
    },
    {
      name: 'securityServerOptions',
      from: '../security',
      call: 'securityServerOptions()',
      summary: 'Body and time limits from ready.yaml; X-Forwarded-* trusted only from the listed proxies.',
    },
  ];
  const byModule = new Map<string, string[]>();
  const add = (from: string, name: string) => byModule.set(from, [...(byModule.get(from) ?? []), name]);
  for (const p of plugins) add(p.from, p.name);
  for (const s of serverOptions) add(s.from, s.name);
  add('../security', 'type SecurityOptions');
  const imports = [...byModule].map(([from, names]) => ({ from, names }));
  return { plugins, serverOptions, imports };
}

export interface CompositionRootContext {
  projectRoot: string;
  model: ReadyModel;
  /** The command written into the marker, e.g. `npx nx sync`. */
  regenerate: string;
}

/**
 * Render `<projectRoot>/src/config/plugins.ts`, the derived composition root `buildApp` iterates: rewritten on every
 * run (one derived-file policy: a copy without the marker is kept), so a queue or cache added to ready.yaml is
 * registered after `npx nx sync` while app.ts, the team's, stays as it is.
 */
export function createCompositionRoot(tree: Tree, ctx: CompositionRootContext): void {
  const vars = { marker: generatedMarker(ctx.regenerate), model: ctx.model, ...compositionRoot(ctx.model) };
  for (const file of renderTemplateDir(path.join(templatesDir('service'), 'composition'), vars)) {
    writeDerivedFile(tree, joinPathFragments(ctx.projectRoot, path.posix.join('src', 'config', file.path)), file.content);
  }
}
