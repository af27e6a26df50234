import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync, chmodSync } from 'node:fs';
import path from 'node:path';
import type { FileChange, FsTree } from 'nx/src/generators/tree';
import type { GeneratorCallback } from '@nx/devkit';
import { CliError } from './errors';
import type { PackageManager } from './args';
import { createMemoryTree, withoutDiskGlobs } from './memory-tree';
import type { ReadyPluginApi } from './plugin-api';

/** What the target already holds: dotfiles and `.git` (a fresh clone, a `.keep`) are fine to generate next to. */
export interface TargetState {
  existed: boolean;
  /** Entries already there (all dotfiles), kept as they are. */
  entries: string[];
}

/** Refuse anything but a missing or empty directory (dotfiles and .git allowed), before a single file is written. */
export function inspectTarget(targetDir: string, shown: string): TargetState {
  if (!existsSync(targetDir)) return { existed: false, entries: [] };
  if (!statSync(targetDir).isDirectory()) throw new CliError(`Target ${shown} exists and is not a directory; choose another name`);
  const entries = readdirSync(targetDir);
  const visible = entries.filter((entry) => !entry.startsWith('.'));
  if (visible.length > 0) {
    const listed = visible.slice(0, 3).join(', ') + (visible.length > 3 ? `, … (${visible.length} entries)` : '');
    throw new CliError(`Target directory ${shown} is not empty (${listed}); choose another name or empty it. Only dotfiles and .git may be there.`);
  }
  return { existed: true, entries };
}

export interface WorkspacePlan {
  targetDir: string;
  name: string;
  /** apps/<name>/ready.yaml as written from answers, flags or --config; absent = generator default. */
  configYaml?: string;
  readyPackageSpec?: string;
  /** Files to place in the workspace besides the generated ones (the plugin tarball, apps/<name>/.env). */
  extraFiles?: { path: string; content: Buffer | string; mode?: number }[];
  packageManager: PackageManager;
}

export interface GeneratedWorkspace {
  tree: FsTree;
  changes: FileChange[];
  callback: GeneratorCallback;
}

export const serviceConfigPath = (name: string) => `apps/${name}/ready.yaml`;

/**
 * Run ready:preset on a tree that lives in memory. The answers travel in ready.yaml (the preset's service
 * generator builds from it), so the preset only needs the name. Nothing on disk is read or globbed, so an
 * existing empty directory behaves like a missing one; nothing is written until writeWorkspace.
 */
export async function generateWorkspace(plugin: ReadyPluginApi, plan: WorkspacePlan): Promise<GeneratedWorkspace> {
  const tree = createMemoryTree(plan.targetDir);
  if (plan.configYaml !== undefined) tree.write(serviceConfigPath(plan.name), plan.configYaml);
  const callback = await withoutDiskGlobs(plan.targetDir, () =>
    plugin.presetGenerator(tree, { name: plan.name, readyPackageSpec: plan.readyPackageSpec, packageManager: plan.packageManager }),
  );
  for (const file of plan.extraFiles ?? []) tree.write(file.path, file.content, file.mode ? { mode: file.mode } : undefined);
  return { tree, changes: tree.listChanges(), callback };
}

/** Generated paths that an entry already in the target (a dotfile) would collide with. */
export function collisions(targetDir: string, changes: FileChange[]): string[] {
  return changes.map((change) => change.path).filter((file) => existsSync(path.join(targetDir, file)));
}

/**
 * What writeWorkspace created, so an interrupted run can take it back: the directory itself when it did not
 * exist, else the top-level entries it added (the user's dotfiles stay).
 */
export interface Created {
  targetDir: string;
  createdDir: boolean;
  entries: Set<string>;
}

export function writeWorkspace(targetDir: string, changes: FileChange[], created: Created): void {
  if (!existsSync(targetDir)) {
    mkdirSync(targetDir, { recursive: true });
    created.createdDir = true;
  }
  for (const change of changes) {
    if (change.type === 'DELETE' || change.content === null) continue;
    const file = path.join(targetDir, change.path);
    created.entries.add(change.path.split('/')[0]);
    mkdirSync(path.dirname(file), { recursive: true });
    // 'wx': never overwrite something that appeared since the target was inspected.
    writeFileSync(file, change.content, { flag: 'wx' });
    if (change.options?.mode) chmodSync(file, change.options.mode);
  }
}

/** Remove what writeWorkspace (and anything run inside the new files, e.g. an install) created. */
export function removeCreated(created: Created): void {
  if (created.createdDir) {
    rmSync(created.targetDir, { recursive: true, force: true });
    return;
  }
  for (const entry of created.entries) rmSync(path.join(created.targetDir, entry), { recursive: true, force: true });
}
