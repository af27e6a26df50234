import { existsSync, readdirSync, statSync } from 'node:fs';
import { FsTree, flushChanges, type FileChange } from 'nx/src/generators/tree';
import type { GeneratorCallback } from '@nx/devkit';
import { CliError } from './errors';
import type { PackageManager } from './args';
import type { ReadyPluginApi } from './plugin-api';

/** Refuse anything but a missing or empty directory, before a single file is written. */
export function assertTargetIsEmpty(targetDir: string, shown: string): void {
  if (!existsSync(targetDir)) return;
  if (!statSync(targetDir).isDirectory()) throw new CliError(`Target ${shown} exists and is not a directory; choose another name`);
  if (readdirSync(targetDir).length > 0) throw new CliError(`Target directory ${shown} is not empty; choose another name or empty it`);
}

export interface WorkspacePlan {
  targetDir: string;
  name: string;
  /** apps/<name>/ready.yaml as written from answers, flags or --config; absent = generator default. */
  configYaml?: string;
  readyPackageSpec?: string;
  packageManager: PackageManager;
}

export interface GeneratedWorkspace {
  tree: FsTree;
  changes: FileChange[];
  callback: GeneratorCallback;
}

export const serviceConfigPath = (name: string) => `apps/${name}/ready.yaml`;

/**
 * Run ready:preset in memory. The answers travel in ready.yaml (the preset's service generator
 * builds from it), so the preset only needs the name. The tree is rooted at the (not yet created)
 * target directory; nothing touches the disk until writeWorkspace.
 */
export async function generateWorkspace(plugin: ReadyPluginApi, plan: WorkspacePlan): Promise<GeneratedWorkspace> {
  const tree = new FsTree(plan.targetDir, false);
  if (plan.configYaml !== undefined) tree.write(serviceConfigPath(plan.name), plan.configYaml);
  const callback = await plugin.presetGenerator(tree, {
    name: plan.name,
    readyPackageSpec: plan.readyPackageSpec,
    packageManager: plan.packageManager,
  });
  return { tree, changes: tree.listChanges(), callback };
}

export function writeWorkspace(targetDir: string, changes: FileChange[]): void {
  flushChanges(targetDir, changes);
}
