import type { ReadyFeature } from '../utils/feature';
import { createDockerFiles } from './lib/create-files';

/** Dockerfile, .dockerignore and a docker-compose file with the dependencies: after alerts, whose rules compose's Prometheus loads. */
export const dockerFeature: ReadyFeature = {
  name: 'docker',
  enabled: () => true,
  createFiles: createDockerFiles,
  readmeOrder: 1,
};
