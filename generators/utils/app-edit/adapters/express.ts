import ts from 'typescript';
import { callsOf, enclosingStatement, findNodes, insertAfterStatement, replaceNode } from '../ast';
import { findConstructions } from './factory';
import { localhostLiteral, resolveValue } from './listen-host';
import type { AdapterEdit, FoundConstruction, FrameworkAdapter, ListenCall, ProjectSource, ServerConstruction } from './types';

/** `express()`: the default export; `import * as express from 'express'` is callable too (CommonJS without esModuleInterop). */
const FACTORY = { module: 'express', exportNames: ['default'], namespaceIsFactory: true };
const NONE: AdapterEdit = { changes: [], notes: [] };

/** Whether `name` is declared in the file as an http(s) server: `const server = http.createServer(app)`. */
function isHttpServer(source: ProjectSource, name: string, app?: string): boolean {
  const decl = findNodes(source.sourceFile, ts.isVariableDeclaration).find((d) => ts.isIdentifier(d.name) && d.name.text === name);
  const init = decl?.initializer;
  return !!init && ts.isCallExpression(init) && /(^|\.)createServer$/.test(init.expression.getText()) && (!app || init.arguments.some((a) => a.getText() === app));
}

/** Whether `node` mentions the identifier or expression text `name` (`app`, `this.app`). */
function mentions(node: ts.Node, name: string): boolean {
  return findNodes(node, (n): n is ts.Expression => ts.isIdentifier(n) || ts.isPropertyAccessExpression(n)).some((n) => n.getText() === name);
}

/** `app.listen(...)` (or `server.listen(...)`) inside `statement`. */
function isListenStatement(statement: ts.Statement): boolean {
  return findNodes(statement, ts.isCallExpression).some((c) => ts.isPropertyAccessExpression(c.expression) && c.expression.name.text === 'listen');
}

export const expressAdapter: FrameworkAdapter = {
  framework: 'express',
  example: 'const app = express()',

  findServerConstructions: (source) => findConstructions(source, FACTORY, false),

  // express() takes no options: logging, ids and errors are middleware.
  mergeServerOptions: () => NONE,

  registerPlugin(construction, plugin, options) {
    const { source, statement, serverName } = construction;
    if (callsOf(source.sourceFile, plugin).length > 0) return NONE;
    return { changes: [insertAfterStatement(source, statement, `${serverName}.use(${plugin}(${options ?? ''}));`)], notes: [] };
  },

  registerAfterRoutes(construction: ServerConstruction, call: string) {
    const { source, statement, serverName } = construction;
    const fn = call.slice(0, call.indexOf('('));
    if (callsOf(source.sourceFile, fn).length > 0) return NONE;
    // The last statement after the construction, in its own statement list, that uses the app (a route, a router, a
    // `registerRoutes(app)`), before it listens, returns or is exported.
    const list = (statement.parent as ts.Block | ts.SourceFile).statements;
    let last: ts.Statement = statement;
    for (const stmt of list.slice(list.indexOf(statement) + 1)) {
      if (ts.isReturnStatement(stmt) || ts.isExportAssignment(stmt) || isListenStatement(stmt)) break;
      if (ts.isExpressionStatement(stmt) && mentions(stmt, serverName)) last = stmt;
    }
    return {
      changes: [insertAfterStatement(source, last, `${serverName}.use(${call});`)],
      notes: [`${source.path}: problem+json answers for unknown routes and errors are registered after the app's last route (${serverName}.use(${call})); routes added after that line are not covered.`],
    };
  },

  findListen(source, serverName) {
    const listens = findNodes(source.sourceFile, ts.isCallExpression).filter(
      (c): c is ts.CallExpression & { expression: ts.PropertyAccessExpression } => ts.isPropertyAccessExpression(c.expression) && c.expression.name.text === 'listen',
    );
    const receiver = (c: (typeof listens)[number]) => c.expression.expression;
    // `app.listen(...)` on the app, else `server.listen(...)` on `const server = http.createServer(app)`; in another
    // file than the construction (an entry that imports the app), any plain receiver.
    const call =
      (serverName ? listens.find((c) => receiver(c).getText() === serverName) : undefined) ??
      listens.find((c) => ts.isIdentifier(receiver(c)) && isHttpServer(source, receiver(c).getText(), serverName)) ??
      (serverName ? undefined : listens.find((c) => ts.isIdentifier(receiver(c)) || ts.isPropertyAccessExpression(receiver(c))));
    const statement = call ? enclosingStatement(call) : undefined;
    return call && statement ? { source, call, statement, serverName: receiver(call).getText() } : undefined;
  },

  callAfterListen(listen: ListenCall, fn: string) {
    const { source, call, statement } = listen;
    if (callsOf(source.sourceFile, fn).length > 0) return NONE;
    // `server.listen(...)` on an http.Server: the server is the receiver.
    if (isHttpServer(source, listen.serverName)) return { changes: [insertAfterStatement(source, statement, `${fn}(${listen.serverName});`)], notes: [] };
    // `app.listen(...)` returns the http.Server: use the variable it is assigned to, or wrap the call.
    const parent = call.parent;
    if (ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) return { changes: [insertAfterStatement(source, statement, `${fn}(${parent.name.text});`)], notes: [] };
    if (ts.isExpressionStatement(parent)) return { changes: replaceNode(source, call, `${fn}(${call.getText()})`), notes: [] };
    return {
      changes: [],
      notes: [`${source.path}: the server ${call.getText().split('(')[0]}() returns is not kept in a variable: call ${fn}(server) with it so SIGTERM drains requests.`],
    };
  },

  listenOnAllInterfaces(listen) {
    const { source, call } = listen;
    // app.listen(port, host?, callback?): no host means every interface, which is what a container needs. A host of
    // 'localhost' (a literal, or the default of `const host = process.env.HOST ?? 'localhost'`) becomes '0.0.0.0'.
    const host = call.arguments[1];
    const literal = host && !ts.isFunctionLike(host) ? localhostLiteral(resolveValue(source, host, call)) : undefined;
    if (!literal) return NONE;
    const quote = source.text[literal.getStart(source.sourceFile)];
    return {
      changes: replaceNode(source, literal, `${quote}0.0.0.0${quote}`),
      notes: [
        `${source.path}: the default listen host is now '0.0.0.0' instead of 'localhost': inside a container only a server bound to all interfaces receives traffic and probes (HOST still overrides it).`,
      ],
    };
  },
};
