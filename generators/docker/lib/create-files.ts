import { joinPathFragments, logger, type Tree } from '@nx/devkit';
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
  const theirs = teamComposeFile(tree, ctx.projectRoot, paths.compose);
  if (theirs) {
    logger.warn(
      `ready: kept your ${theirs}; no ${paths.compose} is written beside it (\`docker compose\` would read one of the two). Add the local containers of ready.yaml's dependencies to yours, or delete it and rerun to get ready's.`,
    );
  } else {
    writeDerivedFile(tree, paths.compose, renderCompose(tree, ctx, paths));
  }
  updateDockerignore(tree, paths.dockerignore);
  addDockerBuildTarget(tree, ctx, paths);
}

/** The names `docker compose` looks for in a folder. */
const COMPOSE_FILES = ['compose.yaml', 'compose.yml', 'docker-compose.yaml', 'docker-compose.yml'];

/** A compose file of the team's in the project folder under another name than ready's (ready's name without its marker is kept by writeDerivedFile). */
function teamComposeFile(tree: Tree, projectRoot: string, ours: string): string | undefined {
  return COMPOSE_FILES.map((name) => joinPathFragments(projectRoot, name)).find((file) => file !== ours && tree.exists(file));
}

