import { getProjects, joinPathFragments, names, type Tree } from '@nx/devkit';
import type { ObservabilityGeneratorSchema } from '../schema';

export interface NormalizedObservabilityOptions {
  project: string;
  projectRoot: string;
  /** Where the app's TypeScript lives (project sourceRoot, else <projectRoot>/src). */
  sourceRoot: string;
  /** The file node starts: tracing must be its first import. */
  entryFile: string;
  /** The feature folder, `<projectRoot>/src/observability`. */
  observabilityDir: string;
  /** The service name a new ready.yaml gets: the project name in kebab-case. */
  serviceName: string;
  skipFormat: boolean;
}

export { toServiceName } from '../../utils/names';
import { toServiceName } from '../../utils/names';

export function normalizeOptions(tree: Tree, schema: ObservabilityGeneratorSchema): NormalizedObservabilityOptions {
  const projects = getProjects(tree);
  const config = projects.get(schema.project);
  if (!config) {
    const known = [...projects.keys()].sort();
    throw new Error(
      `ready:add-observability: no project named "${schema.project}" in this workspace.${known.length ? ` Known projects: ${known.join(', ')}.` : ''}`,
    );
  }
  const projectRoot = config.root;
  const sourceRoot = config.sourceRoot ?? joinPathFragments(projectRoot, 'src');
  const main = config.targets?.['build']?.options?.main;
  return {
    project: schema.project,
    projectRoot,
    sourceRoot,
    entryFile: typeof main === 'string' && main ? joinPathFragments(main) : joinPathFragments(projectRoot, 'src/main.ts'),
    observabilityDir: joinPathFragments(projectRoot, 'src/observability'),
    serviceName: toServiceName(schema.project),
    skipFormat: schema.skipFormat ?? false,
  };
}
