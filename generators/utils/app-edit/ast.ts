import { ChangeType, type StringChange } from '@nx/devkit';
import { posix } from 'node:path';
import ts from 'typescript';
import type { ProjectSource } from './adapters/types';

/** Framework-neutral helpers for editing TypeScript sources without disturbing the user's formatting. */

export function parseSource(path: string, text: string): ProjectSource {
  return { path, text, sourceFile: ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS) };
}

/** Depth-first search for nodes matching `test`. */
export function findNodes<T extends ts.Node>(root: ts.Node, test: (node: ts.Node) => node is T): T[] {
  const found: T[] = [];
  const visit = (node: ts.Node) => {
    if (test(node)) found.push(node);
    ts.forEachChild(node, visit);
  };
  visit(root);
  return found;
}

/** Calls whose callee is the plain identifier `name`, e.g. `installGracefulShutdown(...)`. */
export function callsOf(root: ts.Node, name: string): ts.CallExpression[] {
  return findNodes(root, ts.isCallExpression).filter((c) => ts.isIdentifier(c.expression) && c.expression.text === name);
}

/** Method calls `<anything>.name(...)`, e.g. `fastify.setNotFoundHandler(...)`. */
export function methodCallsOf(root: ts.Node, name: string): ts.CallExpression[] {
  return findNodes(root, ts.isCallExpression).filter((c) => ts.isPropertyAccessExpression(c.expression) && c.expression.name.text === name);
}

/** `x.register(plugin, ...)` calls, e.g. `server.register(observability)`. */
export function registrationsOf(root: ts.Node, plugin: string): ts.CallExpression[] {
  return findNodes(root, ts.isCallExpression).filter(
    (c) =>
      ts.isPropertyAccessExpression(c.expression) &&
      c.expression.name.text === 'register' &&
      c.arguments.length > 0 &&
      ts.isIdentifier(c.arguments[0]) &&
      c.arguments[0].text === plugin,
  );
}

function isStatementList(node: ts.Node): boolean {
  return ts.isSourceFile(node) || ts.isBlock(node) || ts.isModuleBlock(node) || ts.isCaseClause(node) || ts.isDefaultClause(node);
}

/** The statement that holds `node` and sits directly in a statement list, so code can be inserted after it. */
export function enclosingStatement(node: ts.Node): ts.Statement | undefined {
  let cur: ts.Node | undefined = node;
  while (cur && !(cur.parent && isStatementList(cur.parent) && ts.isStatement(cur))) {
    if (ts.isFunctionLike(cur) && cur !== node) {
      // An expression-bodied arrow (`() => server.listen()`): the surrounding statement is the right place.
      if (!(ts.isArrowFunction(cur) && !ts.isBlock(cur.body))) return undefined;
    }
    cur = cur.parent;
  }
  return cur as ts.Statement | undefined;
}

export function isInsideAsyncFunction(node: ts.Node): boolean {
  for (let cur = node.parent; cur; cur = cur.parent) {
    if (ts.isFunctionLike(cur)) {
      return (ts.getModifiers(cur as ts.HasModifiers) ?? []).some((m) => m.kind === ts.SyntaxKind.AsyncKeyword);
    }
  }
  return false;
}

/** Leading whitespace of the line that contains `pos`. */
export function indentAt(source: ProjectSource, pos: number): string {
  const lineStart = source.text.lastIndexOf('\n', pos - 1) + 1;
  return /^[ \t]*/.exec(source.text.slice(lineStart))![0];
}

/**
 * Insert `code` on its own line after `statement`, with the statement's indentation.
 * A comment trailing the statement on the same line stays with the statement.
 */
export function insertAfterStatement(source: ProjectSource, statement: ts.Statement, code: string): StringChange {
  code = inFileStyle(source, code);
  const end = statement.getEnd();
  const lineEnd = source.text.indexOf('\n', end);
  const restOfLine = source.text.slice(end, lineEnd === -1 ? undefined : lineEnd);
  const trailingTrivia = restOfLine.trim() === '' || /^\s*(\/\/.*|\/\*.*\*\/\s*)$/.test(restOfLine);
  const index = trailingTrivia ? end + restOfLine.length : end;
  return { type: ChangeType.Insert, index, text: `\n${indentAt(source, statement.getStart())}${code}` };
}

/**
 * Whether the file ends its statements with semicolons: most of its top-level statements do (a file of the
 * standard/neostandard style has none). An empty file counts as using them.
 */
export function usesSemicolons(source: ProjectSource): boolean {
  const statements = source.sourceFile.statements.filter((s) => !ts.isFunctionDeclaration(s) && !ts.isClassDeclaration(s) && !ts.isModuleDeclaration(s) && !ts.isInterfaceDeclaration(s) && !ts.isBlock(s));
  if (statements.length === 0) return true;
  const ended = statements.filter((s) => source.text[s.getEnd() - 1] === ';').length;
  return ended * 2 >= statements.length;
}

/** `code` (one statement per line, each ending in `;`) in the file's own style: without the semicolons where the file has none. */
function inFileStyle(source: ProjectSource, code: string): string {
  return usesSemicolons(source) ? code : code.replace(/;$/gm, '');
}

/** Insert `code` as the very first statement; a leading header comment stays on top. */
export function insertAsFirstStatement(source: ProjectSource, code: string): StringChange {
  code = inFileStyle(source, code);
  const first = source.sourceFile.statements[0];
  if (!first) return { type: ChangeType.Insert, index: source.text.length, text: `${code}\n` };
  return { type: ChangeType.Insert, index: first.getStart(source.sourceFile), text: `${code}\n` };
}

export function replaceNode(source: ProjectSource, node: ts.Node, text: string): StringChange[] {
  const start = node.getStart(source.sourceFile);
  return [
    { type: ChangeType.Delete, start, length: node.getEnd() - start },
    { type: ChangeType.Insert, index: start, text },
  ];
}

/** The quote the file already uses for module specifiers. */
export function quoteStyle(source: ProjectSource): string {
  const first = source.sourceFile.statements.find(ts.isImportDeclaration);
  return first && source.text[first.moduleSpecifier.getStart(source.sourceFile)] === '"' ? '"' : "'";
}

/** ESM sources (moduleResolution node16/nodenext) spell relative imports with `.js`. */
export function usesJsExtensions(source: ProjectSource): boolean {
  return source.sourceFile.statements.some(
    (s) => ts.isImportDeclaration(s) && ts.isStringLiteral(s.moduleSpecifier) && /^\.\.?\/.*\.js$/.test(s.moduleSpecifier.text),
  );
}

/**
 * The relative module specifier from `fromFile` to the module at `targetPath` (no extension).
 * CommonJS resolution finds `dir/index` from `dir`; ESM needs the full `dir/index.js`.
 */
export function relativeSpecifier(fromFile: string, targetPath: string, jsExtension: boolean): string {
  let spec = posix.relative(posix.dirname(fromFile), targetPath);
  if (!spec.startsWith('.')) spec = `./${spec}`;
  return jsExtension ? `${spec}.js` : spec.replace(/\/index$/, '');
}

/** Does `spec`, written in `fromFile`, point at the module `targetPath` (with or without extension or /index)? */
export function specifierResolvesTo(fromFile: string, spec: string, targetPath: string): boolean {
  if (!spec.startsWith('.')) return false;
  const resolved = posix.join(posix.dirname(fromFile), spec).replace(/\.(js|ts|mjs|cjs|mts|cts)$/, '');
  const strip = (p: string) => p.replace(/\/index$/, '');
  return strip(resolved) === strip(posix.normalize(targetPath));
}

/** Module specifiers this file imports or requires, with the node that does it and the specifier's string literal. */
export function moduleReferences(source: ProjectSource): { spec: string; node: ts.Node; literal: ts.StringLiteral; required: boolean }[] {
  const refs: { spec: string; node: ts.Node; literal: ts.StringLiteral; required: boolean }[] = [];
  const add = (node: ts.Node, literal: ts.StringLiteral, required = false) => refs.push({ spec: literal.text, node, literal, required });
  const visit = (node: ts.Node) => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      add(node, node.moduleSpecifier);
    } else if (
      ts.isImportEqualsDeclaration(node) &&
      ts.isExternalModuleReference(node.moduleReference) &&
      ts.isStringLiteral(node.moduleReference.expression)
    ) {
      add(node, node.moduleReference.expression, true);
    } else if (
      ts.isCallExpression(node) &&
      node.arguments.length === 1 &&
      ts.isStringLiteral(node.arguments[0]) &&
      ((ts.isIdentifier(node.expression) && node.expression.text === 'require') || node.expression.kind === ts.SyntaxKind.ImportKeyword)
    ) {
      add(node, node.arguments[0] as ts.StringLiteral, node.expression.kind !== ts.SyntaxKind.ImportKeyword);
    }
    ts.forEachChild(node, visit);
  };
  visit(source.sourceFile);
  return refs;
}

/**
 * Make `names` importable from the module at `targetPath`: extend an existing named import of that module,
 * or add one after the last import. Returns no change when every name is already imported. `esm`: the app is ECMAScript
 * modules (a file whose imports all go through path aliases shows no `.js` to copy), so the specifier gets `.js`.
 */
export function ensureNamedImports(source: ProjectSource, targetPath: string, names: string[], esm = false): StringChange[] {
  const { sourceFile } = source;
  const imports = sourceFile.statements.filter(ts.isImportDeclaration);
  const fromTarget = imports.filter(
    (i) => ts.isStringLiteral(i.moduleSpecifier) && specifierResolvesTo(source.path, i.moduleSpecifier.text, targetPath),
  );
  const imported = new Set(
    fromTarget.flatMap((i) => {
      const bindings = i.importClause?.namedBindings;
      return bindings && ts.isNamedImports(bindings) ? bindings.elements.map((e) => (e.propertyName ?? e.name).text) : [];
    }),
  );
  const missing = names.filter((n) => !imported.has(n));
  if (missing.length === 0) return [];

  const extendable = fromTarget.find((i) => {
    const clause = i.importClause;
    return clause && !clause.isTypeOnly && clause.namedBindings && ts.isNamedImports(clause.namedBindings);
  });
  if (extendable) {
    const elements = (extendable.importClause!.namedBindings as ts.NamedImports).elements;
    if (elements.length > 0) {
      const last = elements[elements.length - 1];
      return [{ type: ChangeType.Insert, index: last.getEnd(), text: missing.map((n) => `, ${n}`).join('') }];
    }
    const brace = extendable.importClause!.namedBindings!.getStart(sourceFile) + 1;
    return [{ type: ChangeType.Insert, index: brace, text: ` ${missing.join(', ')} ` }];
  }

  const q = quoteStyle(source);
  const spec = relativeSpecifier(source.path, targetPath, esm || usesJsExtensions(source));
  const line = `import { ${missing.join(', ')} } from ${q}${spec}${q};`;
  const lastImport = [...sourceFile.statements].reverse().find((s) => ts.isImportDeclaration(s) || ts.isImportEqualsDeclaration(s));
  return [lastImport ? insertAfterStatement(source, lastImport, line) : insertAsFirstStatement(source, line)];
}
