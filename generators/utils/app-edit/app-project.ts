import { getProjects, joinPathFragments, visitNotIgnoredFiles, type Tree } from '@nx/devkit';
import { detectFramework, type FoundConstruction, type FrameworkAdapter, type FrameworkName, type ProjectSource, type ServerConstruction } from './adapters';
import ts from 'typescript';
import { findNodes, methodCallsOf, parseSource } from './ast';
import { hasServiceConfig, readServiceModel } from '../model';

/** An existing app an `add-<feature>` generator edits: where its code lives and which file node starts. */
export interface AppProject {
  project: string;
  projectRoot: string;
  /** Where the app's TypeScript lives (project sourceRoot, else <projectRoot>/src). */
  sourceRoot: string;
  /** The file node starts (the build target's `main`, else <projectRoot>/src/main.ts). */
  entryFile: string;
}

/** The app of an Nx project; throws, naming the known projects, when there is none of that name. */
export function appProject(tree: Tree, project: string, generator: string): AppProject {
  const projects = getProjects(tree);
  const config = projects.get(project);
  if (!config) {
    const known = [...projects.keys()].sort();
    throw new Error(`ready:${generator}: no project named "${project}" in this workspace.${known.length ? ` Known projects: ${known.join(', ')}.` : ''}`);
  }
  const projectRoot = config.root;
  const main = config.targets?.['build']?.options?.main;
  // ready.yaml's runtime.entry (what ready:adopt found), else the build's main, else Nx's default.
  const entry = hasServiceConfig(tree, projectRoot) ? readServiceModel(tree, projectRoot).runtime.entry : undefined;
  return {
    project,
    projectRoot,
    sourceRoot: config.sourceRoot ?? joinPathFragments(projectRoot, 'src'),
    entryFile: entry
      ? joinPathFragments(projectRoot, entry)
      : typeof main === 'string' && main
        ? joinPathFragments(main)
        : joinPathFragments(projectRoot, 'src/main.ts'),
  };
}

const TS_FILE = /\.(ts|mts|cts)$/;
const NOT_APP_CODE = /(\.d\.ts|\.(spec|test)\.[mc]?ts)$/;

/** The app's own TypeScript, parsed: tests, declarations and the `skip` folders (ready's feature folders) left out. */
export function readProjectSources(tree: Tree, app: AppProject, skip: string | string[] = []): ProjectSource[] {
  const skipped = (Array.isArray(skip) ? skip : [skip]).map((dir) => `${dir}/`);
  const sources: ProjectSource[] = [];
  if (!tree.exists(app.sourceRoot)) return sources;
  visitNotIgnoredFiles(tree, app.sourceRoot, (path) => {
    if (!TS_FILE.test(path) || NOT_APP_CODE.test(path) || path.includes('/__tests__/')) return;
    if (skipped.some((dir) => path.startsWith(dir))) return;
    sources.push(parseSource(path, tree.read(path, 'utf-8') ?? ''));
  });
  return sources;
}

function where(construction: FoundConstruction): string {
  const { line } = construction.source.sourceFile.getLineAndCharacterOfPosition(construction.call.getStart());
  return `${construction.source.path}:${line + 1}`;
}

/** The one server the app runs: the only construction, else the one in the entry file, else the one that listens. */
function pickConstruction(adapter: FrameworkAdapter, sources: ProjectSource[], app: AppProject, feature: string): ServerConstruction {
  const all = sources.flatMap((s) => adapter.findServerConstructions(s));
  if (all.length === 0) {
    throw new Error(
      `ready: no ${adapter.framework} server construction found in project "${app.project}": searched ${sources.length} file(s) under ${app.sourceRoot} for a call of ${adapter.framework}'s default import, such as \`${adapter.example}\`. ${feature} edits the file that builds the server.`,
    );
  }
  const named = all.filter((c): c is ServerConstruction => !!c.serverName && !!c.statement);
  const candidates = [named, named.filter((c) => c.source.path === app.entryFile), named.filter((c) => adapter.findListen(c.source, c.serverName))];
  const chosen = candidates.find((list) => list.length === 1)?.[0];
  if (chosen) return chosen;
  if (named.length === 0) {
    throw new Error(
      `ready: ${where(all[0])} builds the ${adapter.framework} server without assigning it to a variable, so ${feature} cannot register its plugin after it. Assign it first (e.g. \`${adapter.example}\`) and run again.`,
    );
  }
  throw new Error(
    `ready: project "${app.project}" builds ${named.length} ${adapter.framework} servers (${named.map(where).join(', ')}); ${feature} cannot tell which one serves traffic. Keep one construction in the entry file ${app.entryFile}, or apply the edits by hand.`,
  );
}

/** The framework adapter and the one server construction of an app; throws, naming what was searched, when there is none. */
export function findServerConstruction(
  tree: Tree,
  app: AppProject,
  feature: string,
  sources: ProjectSource[] = readProjectSources(tree, app),
  supports: readonly FrameworkName[] = ['fastify'],
): { adapter: FrameworkAdapter; construction: ServerConstruction } {
  const adapter = detectFramework(sources, { feature, project: app.project, sourceRoot: app.sourceRoot, supports });
  return { adapter, construction: pickConstruction(adapter, sources, app, feature) };
}

/** A port number a `.listen(...)` expression resolves to: its one numeric literal, looking through up to three variables. */
function portIn(expr: ts.Expression, source: ProjectSource, depth = 0): number | undefined {
  if (ts.isIdentifier(expr) && depth < 3) {
    const declaration = findNodes(source.sourceFile, ts.isVariableDeclaration).find((d) => ts.isIdentifier(d.name) && d.name.text === expr.text);
    return declaration?.initializer ? portIn(declaration.initializer, source, depth + 1) : undefined;
  }
  const identifiers = findNodes(expr, ts.isIdentifier).filter((id) => !ts.isPropertyAccessExpression(id.parent) || id.parent.expression === id);
  // parseInt's radix is not a port; a default written as a string ('3000') is.
  const isRadix = (n: ts.Node) => ts.isCallExpression(n.parent) && n.parent.arguments[1] === n && /(^|\.)parseInt$/.test(n.parent.expression.getText());
  const literals = [
    ...findNodes(expr, ts.isNumericLiteral).filter((n) => !isRadix(n)),
    ...findNodes(expr, (n): n is ts.StringLiteral => ts.isStringLiteral(n) && /^\d{2,5}$/.test(n.text)),
  ];
  const numbers = literals.map((n) => Number(n.text)).filter((n) => Number.isInteger(n) && n >= 1 && n <= 65_535);
  if (numbers.length === 1) return numbers[0];
  // `process.env.PORT ?? DEFAULT_PORT`: follow the one other variable.
  const others = identifiers.filter((id) => id.text !== 'process' && id.text !== 'Number' && id.text !== 'parseInt');
  return numbers.length === 0 && others.length === 1 ? portIn(others[0], source, depth + 1) : undefined;
}

/**
 * The port the app listens on when PORT is not set: the number in its server's `.listen(...)` (a literal, a default such as
 * `process.env.PORT ?? 8080`, or a variable set that way), searched in the entry file first; else the `PORT=` of the
 * project's .env.example (or .env.template, .env.sample). Undefined when none is found or the call names several numbers.
 */
export function detectListenPort(tree: Tree, app: AppProject): { port: number; file: string; found: string } | undefined {
  const sources = readProjectSources(tree, app).sort((a, b) => Number(b.path === app.entryFile) - Number(a.path === app.entryFile));
  for (const source of sources) {
    for (const call of methodCallsOf(source.sourceFile, 'listen')) {
      let expr: ts.Expression | undefined = call.arguments[0];
      if (expr && ts.isObjectLiteralExpression(expr)) {
        const prop = expr.properties.find((p) => p.name && ts.isIdentifier(p.name) && p.name.text === 'port');
        expr = prop && ts.isPropertyAssignment(prop) ? prop.initializer : prop && ts.isShorthandPropertyAssignment(prop) ? prop.name : undefined;
      }
      const port = expr ? portIn(expr, source) : undefined;
      if (port) return { port, file: source.path, found: `the port ${source.path} listens on` };
    }
  }
  return envFilePort(tree, app);
}

/** The env files an app documents its variables in, in the order they are trusted. */
const ENV_FILES = ['.env.example', '.env.template', '.env.sample', '.env.defaults'];

/** `PORT=8080` in the project's documented env file: the port of an app whose listen() reads only the environment. */
function envFilePort(tree: Tree, app: AppProject): { port: number; file: string; found: string } | undefined {
  for (const name of ENV_FILES) {
    const file = joinPathFragments(app.projectRoot, name);
    const text = tree.read(file, 'utf-8');
    const match = text ? /^\s*(?:export\s+)?PORT\s*=\s*["']?(\d{1,5})["']?\s*(?:#.*)?$/m.exec(text) : null;
    const port = match ? Number(match[1]) : 0;
    if (port >= 1 && port <= 65_535) return { port, file, found: `the PORT ${file} sets` };
  }
  return undefined;
}

