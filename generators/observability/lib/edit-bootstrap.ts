import ts from 'typescript';
import { applyChangesToString, joinPathFragments, type StringChange, type Tree } from '@nx/devkit';
import type { ProjectSource } from '../../utils/app-edit/adapters';
import { findServerConstruction, readProjectSources } from '../../utils/app-edit/app-project';
import { ensureNamedImports, insertAsFirstStatement, moduleReferences, parseSource, quoteStyle, relativeSpecifier, specifierResolvesTo, usesJsExtensions } from '../../utils/app-edit/ast';
import { appIsEsm } from '../../utils/app-edit/esm';
import { coexistence } from './coexistence';
import type { ObservabilityFramework } from './create-files';
import type { NormalizedObservabilityOptions } from './normalize-options';

const FEATURE = 'add-observability';

/** What `src/observability/index.ts` exports, and the module that must load before anything else. */
export const OBSERVABILITY_API = {
  plugin: 'observability',
  serverOptions: 'observabilityServerOptions',
  /** Express only: the 404 and error handlers, registered after the app's last route. */
  errorHandlers: 'observabilityErrorHandlers',
  shutdown: 'installGracefulShutdown',
  tracingModule: 'tracing',
} as const;

/** The edited bootstrap, computed up front so that nothing is written when the app cannot be edited. */
export interface BootstrapPlan {
  framework: ObservabilityFramework;
  /** New contents of the files that change (empty on a second run). */
  files: { path: string; content: string }[];
  /** What was changed and why, for the person running the generator. */
  notes: string[];
  /** What could not be done automatically. */
  warnings: string[];
  /** The app is ECMAScript modules (NodeNext): the feature folder needs `.js` specifiers (utils/app-edit/esm.ts). */
  esm: boolean;
}

function isWithin(node: ts.Node, container: ts.Node | undefined): boolean {
  return !!container && container.getStart() <= node.getStart() && node.getEnd() <= container.getEnd();
}

/** Plan every edit of the bootstrap code. Throws, before anything is written, when the app cannot be edited safely. */
export function planBootstrapEdits(tree: Tree, options: NormalizedObservabilityOptions): BootstrapPlan {
  const sources = readProjectSources(tree, options, options.observabilityDir);
  const { adapter, construction } = findServerConstruction(tree, options, FEATURE, sources, ['fastify', 'express']);
  const indexModule = joinPathFragments(options.observabilityDir, 'index');
  const tracingModule = joinPathFragments(options.observabilityDir, OBSERVABILITY_API.tracingModule);

  const changes = new Map<string, { source: ProjectSource; changes: StringChange[]; imports: string[] }>();
  const edit = (source: ProjectSource, list: StringChange[], imports: string[] = []) => {
    const entry = changes.get(source.path) ?? { source, changes: [], imports: [] };
    entry.changes.push(...list);
    entry.imports.push(...imports);
    changes.set(source.path, entry);
  };
  const notes: string[] = [];
  const warnings: string[] = [];

  const sourceAt = (path: string): ProjectSource | undefined => {
    const known = sources.find((s) => s.path === path);
    if (known) return known;
    const text = tree.read(path, 'utf-8');
    return text === null ? undefined : parseSource(path, text);
  };

  // 1. Tracing first: OpenTelemetry can only patch modules that load after it.
  const entry = sourceAt(options.entryFile) ?? construction.source;
  if (entry.path !== options.entryFile) {
    warnings.push(`${options.entryFile} does not exist; ${entry.path} is treated as the entry file. Make sure it is what node starts.`);
  }
  const esm = appIsEsm(tree, options, sources);
  const tracingRef = moduleReferences(entry).find((r) => specifierResolvesTo(entry.path, r.spec, tracingModule));
  if (!tracingRef) {
    const q = quoteStyle(entry);
    edit(entry, [insertAsFirstStatement(entry, `import ${q}${relativeSpecifier(entry.path, tracingModule, esm || usesJsExtensions(entry))}${q};`)]);
  } else if (!isWithin(tracingRef.node, entry.sourceFile.statements[0])) {
    warnings.push(`${entry.path}: the tracing import is not the first statement; move it to the top so OpenTelemetry instruments every module.`);
  }

  // 2. Server options and 3. the plugin, right after construction so every route gets metrics and problem+json errors.
  const constructionSource = construction.source;
  const serverOptions = adapter.mergeServerOptions(construction, OBSERVABILITY_API.serverOptions, true);
  const existing = coexistence(adapter.framework, sources);
  const objectOf = (list: string[] | undefined) => (list && list.length > 0 ? `{ ${list.join(', ')} }` : undefined);
  const plugin = adapter.registerPlugin(construction, OBSERVABILITY_API.plugin, objectOf(existing.options));
  // Express answers unknown routes and errors with middleware after the last route; Fastify's plugin hooks cover it.
  const errorHandlers = adapter.registerAfterRoutes(construction, `${OBSERVABILITY_API.errorHandlers}(${objectOf(existing.errorHandlerOptions) ?? ''})`);
  const imports = adapter.framework === 'express' ? [OBSERVABILITY_API.plugin, OBSERVABILITY_API.errorHandlers] : [OBSERVABILITY_API.plugin, OBSERVABILITY_API.serverOptions];
  edit(constructionSource, [...serverOptions.changes, ...plugin.changes, ...errorHandlers.changes], imports);
  notes.push(...serverOptions.notes, ...plugin.notes, ...errorHandlers.notes, ...existing.notes);
  warnings.push(...existing.warnings);

  // 4. Shutdown after listen, and a host a container can reach.
  const listen =
    adapter.findListen(constructionSource, construction.serverName) ?? (entry !== constructionSource ? adapter.findListen(entry) : undefined);
  if (listen) {
    const shutdown = adapter.callAfterListen(listen, OBSERVABILITY_API.shutdown);
    const host = adapter.listenOnAllInterfaces(listen);
    edit(listen.source, [...shutdown.changes, ...host.changes], [OBSERVABILITY_API.shutdown]);
    notes.push(...shutdown.notes);
    (host.changes.length ? notes : warnings).push(...host.notes);
  } else {
    warnings.push(
      `no ${construction.serverName}.listen(...) found in ${constructionSource.path} or ${entry.path}; call ${OBSERVABILITY_API.shutdown}(${construction.serverName}) after the server listens so SIGTERM drains requests.`,
    );
  }

  const files = [...changes.values()]
    .map(({ source, changes: list, imports }) => ({
      path: source.path,
      content: applyChangesToString(source.text, [...list, ...ensureNamedImports(source, indexModule, imports, esm)]),
      before: source.text,
    }))
    .filter((f) => f.content !== f.before)
    .map(({ path, content }) => ({ path, content }));
  return { framework: adapter.framework as ObservabilityFramework, files, notes, warnings, esm };
}

export function applyBootstrapEdits(tree: Tree, plan: BootstrapPlan): void {
  for (const file of plan.files) tree.write(file.path, file.content);
}
