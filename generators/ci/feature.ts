import type { ReadyFeature } from '../utils/feature';
import { createCiFiles } from './lib/create-files';

/** CI and deploy workflows and Dependabot: `.github/`. */
export const ciFeature: ReadyFeature = {
  name: 'ci',
  enabled: () => true,
  createFiles: createCiFiles,
  readmeOrder: 3,
};
