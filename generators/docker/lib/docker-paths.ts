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

/** The build output folder: the build target's outputPath when it names one, else dist/<projectRoot> (ready:service's tsc build). */
function buildOutputDir(tree: Tree, ctx: FeatureContext): string {
  try {
    const outputPath = readProjectConfiguration(tree, ctx.projectName).targets?.['build']?.options?.outputPath;
    if (typeof outputPath === 'string' && outputPath.length > 0) return outputPath.replace(/^\{workspaceRoot\}\//, '').replace(/\/+$/, '');
  } catch {
    // Not registered yet: ready:service adds the project after rendering its files.
  }
  return joinPathFragments('dist', ctx.projectRoot);
}

export function dockerPaths(tree: Tree, ctx: FeatureContext): DockerPaths {
  const distDir = buildOutputDir(tree, ctx);
  return {
    dockerfile: joinPathFragments(ctx.projectRoot, 'Dockerfile'),
    compose: joinPathFragments(ctx.projectRoot, 'docker-compose.yaml'),
    dockerignore: '.dockerignore',
    distDir,
    entry: joinPathFragments(distDir, 'main.js'),
    prometheusRules: joinPathFragments(ctx.projectRoot, 'deploy', 'prometheus', 'rules.yaml'),
    localPackages: localPackageFiles(tree),
  };
}
