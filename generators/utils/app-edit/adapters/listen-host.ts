import ts from 'typescript';
import { findNodes } from '../ast';
import type { ProjectSource } from './types';

/** The expression a listen option stands for, following `host` shorthand to its `const host = ...`. */
export function resolveValue(source: ProjectSource, expr: ts.Expression, at: ts.Node): ts.Expression | undefined {
  if (!ts.isIdentifier(expr)) return expr;
  const decls = findNodes(source.sourceFile, ts.isVariableDeclaration).filter(
    (d) => ts.isIdentifier(d.name) && d.name.text === expr.text && d.initializer && d.getStart() < at.getStart(),
  );
  const decl = decls[decls.length - 1];
  const isConst = decl && (decl.parent.flags & ts.NodeFlags.Const) !== 0;
  return decl && isConst ? decl.initializer : undefined;
}

/** The `'localhost'` literal a host expression falls back to, e.g. in `process.env.HOST ?? 'localhost'`. */
export function localhostLiteral(expr: ts.Expression | undefined): ts.StringLiteral | undefined {
  if (!expr) return undefined;
  if (ts.isParenthesizedExpression(expr)) return localhostLiteral(expr.expression);
  if (ts.isStringLiteral(expr) || ts.isNoSubstitutionTemplateLiteral(expr)) {
    return expr.text === 'localhost' ? (expr as ts.StringLiteral) : undefined;
  }
  if (
    ts.isBinaryExpression(expr) &&
    (expr.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken || expr.operatorToken.kind === ts.SyntaxKind.BarBarToken)
  ) {
    return localhostLiteral(expr.right);
  }
  return undefined;
}
