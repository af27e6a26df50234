import { applyChangesToString, joinPathFragments, type Tree } from '@nx/devkit';
import ts from 'typescript';
import { enclosingStatement, ensureNamedImports, insertAfterStatement, isInsideAsyncFunction, parseSource, registrationsOf } from './ast';

/** A feature plugin to register in an existing bootstrap, after the plugins it builds on. */
export interface PluginRegistration {
  /** The plugin's identifier, exported by `<module>/index.ts`, e.g. `security`. */
  plugin: string;
  /** The feature folder, e.g. `apps/api/src/security`. */
  module: string;
  /** The plugin that must already be registered (its errors, metrics or roles are needed), e.g. `observability`. */
  requires: string;
  /** Register right after the first of these that is registered, e.g. `['security', 'observability']`. */
  after: string[];
  /** More properties of its options object, as TypeScript source, e.g. `loadShedding: false`. */
  options?: string[];
}

export interface RegistrationPlan {
  /** Some file registers `requires`. */
  requiredRegistered: boolean;
  /** New contents of the files that change; none on a second run. */
  files: { path: string; content: string }[];
}

/** The `env` a registration receives (`{ env, ... }`), so the new plugin reads the same validated environment. */
function envArgument(call: ts.CallExpression): string | undefined {
  const options = call.arguments[1];
  if (!options || !ts.isObjectLiteralExpression(options)) return undefined;
  for (const prop of options.properties) {
    if (ts.isShorthandPropertyAssignment(prop) && prop.name.text === 'env') return 'env';
    if (ts.isPropertyAssignment(prop) && prop.name.getText() === 'env') return prop.initializer.getText();
  }
  return undefined;
}

/** The folders ready's features write under an app's source root (src/config/plugins.ts's modules), and node_modules. */
const FEATURE_FOLDERS = new Set(['observability', 'security', 'dependencies', 'queues', 'cache', 'node_modules']);

/** ready's own feature folders of an app, to tell the app's code from ready's. */
export const readyFolders = (sourceRoot: string): string[] => [...FEATURE_FOLDERS].filter((f) => f !== 'node_modules').map((f) => joinPathFragments(sourceRoot, f));

/**
 * Plan `x.register(<plugin>, { env })` right after the anchor registration in every source file that
 * registers `requires`, importing the plugin from its feature folder. Files that already register
 * the plugin are left alone, so a second run plans nothing.
 */
export function planPluginRegistration(tree: Tree, sourceRoot: string, spec: PluginRegistration): RegistrationPlan {
  const files: { path: string; content: string }[] = [];
  let requiredRegistered = false;
  const visit = (dir: string) => {
    for (const child of tree.children(dir)) {
      const file = joinPathFragments(dir, child);
      if (!tree.isFile(file)) {
        if (file !== spec.module && !FEATURE_FOLDERS.has(child)) visit(file);
        continue;
      }
      if (!/\.(ts|mts|cts)$/.test(file) || /\.(spec|test)\.[mc]?ts$/.test(file) || file.endsWith('.d.ts')) continue;
      const text = tree.read(file, 'utf-8') ?? '';
      if (!text.includes(spec.requires)) continue;
      const source = parseSource(file, text);
      const required = registrationsOf(source.sourceFile, spec.requires)[0];
      if (!required) continue;
      requiredRegistered = true;
      if (registrationsOf(source.sourceFile, spec.plugin).length > 0) continue;
      const anchor = spec.after.map((name) => registrationsOf(source.sourceFile, name)[0]).find(Boolean) ?? required;
      const statement = enclosingStatement(anchor);
      if (!statement) continue;
      const receiver = (anchor.expression as ts.PropertyAccessExpression).expression.getText();
      const env = envArgument(anchor) ?? envArgument(required);
      const props = [...(env === undefined ? [] : [env === 'env' ? 'env' : `env: ${env}`]), ...(spec.options ?? [])];
      const options = props.length === 0 ? '' : `, { ${props.join(', ')} }`;
      const call = `${isInsideAsyncFunction(anchor) ? 'await ' : ''}${receiver}.register(${spec.plugin}${options});`;
      const changes = [insertAfterStatement(source, statement, call), ...ensureNamedImports(source, joinPathFragments(spec.module, 'index'), [spec.plugin])];
      files.push({ path: file, content: applyChangesToString(text, changes) });
    }
  };
  if (tree.exists(sourceRoot)) visit(sourceRoot);
  return { requiredRegistered, files };
}
