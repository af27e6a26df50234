import type { TargetConfiguration, Tree } from '@nx/devkit';
import { addTargetOnce } from '../../utils/project-target';
import type { FeatureContext } from '../../utils/feature';
import type { DockerPaths } from './docker-paths';

export const DOCKER_BUILD_TARGET = 'docker-build';

/** `nx run <project>:docker-build`: the image tagged <image>:local, built from the workspace root. */
export function dockerBuildTarget(ctx: FeatureContext, paths: DockerPaths): TargetConfiguration {
  return {
    executor: 'nx:run-commands',
    metadata: {
      description: `Build the ${ctx.model.image}:local image from ${paths.dockerfile} (podman build takes the same arguments).`,
    },
    // run-commands runs in the workspace root, the build context every service shares.
    options: { command: `docker build -f ${paths.dockerfile} -t ${ctx.model.image}:local .` },
  };
}

/** Add the docker-build target once (see addTargetOnce). */
export function addDockerBuildTarget(tree: Tree, ctx: FeatureContext, paths: DockerPaths): void {
  addTargetOnce(tree, ctx.projectName, DOCKER_BUILD_TARGET, dockerBuildTarget(ctx, paths));
}
