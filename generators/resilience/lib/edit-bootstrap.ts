import { applyChangesToString, joinPathFragments, type Tree } from '@nx/devkit';
import ts from 'typescript';
import { OBSERVABILITY_API } from '../../observability/lib/edit-bootstrap';
import { ensureNamedImports, enclosingStatement, insertAfterStatement, isInsideAsyncFunction, parseSource, registrationsOf } from '../../observability/lib/ast';
import { SECURITY_PLUGIN } from '../../security/lib/edit-bootstrap';

export const DEPENDENCIES_PLUGIN = 'dependencies';

/** The `env` an earlier registration receives (`{ env, ... }`), so the clients read the same validated environment. */
function envArgument(call: ts.CallExpression): string | undefined {
  const options = call.arguments[1];
  if (!options || !ts.isObjectLiteralExpression(options)) return undefined;
  for (const prop of options.properties) {
    if (ts.isShorthandPropertyAssignment(prop) && prop.name.text === 'env') return 'env';
    if (ts.isPropertyAssignment(prop) && prop.name.getText() === 'env') return prop.initializer.getText();
  }
  return undefined;
}

export interface DependenciesRegistrationPlan {
  observabilityRegistered: boolean;
  /** New contents of the files that change; none on a second run. */
  files: { path: string; content: string }[];
}

/**
 * Register the dependencies plugin right after security (or observability when there is no security)
 * in every file that registers observability: its health checks and metrics must exist first, and
 * routes registered later can use `app.dependencies`.
 */
export function planDependenciesRegistration(tree: Tree, sourceRoot: string, dependenciesModule: string): DependenciesRegistrationPlan {
  const files: { path: string; content: string }[] = [];
  let observabilityRegistered = false;
  const visit = (dir: string) => {
    for (const child of tree.children(dir)) {
      const file = joinPathFragments(dir, child);
      if (!tree.isFile(file)) {
        if (file !== dependenciesModule && child !== 'observability' && child !== 'security' && child !== 'node_modules') visit(file);
        continue;
      }
      if (!/\.(ts|mts|cts)$/.test(file) || /\.(spec|test)\.[mc]?ts$/.test(file) || file.endsWith('.d.ts')) continue;
      const text = tree.read(file, 'utf-8') ?? '';
      if (!text.includes(OBSERVABILITY_API.plugin)) continue;
      const source = parseSource(file, text);
      const observability = registrationsOf(source.sourceFile, OBSERVABILITY_API.plugin)[0];
      if (!observability) continue;
      observabilityRegistered = true;
      if (registrationsOf(source.sourceFile, DEPENDENCIES_PLUGIN).length > 0) continue;
      const anchor = registrationsOf(source.sourceFile, SECURITY_PLUGIN)[0] ?? observability;
      const statement = enclosingStatement(anchor);
      if (!statement) continue;
      const receiver = (anchor.expression as ts.PropertyAccessExpression).expression.getText();
      const env = envArgument(anchor) ?? envArgument(observability);
      const awaitIt = isInsideAsyncFunction(anchor) ? 'await ' : '';
      const envOption = env === 'env' ? '{ env }' : `{ env: ${env} }`;
      const call = `${awaitIt}${receiver}.register(${DEPENDENCIES_PLUGIN}${env ? `, ${envOption}` : ''});`;
      const changes = [insertAfterStatement(source, statement, call), ...ensureNamedImports(source, joinPathFragments(dependenciesModule, 'index'), [DEPENDENCIES_PLUGIN])];
      files.push({ path: file, content: applyChangesToString(text, changes) });
    }
  };
  if (tree.exists(sourceRoot)) visit(sourceRoot);
  return { observabilityRegistered, files };
}
