import { formatFiles, getProjects, type Tree } from '@nx/devkit';
import { serviceGenerator } from '../service/generator';
import { SERVICE_TAG, type FeatureContext } from '../utils/feature';
import { hasServiceConfig, readServiceModel } from '../utils/model';
import { createDocsFiles } from './lib/create-files';

/** What Nx reads from a sync generator's result (nx's SyncGeneratorResult, not exported by @nx/devkit). */
export interface SyncResult {
  outOfSyncMessage?: string;
  outOfSyncDetails?: string[];
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
      const ctx: FeatureContext = { projectName, projectRoot: project.root, model, regenerate: `npx nx g ready:docs --project=${projectName}`, readyService: false };
      createDocsFiles(tree, ctx);
    }
  }
  await formatFiles(tree);
  const changes = tree.listChanges().map((c) => c.path).sort();
  if (changes.length === 0) return {};
  return {
    outOfSyncMessage: `Files derived from ready.yaml are out of date (${changes.length}): ${changes.join(', ')}. Run "npx nx sync" and commit the result.`,
    outOfSyncDetails: changes,
  };
}

export default syncGenerator;
