import type ts from 'typescript';
import { applyChangesToString, joinPathFragments, visitNotIgnoredFiles, type StringChange, type Tree } from '@nx/devkit';
import { detectFramework, type FoundConstruction, type FrameworkAdapter, type ProjectSource, type ServerConstruction } from './adapters';
import { ensureNamedImports, insertAsFirstStatement, moduleReferences, parseSource, quoteStyle, relativeSpecifier, specifierResolvesTo, usesJsExtensions } from './ast';
import type { NormalizedObservabilityOptions } from './normalize-options';

const FEATURE = 'add-observability';

/** What `src/observability/index.ts` exports, and the module that must load before anything else. */
export const OBSERVABILITY_API = {
  plugin: 'observability',
  serverOptions: 'observabilityServerOptions',
  shutdown: 'installGracefulShutdown',
  tracingModule: 'tracing',
} as const;

/** The edited bootstrap, computed up front so that nothing is written when the app cannot be edited. */
export interface BootstrapPlan {
  framework: string;
  /** New contents of the files that change (empty on a second run). */
  files: { path: string; content: string }[];
  /** What was changed and why, for the person running the generator. */
  notes: string[];
  /** What could not be done automatically. */
  warnings: string[];
}

const TS_FILE = /\.(ts|mts|cts)$/;
const NOT_APP_CODE = /(\.d\.ts|\.(spec|test)\.[mc]?ts)$/;

function readProjectSources(tree: Tree, options: NormalizedObservabilityOptions): ProjectSource[] {
  const sources: ProjectSource[] = [];
  if (!tree.exists(options.sourceRoot)) return sources;
  visitNotIgnoredFiles(tree, options.sourceRoot, (path) => {
    if (!TS_FILE.test(path) || NOT_APP_CODE.test(path) || path.includes('/__tests__/')) return;
    if (path.startsWith(`${options.observabilityDir}/`)) return;
    sources.push(parseSource(path, tree.read(path, 'utf-8') ?? ''));
  });
  return sources;
}

function isWithin(node: ts.Node, container: ts.Node | undefined): boolean {
  return !!container && container.getStart() <= node.getStart() && node.getEnd() <= container.getEnd();
}

function where(construction: FoundConstruction): string {
  const { line } = construction.source.sourceFile.getLineAndCharacterOfPosition(construction.call.getStart());
  return `${construction.source.path}:${line + 1}`;
}

/** The one server the app runs: the only construction, else the one in the entry file, else the one that listens. */
function pickConstruction(adapter: FrameworkAdapter, sources: ProjectSource[], options: NormalizedObservabilityOptions): ServerConstruction {
  const all = sources.flatMap((s) => adapter.findServerConstructions(s));
  if (all.length === 0) {
    throw new Error(
      `ready: no ${adapter.framework} server construction found in project "${options.project}": searched ${sources.length} file(s) under ${options.sourceRoot} for a call of ${adapter.framework}'s default import, such as \`const server = Fastify({ logger: true })\`. ${FEATURE} edits the file that builds the server.`,
    );
  }
  const named = all.filter((c): c is ServerConstruction => !!c.serverName && !!c.statement);
  const candidates = [
    named,
    named.filter((c) => c.source.path === options.entryFile),
    named.filter((c) => adapter.findListen(c.source, c.serverName)),
  ];
  const chosen = candidates.find((list) => list.length === 1)?.[0];
  if (chosen) return chosen;
  if (named.length === 0) {
    throw new Error(
      `ready: ${where(all[0])} builds the ${adapter.framework} server without assigning it to a variable, so ${FEATURE} cannot register its plugin after it. Assign it first (e.g. \`const server = Fastify(...)\`) and run again.`,
    );
  }
  throw new Error(
    `ready: project "${options.project}" builds ${named.length} ${adapter.framework} servers (${named.map(where).join(', ')}); ${FEATURE} cannot tell which one serves traffic. Keep one construction in the entry file ${options.entryFile}, or apply the edits by hand.`,
  );
}

/** The framework adapter and the one server construction of a project; throws, naming what was searched, when there is none. */
export function findServerConstruction(
  tree: Tree,
  options: NormalizedObservabilityOptions,
  sources: ProjectSource[] = readProjectSources(tree, options),
): { adapter: FrameworkAdapter; construction: ServerConstruction } {
  const adapter = detectFramework(sources, { feature: FEATURE, project: options.project, sourceRoot: options.sourceRoot });
  return { adapter, construction: pickConstruction(adapter, sources, options) };
}

/** Plan every edit of the bootstrap code. Throws, before anything is written, when the app cannot be edited safely. */
export function planBootstrapEdits(tree: Tree, options: NormalizedObservabilityOptions): BootstrapPlan {
  const sources = readProjectSources(tree, options);
  const { adapter, construction } = findServerConstruction(tree, options, sources);
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
  const tracingRef = moduleReferences(entry).find((r) => specifierResolvesTo(entry.path, r.spec, tracingModule));
  if (!tracingRef) {
    const q = quoteStyle(entry);
    edit(entry, [insertAsFirstStatement(entry, `import ${q}${relativeSpecifier(entry.path, tracingModule, usesJsExtensions(entry))}${q};`)]);
  } else if (!isWithin(tracingRef.node, entry.sourceFile.statements[0])) {
    warnings.push(`${entry.path}: the tracing import is not the first statement; move it to the top so OpenTelemetry instruments every module.`);
  }

  // 2. Server options and 3. the plugin, right after construction so every route gets metrics and problem+json errors.
  const constructionSource = construction.source;
  const serverOptions = adapter.mergeServerOptions(construction, OBSERVABILITY_API.serverOptions);
  const plugin = adapter.registerPlugin(construction, OBSERVABILITY_API.plugin);
  edit(constructionSource, [...serverOptions.changes, ...plugin.changes], [OBSERVABILITY_API.plugin, OBSERVABILITY_API.serverOptions]);
  notes.push(...serverOptions.notes, ...plugin.notes);

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
      content: applyChangesToString(source.text, [...list, ...ensureNamedImports(source, indexModule, imports)]),
      before: source.text,
    }))
    .filter((f) => f.content !== f.before)
    .map(({ path, content }) => ({ path, content }));
  return { framework: adapter.framework, files, notes, warnings };
}

export function applyBootstrapEdits(tree: Tree, plan: BootstrapPlan): void {
  for (const file of plan.files) tree.write(file.path, file.content);
}
