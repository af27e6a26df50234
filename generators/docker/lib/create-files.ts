import type { Tree } from '@nx/devkit';
import type { FeatureContext } from '../../utils/feature';
import { addDockerBuildTarget } from './add-docker-target';
import { dockerPaths } from './docker-paths';
import { renderCompose } from './render-compose';
import { renderDockerfile } from './render-dockerfile';
import { updateDockerignore } from './update-dockerignore';
import { writeDerivedFile } from '../../utils/derived-files';

/**
 * Render the docker feature of one service from its model:
 * - `<root>/Dockerfile` and `<root>/docker-compose.yaml`, derived (marker, rewritten every run; a file
 *   without the marker is the team's and is kept);
 * - ready's block of the workspace `.dockerignore` (other lines kept);
 * - the `docker-build` target, added once (never replaces an existing one; skipped while the project
 *   is not registered yet).
 */
export function createDockerFiles(tree: Tree, ctx: FeatureContext): void {
  const paths = dockerPaths(tree, ctx);
  writeDerivedFile(tree, paths.dockerfile, renderDockerfile(ctx, paths));
  writeDerivedFile(tree, paths.compose, renderCompose(tree, ctx, paths));
  updateDockerignore(tree, paths.dockerignore);
  addDockerBuildTarget(tree, ctx, paths);
}
