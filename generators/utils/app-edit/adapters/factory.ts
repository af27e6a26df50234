import ts from 'typescript';
import { enclosingStatement, findNodes, isInsideAsyncFunction } from '../ast';
import type { FoundConstruction, ProjectSource } from './types';

/** A framework's server factory: the module, the export names that are the factory, and whether a namespace import is callable. */
export interface Factory {
  module: string;
  /** `import { fastify } from 'fastify'`, `F.default(...)`. */
  exportNames: string[];
  /** `import * as express from 'express'; express()` (CommonJS without esModuleInterop). */
  namespaceIsFactory: boolean;
}

/** How this file can call the factory: local names (`Fastify`, `express`) and namespaces (`F.fastify`). */
export function factoryNames(source: ProjectSource, factory: Factory): { direct: Set<string>; namespaces: Set<string> } {
  const direct = new Set<string>();
  const namespaces = new Set<string>();
  for (const stmt of source.sourceFile.statements) {
    if (ts.isImportDeclaration(stmt) && ts.isStringLiteral(stmt.moduleSpecifier) && stmt.moduleSpecifier.text === factory.module) {
      const clause = stmt.importClause;
      if (!clause || clause.isTypeOnly) continue;
      if (clause.name) direct.add(clause.name.text);
      const bindings = clause.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings)) (factory.namespaceIsFactory ? direct : namespaces).add(bindings.name.text);
      if (bindings && ts.isNamedImports(bindings)) {
        for (const el of bindings.elements) {
          const imported = (el.propertyName ?? el.name).text;
          if (!el.isTypeOnly && factory.exportNames.includes(imported)) direct.add(el.name.text);
        }
      }
    } else if (
      ts.isImportEqualsDeclaration(stmt) &&
      ts.isExternalModuleReference(stmt.moduleReference) &&
      ts.isStringLiteral(stmt.moduleReference.expression) &&
      stmt.moduleReference.expression.text === factory.module
    ) {
      direct.add(stmt.name.text);
    } else if (ts.isVariableStatement(stmt)) {
      // const fastify = require('fastify')
      for (const decl of stmt.declarationList.declarations) {
        const init = decl.initializer;
        if (
          ts.isIdentifier(decl.name) &&
          init &&
          ts.isCallExpression(init) &&
          ts.isIdentifier(init.expression) &&
          init.expression.text === 'require' &&
          init.arguments.length === 1 &&
          ts.isStringLiteral(init.arguments[0]) &&
          init.arguments[0].text === factory.module
        ) {
          direct.add(decl.name.text);
        }
      }
    }
  }
  return { direct, namespaces };
}

export function isFactoryCall(call: ts.CallExpression, names: ReturnType<typeof factoryNames>, factory: Factory): boolean {
  const callee = call.expression;
  if (ts.isIdentifier(callee)) return names.direct.has(callee.text);
  return (
    ts.isPropertyAccessExpression(callee) &&
    ts.isIdentifier(callee.expression) &&
    names.namespaces.has(callee.expression.text) &&
    factory.exportNames.includes(callee.name.text)
  );
}

/** Walk from the factory call (`Fastify()`) through `.withTypeProvider<T>()`, casts and parens to what the server is bound to. */
export function binding(call: ts.CallExpression): { serverName?: string; statement?: ts.Statement } {
  let node: ts.Node = call;
  for (;;) {
    const parent = node.parent;
    const isChain =
      (ts.isPropertyAccessExpression(parent) && parent.expression === node) ||
      (ts.isCallExpression(parent) && parent.expression === node) ||
      ts.isParenthesizedExpression(parent) ||
      ts.isAsExpression(parent) ||
      ts.isSatisfiesExpression(parent) ||
      ts.isNonNullExpression(parent) ||
      ts.isAwaitExpression(parent);
    if (!isChain) break;
    node = parent;
  }
  const parent = node.parent;
  if (ts.isVariableDeclaration(parent) && parent.initializer === node && ts.isIdentifier(parent.name)) {
    return { serverName: parent.name.text, statement: enclosingStatement(parent) };
  }
  if (
    ts.isBinaryExpression(parent) &&
    parent.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
    parent.right === node &&
    ts.isExpressionStatement(parent.parent)
  ) {
    return { serverName: parent.left.getText(), statement: enclosingStatement(parent) };
  }
  return {};
}

/** Every call of the factory in a file, with what it is bound to. `awaitable`: note whether it runs in an async function. */
export function findConstructions(source: ProjectSource, factory: Factory, awaitable: boolean): FoundConstruction[] {
  const names = factoryNames(source, factory);
  if (names.direct.size === 0 && names.namespaces.size === 0) return [];
  return findNodes(source.sourceFile, ts.isCallExpression)
    .filter((call) => isFactoryCall(call, names, factory))
    .map((call): FoundConstruction => ({ source, call, ...binding(call), inAsyncFunction: awaitable && isInsideAsyncFunction(call) }));
}
