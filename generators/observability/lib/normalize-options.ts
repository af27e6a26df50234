import { joinPathFragments, type Tree } from '@nx/devkit';
import { appProject, type AppProject } from '../../utils/app-edit/app-project';
import type { ObservabilityGeneratorSchema } from '../schema';

export interface NormalizedObservabilityOptions extends AppProject {
  /** The feature folder, `<projectRoot>/src/observability`. */
  observabilityDir: string;
  /** The service name a new ready.yaml gets: the project name in kebab-case. */
  serviceName: string;
  skipFormat: boolean;
}

export { toServiceName } from '../../utils/names';
import { toServiceName } from '../../utils/names';

export function normalizeOptions(tree: Tree, schema: ObservabilityGeneratorSchema): NormalizedObservabilityOptions {
  const app = appProject(tree, schema.project, 'add-observability');
  return {
    ...app,
    observabilityDir: joinPathFragments(app.projectRoot, 'src/observability'),
    serviceName: toServiceName(schema.project),
    skipFormat: schema.skipFormat ?? false,
  };
}
