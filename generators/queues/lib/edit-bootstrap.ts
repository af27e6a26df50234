import { applyChangesToString, joinPathFragments, type Tree } from '@nx/devkit';
import type ts from 'typescript';
import { enclosingStatement, ensureNamedImports, insertAfterStatement, isInsideAsyncFunction, parseSource, registrationsOf } from '../../observability/lib/ast';
import { SECURITY_PLUGIN } from '../../security/lib/edit-bootstrap';

export const QUEUES_PLUGIN = 'queues';

export interface QueuesRegistrationPlan {
  /** Some file registers the security plugin (the DLQ admin routes need its admin role check). */
  securityRegistered: boolean;
  /** New contents of the files that change; none on a second run. */
  files: { path: string; content: string }[];
}

/** Register the queues plugin right after the security plugin, so its admin routes require the admin role. */
export function planQueuesRegistration(tree: Tree, sourceRoot: string, queuesModule: string): QueuesRegistrationPlan {
  const files: { path: string; content: string }[] = [];
  let securityRegistered = false;
  const visit = (dir: string) => {
    for (const child of tree.children(dir)) {
      const file = joinPathFragments(dir, child);
      if (!tree.isFile(file)) {
        if (!file.startsWith(queuesModule) && !['security', 'observability'].includes(child)) visit(file);
        continue;
      }
      if (!/\.(ts|mts|cts)$/.test(file) || /\.(spec|test)\.[mc]?ts$/.test(file) || file.endsWith('.d.ts')) continue;
      const text = tree.read(file, 'utf-8') ?? '';
      if (!text.includes(SECURITY_PLUGIN)) continue;
      const source = parseSource(file, text);
      const security = registrationsOf(source.sourceFile, SECURITY_PLUGIN)[0];
      if (!security) continue;
      securityRegistered = true;
      if (registrationsOf(source.sourceFile, QUEUES_PLUGIN).length > 0) continue;
      const statement = enclosingStatement(security);
      if (!statement) continue;
      const receiver = (security.expression as ts.PropertyAccessExpression).expression.getText();
      const options = security.arguments[1]?.getText() ?? '';
      const env = /\benv\b/.test(options) ? '{ env }' : '{}';
      const call = `${isInsideAsyncFunction(security) ? 'await ' : ''}${receiver}.register(${QUEUES_PLUGIN}, ${env});`;
      const changes = [insertAfterStatement(source, statement, call), ...ensureNamedImports(source, joinPathFragments(queuesModule, 'index'), [QUEUES_PLUGIN])];
      files.push({ path: file, content: applyChangesToString(text, changes) });
    }
  };
  if (tree.exists(sourceRoot)) visit(sourceRoot);
  return { securityRegistered, files };
}
