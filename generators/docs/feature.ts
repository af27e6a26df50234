import type { ReadyFeature } from '../utils/feature';
import { createDocsFiles } from './lib/create-files';

/** README, runbooks, troubleshooting and checklists describing every artifact above it: last in the list. */
export const docsFeature: ReadyFeature = {
  name: 'docs',
  enabled: () => true,
  createFiles: (tree, ctx) => void createDocsFiles(tree, ctx),
  readmeOrder: 99,
};
