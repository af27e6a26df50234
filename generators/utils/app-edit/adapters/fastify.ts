import { ChangeType, type StringChange } from '@nx/devkit';
import ts from 'typescript';
import { callsOf, enclosingStatement, findNodes, registrationsOf, indentAt, insertAfterStatement, quoteStyle, replaceNode } from '../ast';
import { findConstructions } from './factory';
import { localhostLiteral, resolveValue } from './listen-host';
import type { AdapterEdit, FoundConstruction, FrameworkAdapter, ListenCall, ProjectSource } from './types';

const FACTORY = { module: 'fastify', exportNames: ['fastify', 'default'], namespaceIsFactory: false };
/** Options our server options replace; keeping them would drop redaction and request ids (Fastify also rejects both at once). */
const REPLACED_OPTIONS = ['logger', 'loggerInstance'];

function propertyName(prop: ts.ObjectLiteralElementLike): string | undefined {
  if (!prop.name) return undefined;
  if (ts.isIdentifier(prop.name) || ts.isStringLiteral(prop.name)) return prop.name.text;
  return undefined;
}

/** End of `prop` including the comma that follows it, if any. */
function endWithComma(source: ProjectSource, prop: ts.Node): number {
  let i = prop.getEnd();
  while (/\s/.test(source.text[i] ?? '')) i++;
  return source.text[i] === ',' ? i + 1 : prop.getEnd();
}

function needsParens(expr: ts.Expression): boolean {
  return !(
    ts.isIdentifier(expr) ||
    ts.isPropertyAccessExpression(expr) ||
    ts.isElementAccessExpression(expr) ||
    ts.isCallExpression(expr) ||
    ts.isParenthesizedExpression(expr)
  );
}

function mergeIntoObject(source: ProjectSource, obj: ts.ObjectLiteralExpression, spread: string, loggerPassedOn = false): AdapterEdit {
  const sf = source.sourceFile;
  const open = obj.getStart(sf) + 1;
  const close = obj.getEnd() - 1;
  const replaced = obj.properties.filter((p) => REPLACED_OPTIONS.includes(propertyName(p) ?? ''));
  const notes = replaced.map((p) =>
    loggerPassedOn && propertyName(p) === 'logger'
      ? `${source.path}: the Fastify option \`${p.getText(sf).replace(/\s+/g, ' ')}\` now goes through ready's observabilityServerOptions(): its transport is kept; the logger is ready's (JSON, redaction, request ids) and its level is LOG_LEVEL.`
      : `${source.path}: removed the Fastify option \`${p.getText(sf).replace(/\s+/g, ' ')}\`: ready's observabilityServerOptions() configures the pino logger (JSON, redaction, request ids); set LOG_LEVEL instead.`,
  );
  const multiline = source.text.slice(open, close).includes('\n');

  if (replaced.length === obj.properties.length) {
    // Nothing of the user's is left: rewrite the body so it reads as if written by hand.
    const text = multiline ? `\n${indentAt(source, obj.getStart(sf))}  ${spread},\n${indentAt(source, close)}` : ` ${spread} `;
    return {
      changes: [
        { type: ChangeType.Delete, start: open, length: close - open },
        { type: ChangeType.Insert, index: open, text },
      ],
      notes,
    };
  }

  const first = obj.properties[0];
  const changes: StringChange[] = [
    { type: ChangeType.Insert, index: open, text: multiline ? `\n${indentAt(source, first.getStart(sf))}${spread},` : ` ${spread},` },
  ];
  for (const prop of replaced) {
    const leading = source.text.slice(prop.getFullStart(), prop.getStart(sf));
    const start = leading.trim() === '' ? prop.getFullStart() : prop.getStart(sf);
    changes.push({ type: ChangeType.Delete, start, length: endWithComma(source, prop) - start });
  }
  return { changes, notes };
}

/** The value of an options object's `logger` property, unless it is a plain `true`/`false`. */
function appLoggerOption(obj: ts.ObjectLiteralExpression): ts.Expression | undefined {
  for (const prop of obj.properties) {
    if (!ts.isPropertyAssignment(prop) || propertyName(prop) !== 'logger') continue;
    const value = prop.initializer;
    return value.kind === ts.SyntaxKind.TrueKeyword || value.kind === ts.SyntaxKind.FalseKeyword ? undefined : value;
  }
  return undefined;
}

function optionsObject(call: ts.CallExpression): ts.ObjectLiteralExpression | undefined {
  const arg = call.arguments[0];
  return arg && ts.isObjectLiteralExpression(arg) ? arg : undefined;
}

export const fastifyAdapter: FrameworkAdapter = {
  framework: 'fastify',
  example: 'const server = Fastify({ logger: true })',

  findServerConstructions: (source) => findConstructions(source, FACTORY, true),

  mergeServerOptions(construction, optionsFn, takesAppLogger) {
    const { source, call } = construction;
    // Already applied when the file calls the options function anywhere, e.g. `const opts = observabilityServerOptions(env)`.
    if (callsOf(source.sourceFile, optionsFn).length > 0) return { changes: [], notes: [] };
    const arg = call.arguments[0];
    const appLogger = takesAppLogger && arg && ts.isObjectLiteralExpression(arg) ? appLoggerOption(arg) : undefined;
    // The app's logger option is replaced, and passed on, so the function it calls (e.g. getLoggerOptions()) stays in use.
    const optionsCall = appLogger ? `${optionsFn}(undefined, { logger: ${appLogger.getText()} })` : `${optionsFn}()`;
    if (!arg) return { changes: [{ type: ChangeType.Insert, index: call.arguments.pos, text: optionsCall }], notes: [] };
    if (ts.isObjectLiteralExpression(arg)) return mergeIntoObject(source, arg, `...${optionsCall}`, appLogger !== undefined);
    const userOptions = needsParens(arg) ? `(${arg.getText()})` : arg.getText();
    return {
      changes: replaceNode(source, arg, `{ ...${optionsCall}, ...${userOptions} }`),
      notes: [`${source.path}: ready's server options now come first; a \`logger\` set by \`${arg.getText()}\` would override ready's redacting logger.`],
    };
  },

  registerPlugin(construction, plugin, options) {
    const { source, statement, serverName } = construction;
    if (registrationsOf(source.sourceFile, plugin).length > 0) return { changes: [], notes: [] };
    const awaitIt = construction.inAsyncFunction ? 'await ' : '';
    const args = options ? `${plugin}, ${options}` : plugin;
    return { changes: [insertAfterStatement(source, statement, `${awaitIt}${serverName}.register(${args});`)], notes: [] };
  },

  // The plugin's hooks cover every route, wherever it is declared.
  registerAfterRoutes: () => ({ changes: [], notes: [] }),

  findListen(source, serverName) {
    for (const call of findNodes(source.sourceFile, ts.isCallExpression)) {
      const callee = call.expression;
      if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== 'listen') continue;
      const receiver = callee.expression;
      const isServer = serverName
        ? receiver.getText() === serverName
        : ts.isIdentifier(receiver) || (ts.isPropertyAccessExpression(receiver) && receiver.expression.kind === ts.SyntaxKind.ThisKeyword);
      const statement = isServer ? enclosingStatement(call) : undefined;
      if (statement) return { source, call, statement, serverName: receiver.getText() };
    }
    return undefined;
  },

  callAfterListen(listen: ListenCall, fn: string) {
    if (callsOf(listen.source.sourceFile, fn).length > 0) return { changes: [], notes: [] };
    return { changes: [insertAfterStatement(listen.source, listen.statement, `${fn}(${listen.serverName});`)], notes: [] };
  },

  listenOnAllInterfaces(listen) {
    const { source, call } = listen;
    const options = optionsObject(call);
    const hostProp = options?.properties.find((p) => propertyName(p) === 'host');
    if (options && !hostProp && !options.properties.some((p) => ts.isSpreadAssignment(p))) {
      // No host: Fastify binds to localhost only. Add one, in the quotes of the file.
      const quote = quoteStyle(source);
      const last = options.properties[options.properties.length - 1];
      const host = `host: process.env.HOST ?? ${quote}0.0.0.0${quote}`;
      const change: StringChange = last
        ? { type: ChangeType.Insert, index: last.getEnd(), text: `, ${host}` }
        : { type: ChangeType.Insert, index: options.getStart(source.sourceFile) + 1, text: ` ${host} ` };
      return {
        changes: [change],
        notes: [`${source.path}: ${listen.serverName}.listen() set no host, so Fastify bound to localhost only and a container would receive no traffic: it now listens on process.env.HOST ?? '0.0.0.0'.`],
      };
    }
    if (!options || !hostProp) {
      return {
        changes: [],
        notes: [
          `${source.path}: ${listen.serverName}.listen() sets no host, so Fastify binds to localhost only and a container will not receive traffic; pass host: process.env.HOST ?? '0.0.0.0'.`,
        ],
      };
    }
    const value = ts.isShorthandPropertyAssignment(hostProp)
      ? resolveValue(source, hostProp.name, call)
      : ts.isPropertyAssignment(hostProp)
        ? resolveValue(source, hostProp.initializer, call)
        : undefined;
    const literal = localhostLiteral(value);
    if (!literal) return { changes: [], notes: [] };
    const quote = source.text[literal.getStart(source.sourceFile)];
    return {
      changes: replaceNode(source, literal, `${quote}0.0.0.0${quote}`),
      notes: [
        `${source.path}: the default listen host is now '0.0.0.0' instead of 'localhost': inside a container only a server bound to all interfaces receives traffic and probes (HOST still overrides it).`,
      ],
    };
  },
};
