import { getProjects, type Tree } from '@nx/devkit';
import { finishFiles } from '../utils/scaffold-base';
import { serviceGenerator } from '../service/generator';
import { featureContext } from '../features';
import { SERVICE_TAG } from '../utils/feature';
import { hasServiceConfig, readServiceModel } from '../utils/model';
import { createDocsFiles } from './lib/create-files';
import { REGENERATE_COMMAND } from './lib/markers';

/** What Nx reads from a sync generator's result (nx's SyncGeneratorResult, not exported by @nx/devkit). */
export interface SyncResult {
  outOfSyncMessage?: string;
  outOfSyncDetails?: string[];
}

const VERBS = { CREATE: 'creates', UPDATE: 'updates', DELETE: 'deletes' } as const;

/**
 * What the generator changes, in words. Nx prints `outOfSyncMessage` both when `nx sync` writes the
 * changes (before its "The workspace was synced successfully!") and when `nx sync:check` or a task
 * finds them (followed by its own "Run `nx sync`"), so the message says what `nx sync` writes and
 * never tells to run the command that is running. The details, one file per line, are what
 * `nx sync:check` prints below it.
 */
export function describeChanges(changes: { path: string; type: keyof typeof VERBS }[]): SyncResult {
  if (changes.length === 0) return {};
  const sorted = [...changes].sort((a, b) => a.path.localeCompare(b.path));
  const groups = (Object.keys(VERBS) as (keyof typeof VERBS)[])
    .map((type) => ({ type, files: sorted.filter((c) => c.type === type).map((c) => c.path) }))
    .filter((g) => g.files.length > 0)
    .map((g) => `${VERBS[g.type]} ${g.files.join(', ')}`);
  const n = changes.length;
  // A new dependency kind, queue backend or cache brings packages: nx sync writes package.json but installs nothing.
  const install = sorted.some((c) => c.path === 'package.json') ? ' package.json changed: run `npm install` before building.' : '';
  return {
    outOfSyncMessage: `\`${REGENERATE_COMMAND}\` writes ${n} file${n === 1 ? '' : 's'} derived from ready.yaml: ${groups.join('; ')}.${install}`,
    outOfSyncDetails: sorted.map((c) => `${VERBS[c.type]} ${c.path}`),
  };
}

/**
 * `ready:sync`, the workspace's sync generator (nx.json `sync.globalGenerators` and the services'
 * task `syncGenerators`): every project with a ready.yaml gets its derived files regenerated. A
 * ready:service project is regenerated whole (env schema, .env.example, manifests, alerts, workflows,
 * docs; scaffold files the team owns are never touched); any other project gets its docs. `nx sync`
 * writes the changes; `nx sync:check` fails and names the files.
 */
export async function syncGenerator(tree: Tree): Promise<SyncResult> {
  for (const [projectName, project] of getProjects(tree)) {
    if (!hasServiceConfig(tree, project.root)) continue;
    const model = readServiceModel(tree, project.root);
    if ((project.tags ?? []).includes(SERVICE_TAG) && model.service.name === projectName) {
      await serviceGenerator(tree, { name: projectName, directory: project.root, skipFormat: true });
    } else {
      const ctx = featureContext({ projectName, projectRoot: project.root, model, regenerate: REGENERATE_COMMAND, readyService: false });
      createDocsFiles(tree, ctx);
    }
  }
  await finishFiles(tree, 'service');
  return describeChanges(tree.listChanges());
}

export default syncGenerator;
