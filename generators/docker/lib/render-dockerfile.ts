import { readFileSync } from 'node:fs';
import path from 'node:path';
import { render } from 'ejs';
import { generatedMarker } from '../../utils/derived-files';
import type { FeatureContext } from '../../utils/feature';
import { templatesDir } from '../../utils/paths';
import type { DockerPaths } from './docker-paths';

/** The numeric user and group of the runtime stage; the Kubernetes securityContext uses the same ids. */
export const CONTAINER_UID = 10001;
export const CONTAINER_GID = 10001;

/** The official slim Debian image of the configured Node major. */
export function nodeBaseImage(ctx: FeatureContext): string {
  return `node:${ctx.model.runtime.node}-bookworm-slim`;
}

/** The multi-stage Dockerfile: build, production dependencies, and a runtime stage with only dist and node_modules. */
export function renderDockerfile(ctx: FeatureContext, paths: DockerPaths): string {
  const template = readFileSync(path.join(templatesDir('docker'), 'Dockerfile.ejs'), 'utf-8');
  return render(template, {
    marker: generatedMarker(ctx.regenerate),
    projectName: ctx.projectName,
    image: ctx.model.image,
    baseImage: nodeBaseImage(ctx),
    port: ctx.model.http.port,
    uid: CONTAINER_UID,
    gid: CONTAINER_GID,
    dockerfile: paths.dockerfile,
    distDir: paths.distDir,
    entry: paths.entry,
    localPackages: paths.localPackages,
  });
}
