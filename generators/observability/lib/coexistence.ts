import ts from 'typescript';
import type { FrameworkName, ProjectSource } from '../../utils/app-edit/adapters';
import { callsOf, findNodes, methodCallsOf, moduleReferences } from '../../utils/app-edit/ast';

/** `path:line` of a node, for messages that point at the app's own code. */
function at(source: ProjectSource, node: ts.Node): string {
  return `${source.path}:${source.sourceFile.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
}

/** The paths ready's Express middleware serves before any route of the app. */
const EXPRESS_READY_PATHS = ['/health', '/health/live', '/health/ready', '/health/startup', '/metrics'];

export interface Coexistence {
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

/** What the app already has that ready's observability must coexist with, for its framework. */
export function coexistence(framework: FrameworkName, sources: ProjectSource[]): Coexistence {
  return framework === 'express' ? expressCoexistence(sources) : fastifyCoexistence(sources);
}
