import path from 'node:path';
import { joinPathFragments, readProjectConfiguration, type Tree } from '@nx/devkit';
import type { FeatureContext } from '../../utils/feature';

/** Where the docker feature writes, and what the image runs. All paths are workspace-root relative. */
export interface DockerPaths {
  dockerfile: string;
  compose: string;
  /** Shared by every service of the workspace: the build context is the workspace root. */
  dockerignore: string;
  /** Build output folder of the project, e.g. dist/apps/shop. */
  distDir: string;
  /** The file node starts, e.g. dist/apps/shop/main.js. */
  entry: string;
  /** The promtool rule file of the alerts feature, mounted into the local Prometheus when present. */
  prometheusRules: string;
  /** Package files inside the workspace that package.json installs from (`file:./tools/x.tgz`): npm ci needs them. */
  localPackages: string[];
}

/** `file:` dependencies of the root package.json that are files inside the workspace, e.g. tools/ready-tools-ready-0.1.0.tgz. */
function localPackageFiles(tree: Tree): string[] {
  if (!tree.exists('package.json')) return [];
  const pkg = JSON.parse(tree.read('package.json', 'utf-8') ?? '{}') as Record<string, Record<string, string> | undefined>;
  const specs = [pkg.dependencies, pkg.devDependencies, pkg.optionalDependencies].flatMap((deps) => Object.values(deps ?? {}));
  const files = specs
    .filter((spec) => spec.startsWith('file:'))
    .map((spec) => path.posix.normalize(spec.slice('file:'.length)))
    .filter((file) => !file.startsWith('..') && !path.posix.isAbsolute(file));
  return [...new Set(files)].sort();
}

/** The project's build target, when it is registered (ready:service adds the project after rendering its files). */
function buildTarget(tree: Tree, ctx: FeatureContext): { executor?: string; options?: Record<string, unknown> } | undefined {
  try {
    return readProjectConfiguration(tree, ctx.projectName).targets?.['build'];
  } catch {
    return undefined;
  }
}

/** The build output folder: the build target's outputPath when it names one, else dist/<projectRoot> (ready:service's tsc build). */
function buildOutputDir(build: ReturnType<typeof buildTarget>, ctx: FeatureContext): string {
  const outputPath = build?.options?.outputPath;
  if (typeof outputPath === 'string' && outputPath.length > 0) return outputPath.replace(/^\{workspaceRoot\}\//, '').replace(/\/+$/, '');
  return joinPathFragments('dist', ctx.projectRoot);
}

/** What a build executor that keeps the source tree writes for a source file (@nx/js:tsc and swc: dist/<out>/src/server.js). */
const KEEPS_SOURCE_TREE = /^@nx\/js:(tsc|swc)$/;
const builtName = (file: string) => file.replace(/\.(c|m)?tsx?$/, (_ext, kind: string | undefined) => `.${kind ?? ''}js`);

/**
 * The file node starts: the build's `main` (src/server.ts) as the build writes it, bundled to its base name
 * (esbuild, webpack, rollup: server.js; esbuild's outputFileName when set) or at its place under the project
 * (@nx/js:tsc and swc: src/server.js); main.js when the build names no main (ready:service's tsc build of src/main.ts).
 */
function buildEntry(build: ReturnType<typeof buildTarget>, ctx: FeatureContext, distDir: string): string {
  const main = build?.options?.main;
  if (typeof main !== 'string' || main.length === 0) return joinPathFragments(distDir, 'main.js');
  const source = main.replace(/^\{workspaceRoot\}\//, '').replace(/^\{projectRoot\}\//, `${ctx.projectRoot}/`);
  if (KEEPS_SOURCE_TREE.test(build?.executor ?? '')) {
    const inProject = ctx.projectRoot === '.' ? source : path.posix.relative(ctx.projectRoot, source);
    return joinPathFragments(distDir, builtName(inProject));
  }
  const outputFileName = build?.options?.outputFileName;
  return joinPathFragments(distDir, typeof outputFileName === 'string' && outputFileName ? outputFileName : builtName(path.posix.basename(source)));
}

export function dockerPaths(tree: Tree, ctx: FeatureContext): DockerPaths {
  const build = buildTarget(tree, ctx);
  const distDir = buildOutputDir(build, ctx);
  return {
    dockerfile: joinPathFragments(ctx.projectRoot, 'Dockerfile'),
    compose: joinPathFragments(ctx.projectRoot, 'docker-compose.yaml'),
    dockerignore: '.dockerignore',
    distDir,
    entry: buildEntry(build, ctx, distDir),
    prometheusRules: joinPathFragments(ctx.projectRoot, 'deploy', 'prometheus', 'rules.yaml'),
    localPackages: localPackageFiles(tree),
  };
}
