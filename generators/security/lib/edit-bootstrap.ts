import { applyChangesToString, joinPathFragments, type Tree } from '@nx/devkit';
import ts from 'typescript';
import { OBSERVABILITY_API } from '../../observability/lib/edit-bootstrap';
import { ensureNamedImports, enclosingStatement, registrationsOf, insertAfterStatement, isInsideAsyncFunction, parseSource } from '../../observability/lib/ast';

export const SECURITY_PLUGIN = 'security';

/** The `env` the observability registration receives (`{ env, ... }`), so security reads the same validated environment. */
function envArgument(call: ts.CallExpression): string | undefined {
  const options = call.arguments[1];
  if (!options || !ts.isObjectLiteralExpression(options)) return undefined;
  for (const prop of options.properties) {
    if (ts.isShorthandPropertyAssignment(prop) && prop.name.text === 'env') return 'env';
    if (ts.isPropertyAssignment(prop) && prop.name.getText() === 'env') return prop.initializer.getText();
  }
  return undefined;
}

export interface SecurityRegistrationPlan {
  /** Some file registers the observability plugin (security needs its errors and metrics). */
  observabilityRegistered: boolean;
  /** New contents of the files that change; none on a second run. */
  files: { path: string; content: string }[];
}

/**
 * Register the security plugin right after the observability plugin in every file that registers
 * observability (its errors and metrics must exist first, and every route comes later).
 */
export function planSecurityRegistration(tree: Tree, sourceRoot: string, securityModule: string): SecurityRegistrationPlan {
  const files: { path: string; content: string }[] = [];
  let observabilityRegistered = false;
  const visit = (dir: string) => {
    for (const child of tree.children(dir)) {
      const file = joinPathFragments(dir, child);
      if (!tree.isFile(file)) {
        if (!file.startsWith(`${securityModule}`) && child !== 'observability') visit(file);
        continue;
      }
      if (!/\.(ts|mts|cts)$/.test(file) || /\.(spec|test)\.[mc]?ts$/.test(file) || file.endsWith('.d.ts')) continue;
      const text = tree.read(file, 'utf-8') ?? '';
      if (!text.includes(OBSERVABILITY_API.plugin)) continue;
      const source = parseSource(file, text);
      const observability = registrationsOf(source.sourceFile, OBSERVABILITY_API.plugin)[0];
      if (!observability) continue;
      observabilityRegistered = true;
      if (registrationsOf(source.sourceFile, SECURITY_PLUGIN).length > 0) continue;
      const statement = enclosingStatement(observability);
      if (!statement) continue;
      const receiver = (observability.expression as ts.PropertyAccessExpression).expression.getText();
      const env = envArgument(observability);
      const awaitIt = isInsideAsyncFunction(observability) ? 'await ' : '';
      const call = `${awaitIt}${receiver}.register(${SECURITY_PLUGIN}${env ? `, { env: ${env} }` : ''});`;
      const changes = [insertAfterStatement(source, statement, call), ...ensureNamedImports(source, joinPathFragments(securityModule, 'index'), [SECURITY_PLUGIN])];
      files.push({ path: file, content: applyChangesToString(text, changes) });
    }
  };
  if (tree.exists(sourceRoot)) visit(sourceRoot);
  return { observabilityRegistered, files };
}
