import ts from 'typescript';
import { applyChangesToString, joinPathFragments, type StringChange, type Tree } from '@nx/devkit';
import type { ProjectSource } from '../../utils/app-edit/adapters';
import { findServerConstruction, readProjectSources } from '../../utils/app-edit/app-project';
import { callsOf, ensureNamedImports, findNodes, methodCallsOf, insertAsFirstStatement, moduleReferences, parseSource, quoteStyle, relativeSpecifier, specifierResolvesTo, usesJsExtensions } from '../../utils/app-edit/ast';
import { appIsEsm } from '../../utils/app-edit/esm';
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

/** `path:line` of a node, for messages that point at the app's own code. */
function at(source: ProjectSource, node: ts.Node): string {
  return `${source.path}:${source.sourceFile.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
}

/** The paths ready's Express middleware serves before any route of the app. */
const EXPRESS_READY_PATHS = ['/health', '/health/live', '/health/ready', '/health/startup', '/metrics'];

interface Coexistence {
  /** Options of the plugin's registration. */
  options: string[];
  /** Options of the error handlers (Express). */
  errorHandlerOptions?: string[];
  notes: string[];
  warnings: string[];
}

/** The app's own `process.on('SIGTERM' | 'SIGINT', ...)`: when it closes the app through `closer`, the drain runs first. */
function ownSignalHandlers(source: ProjectSource, closer: string): string[] {
  const handlers = [...methodCallsOf(source.sourceFile, 'on'), ...methodCallsOf(source.sourceFile, 'once')].filter((c) => {
    const event = c.arguments[0];
    return (c.expression as ts.PropertyAccessExpression).expression.getText() === 'process' && !!event && ts.isStringLiteral(event) && /^SIG(TERM|INT)$/.test(event.text);
  });
  return handlers.map((call) => `${at(source, call)} handles ${(call.arguments[0] as ts.StringLiteral).text} itself: when it closes the app, the drain runs first, inside ${closer}.`);
}

/** A function expression with exactly `count` parameters, e.g. an Express error handler `(err, req, res, next) => ...`. */
function isFunctionWithParams(node: ts.Node | undefined, count: number): boolean {
  return !!node && (ts.isArrowFunction(node) || ts.isFunctionExpression(node)) && node.parameters.length === count;
}

/**
 * What an Express app already does around ready's middleware: its own error handler (4 parameters) answers first when
 * it sits before ready's, its catch-all answers unknown routes, its access logger writes a second line per request, and
 * its own signal handling closes the server (the drain then runs first, inside server.close()).
 */
function expressCoexistence(sources: ProjectSource[]): Coexistence {
  const notes: string[] = [];
  const warnings: string[] = [];
  const errorHandlerOptions: string[] = [];
  const options: string[] = [];
  // Error handlers declared by name anywhere in the app: `function httpErrorHandler(err, req, res, next)`,
  // `const onError: ErrorRequestHandler = ...`.
  const namedErrorHandlers = new Set<string>();
  for (const source of sources) {
    for (const fn of findNodes(source.sourceFile, ts.isFunctionDeclaration)) if (fn.name && fn.parameters.length === 4) namedErrorHandlers.add(fn.name.text);
    for (const decl of findNodes(source.sourceFile, ts.isVariableDeclaration)) {
      if (!ts.isIdentifier(decl.name)) continue;
      if (isFunctionWithParams(decl.initializer, 4) || /\bErrorRequestHandler\b/.test(decl.type?.getText() ?? '')) namedErrorHandlers.add(decl.name.text);
    }
  }
  for (const source of sources) {
    notes.push(...ownSignalHandlers(source, 'server.close()'));
    for (const method of ['get', 'use', 'all']) {
      for (const call of methodCallsOf(source.sourceFile, method)) {
        const path = call.arguments[0];
        if (path && ts.isStringLiteral(path) && path.text === '/health' && method === 'get') {
          if (!options.includes('detailedHealth: false')) options.push('detailedHealth: false');
          notes.push(`${at(source, call)} answers GET /health itself: it stays, and ready's detailed /health is not added (the probes are /health/live, /health/ready and /health/startup).`);
        } else if (path && ts.isStringLiteral(path) && EXPRESS_READY_PATHS.includes(path.text)) {
          warnings.push(`${at(source, call)} serves ${path.text} itself: ready's ${path.text} is registered right after express(), so it answers first and the app's no longer runs. Move the app's to another path (its probes and scrape config with it), or keep it and remove ready's.`);
        }
      }
    }
    for (const call of methodCallsOf(source.sourceFile, 'use')) {
      const handler = call.arguments[call.arguments.length - 1];
      if (handler && ts.isIdentifier(handler) && namedErrorHandlers.has(handler.text)) {
        warnings.push(`${at(source, call)} registers the app's own error handler ${handler.text}: errors reaching it are answered by it, not as problem+json, and ready's error handler after it runs only for what it passes on with \`next(err)\`.`);
      } else if (isFunctionWithParams(handler, 4)) {
        warnings.push(`${at(source, call)} is the app's own error handler: errors reaching it are answered by it, not as problem+json; end it with \`next(err)\` for the errors it does not answer.`);
      } else if (call.arguments.length === 1 && isFunctionWithParams(handler, 2) && errorHandlerOptions.length === 0) {
        errorHandlerOptions.push('notFoundHandler: false');
        notes.push(`${at(source, call)} answers requests no route matched: it stays, and unknown routes are not answered as problem+json.`);
      }
    }
    for (const call of [...methodCallsOf(source.sourceFile, 'all'), ...methodCallsOf(source.sourceFile, 'get')]) {
      const path = call.arguments[0];
      if (path && ts.isStringLiteral(path) && (path.text === '*' || path.text === '/*' || path.text === '*splat') && errorHandlerOptions.length === 0) {
        errorHandlerOptions.push('notFoundHandler: false');
        notes.push(`${at(source, call)} is a catch-all route: it stays, so ready's probes and /metrics are registered before it, and unknown routes are not answered as problem+json.`);
      }
    }
    for (const ref of moduleReferences(source)) {
      if (ref.spec === 'morgan' || ref.spec === 'pino-http' || ref.spec === 'express-winston') {
        notes.push(`${source.path} imports ${ref.spec}: the app's access log stays, beside ready's JSON line per request ("request completed", with reqId and the route template); drop one of them to log each request once.`);
        if (ref.spec === 'pino-http') {
          warnings.push(`${source.path}: pino-http logs each request's headers, Authorization and cookies included, and ready's redaction covers only ready's logger: pass \`redact: CREDENTIAL_REDACT_PATHS\` (exported by src/observability) to the app's pino logger, or drop pino-http.`);
        }
      }
      if (ref.spec === '@godaddy/terminus' || ref.spec === 'http-terminator' || ref.spec === 'close-with-grace') {
        warnings.push(`${source.path} imports ${ref.spec}, which handles shutdown too: ready's drain runs when the server is closed through server.close(); check that only one of them exits the process.`);
      }
    }
  }
  return { options, errorHandlerOptions, notes, warnings };
}

/**
 * What the app already does that the plugin would do twice: Fastify refuses a second swagger decorator or not-found
 * handler at boot, and the error handler nearest a route wins. The registration's options turn ours off where the app
 * has its own, and the run says so.
 */
function fastifyCoexistence(sources: ProjectSource[]): Coexistence {
  const options: string[] = [];
  const notes: string[] = [];
  const warnings: string[] = [];
  const swagger = sources.find((s) => moduleReferences(s).some((r) => r.spec === '@fastify/swagger'));
  if (swagger) {
    options.push('openapi: false');
    notes.push(`${swagger.path} registers @fastify/swagger: the app keeps its own OpenAPI document, so /openapi.json is not added.`);
  }
  const notFound = sources.flatMap((s) => methodCallsOf(s.sourceFile, 'setNotFoundHandler').map((call) => at(s, call)));
  if (notFound.length > 0) {
    options.push('notFoundHandler: false');
    notes.push(`${notFound[0]} sets the app's own not-found handler: it stays, and unknown routes are not answered as problem+json.`);
  }
  for (const source of sources) {
    for (const call of methodCallsOf(source.sourceFile, 'setErrorHandler')) {
      warnings.push(`${at(source, call)} sets the app's own error handler: Fastify uses the handler nearest a route, so errors of the routes under it are answered by it, not as problem+json. Remove it, or end it with \`throw error\` for the errors it does not handle.`);
    }
  }
  // The app's own signal handling closes the app first: the drain runs inside its app.close() (a preClose hook).
  for (const source of sources) {
    for (const call of callsOf(source.sourceFile, 'closeWithGrace')) {
      const options = call.arguments[0];
      const delay = options && ts.isObjectLiteralExpression(options)
        ? options.properties.find((p): p is ts.PropertyAssignment => ts.isPropertyAssignment(p) && p.name.getText() === 'delay')?.initializer.getText()
        : undefined;
      warnings.push(
        `${at(source, call)} closes the app with close-with-grace: the drain (readiness 503 while serving for SHUTDOWN_DRAIN_MS) now runs inside its app.close(), and close-with-grace exits the process once the app is closed. Its delay (${delay ?? 'default 10000'} ms) cuts a shutdown that takes longer: make it more than SHUTDOWN_TIMEOUT_MS (observability.shutdown.timeoutMs in ready.yaml).`,
      );
    }
    notes.push(...ownSignalHandlers(source, 'app.close()'));
  }
  return { options, notes, warnings };
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
  const existing = adapter.framework === 'express' ? expressCoexistence(sources) : fastifyCoexistence(sources);
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
