import type { ReadyFeature } from '../utils/feature';
import { createK8sFiles } from './lib/create-files';

/** A Kustomize base and one overlay per environment: `deploy/k8s/`. */
export const k8sFeature: ReadyFeature = {
  name: 'k8s',
  enabled: () => true,
  createFiles: createK8sFiles,
  readmeOrder: 2,
};
