import { formatFiles, getProjects, joinPathFragments, logger, type GeneratorCallback, type Tree } from '@nx/devkit';
import { observabilityGenerator } from '../../observability/generator';
import { queuesGenerator } from '../../queues/generator';
import { resilienceGenerator } from '../../resilience/generator';
import { securityGenerator } from '../../security/generator';
import { serviceGenerator } from '../../service/generator';
import { writtenScaffolds } from '../../utils/derived-files';
import { SERVICE_TAG } from '../../utils/feature';
import { hasServiceConfig } from '../../utils/model';
import { BASE_FILE, basePath, pluginVersion, readBase, relativeTo, SCAFFOLD_GENERATORS, type BaseEntry, type ScaffoldGenerator } from '../../utils/scaffold-base';
import { ScratchTree } from '../../utils/scratch-tree';
import { mergeScaffold } from './merge';

/** What the upgrade does to one scaffold file. */
export type FileAction =
  | 'unchanged' // already ready's new rendering
  | 'kept' // your edits; ready's template did not change
  | 'updated' // you had not edited it: ready's new rendering replaces it
  | 'merged' // your edits and ready's changes, merged cleanly
  | 'conflict' // both changed the same lines: written with conflict markers
  | 'unresolved' // still holds the conflict markers of an earlier upgrade: left as it is
  | 'created' // new in this version of ready, or deleted by you (every generator run writes a missing scaffold file)
  | 'no-base' // written before ready recorded bases and edited since: left as it is
  | 'retired'; // ready no longer writes it: it stays yours

export interface FilePlan {
  /** Workspace path. */
  path: string;
  action: FileAction;
  /** The content the upgrade writes (for the actions that write). */
  content?: string;
  /** The versions the base and the new rendering come from. */
  from?: string;
  to: string;
}

export interface ProjectPlan {
  project: string;
  root: string;
  files: FilePlan[];
  /** The base the upgrade records: every file ready now renders, with its new pristine content. */
  base: Map<string, BaseEntry>;
  /** The generators that wrote the project's scaffold files, in registry order: they render it again. */
  generators: ScaffoldGenerator[];
}

export const WRITES: ReadonlySet<FileAction> = new Set(['updated', 'merged', 'conflict', 'created']);

type Run = (tree: Tree, project: string, root: string) => Promise<GeneratorCallback | void>;

const RUN: Record<ScaffoldGenerator, Run> = {
  service: (tree, project, root) => serviceGenerator(tree, { name: project, directory: root, skipFormat: true }),
  'add-observability': (tree, project) => observabilityGenerator(tree, { project, skipFormat: true }),
  'add-security': (tree, project) => securityGenerator(tree, { project, skipFormat: true }),
  'add-resilience': (tree, project) => resilienceGenerator(tree, { project, skipFormat: true }),
  'add-queues': (tree, project) => queuesGenerator(tree, { project, skipFormat: true }),
};

/** Run `fn` with ready's progress lines silenced (the upgrade reports per file instead); warnings still show. */
export async function quietly<T>(fn: () => Promise<T>, silenceWarnings = false): Promise<T> {
  const { info, log, warn } = logger;
  logger.info = () => undefined;
  logger.log = () => undefined;
  if (silenceWarnings) logger.warn = () => undefined;
  try {
    return await fn();
  } finally {
    Object.assign(logger, { info, log, warn });
  }
}

/** Run the project's generators on `tree` (regenerating its derived files); their install tasks, in order. */
export async function runGenerators(tree: Tree, plan: Pick<ProjectPlan, 'project' | 'root' | 'generators'>): Promise<GeneratorCallback[]> {
  const tasks: GeneratorCallback[] = [];
  for (const generator of plan.generators) {
    const task = await RUN[generator](tree, plan.project, plan.root);
    if (task) tasks.push(task);
  }
  return tasks;
}

/** The projects an upgrade looks at: those with a recorded base or a ready.yaml, or the one asked for. */
export function upgradeTargets(tree: Tree, only?: string): { project: string; root: string; readyService: boolean }[] {
  const targets = [];
  for (const [project, config] of getProjects(tree)) {
    if (only && project !== only) continue;
    const root = config.root === '' ? '.' : config.root;
    if (!tree.exists(basePath(root)) && !hasServiceConfig(tree, root)) continue;
    targets.push({ project, root, readyService: (config.tags ?? []).includes(SERVICE_TAG) });
  }
  if (only && targets.length === 0) {
    throw new Error(`ready:upgrade: project "${only}" has neither ${BASE_FILE} nor a ready.yaml; ready wrote no scaffold files there.`);
  }
  return targets;
}

/**
 * ready's new rendering of every scaffold file of a project: its generators run again in a scratch view of the
 * workspace in which the files ready wrote look absent (for a ready:service, the whole project but its ready.yaml
 * and project.json), so each is written afresh. Nothing reaches the real tree.
 */
async function renderOurs(tree: Tree, target: { project: string; root: string; readyService: boolean }, base: Map<string, BaseEntry>, generators: ScaffoldGenerator[]) {
  // What the generators read and never write as scaffold: the config, the project, and (for a project at the workspace root) the workspace's own files.
  const workspaceFiles = target.root === '.' ? ['package.json', 'package-lock.json', 'nx.json', 'tsconfig.base.json'] : [];
  const keep = new Set([joinPathFragments(target.root, 'ready.yaml'), joinPathFragments(target.root, 'project.json'), ...workspaceFiles]);
  const inProject = (path: string) => target.root === '.' || path.startsWith(`${target.root}/`);
  const recorded = new Set([...base.keys()].map((rel) => (target.root === '.' ? rel : joinPathFragments(target.root, rel))));
  const hide = target.readyService ? (path: string) => inProject(path) && !keep.has(path) : (path: string) => recorded.has(path);
  const scratch = new ScratchTree(tree, hide);
  await quietly(() => runGenerators(scratch, { ...target, generators }), true);
  await formatFiles(scratch);
  const ours = new Map<string, string>();
  for (const path of writtenScaffolds(scratch)) {
    if (!inProject(path)) continue;
    const content = scratch.read(path, 'utf-8');
    if (content !== null) ours.set(path, content);
  }
  return ours;
}

/** Which generators render a project: those its base names, or, for a project without a base, what it is. */
function generatorsOf(base: Map<string, BaseEntry>, readyService: boolean): ScaffoldGenerator[] {
  const named = new Set([...base.values()].map((entry) => entry.generator));
  if (readyService) named.add('service');
  return SCAFFOLD_GENERATORS.filter((generator) => named.has(generator));
}

/** The markers mergeScaffold writes, at the start of a line. */
export const hasConflictMarkers = (content: string) => /^<<<<<<< yours$/m.test(content) && /^>>>>>>> ready /m.test(content);

/** Work out, file by file, what upgrading one project does. Reads the tree; writes nothing. */
export async function planProject(tree: Tree, target: { project: string; root: string; readyService: boolean }): Promise<ProjectPlan> {
  const base = readBase(tree, target.root);
  const generators = generatorsOf(base, target.readyService);
  const to = pluginVersion();
  const ours = generators.length > 0 ? await renderOurs(tree, target, base, generators) : new Map<string, string>();
  const rel = (path: string) => relativeTo(target.root, path);
  const abs = (file: string) => (target.root === '.' ? file : joinPathFragments(target.root, file));
  const generatorOf = (file: string): ScaffoldGenerator => base.get(file)?.generator ?? (target.readyService ? 'service' : generators[0]);

  const files: FilePlan[] = [];
  const nextBase = new Map<string, BaseEntry>();
  const paths = [...new Set([...ours.keys(), ...[...base.keys()].map(abs)])].sort();
  for (const path of paths) {
    const file = rel(path);
    const recorded = base.get(file);
    const ready = ours.get(path);
    const yours = tree.read(path, 'utf-8');
    const from = recorded?.plugin;
    if (ready === undefined) {
      // Only a recorded file can be missing from the new rendering: ready stopped writing it.
      files.push({ path, action: 'retired', from, to });
      continue;
    }
    const record = () => nextBase.set(file, { generator: generatorOf(file), plugin: to, content: ready });
    if (yours === null) {
      files.push({ path, action: 'created', content: ready, from, to });
      record();
    } else if (yours === ready) {
      files.push({ path, action: 'unchanged', from, to });
      record();
    } else if (!recorded) {
      files.push({ path, action: 'no-base', from, to });
    } else if (recorded.content === ready) {
      files.push({ path, action: hasConflictMarkers(yours) ? 'unresolved' : 'kept', from, to });
      record();
    } else if (yours === recorded.content) {
      files.push({ path, action: 'updated', content: ready, from, to });
      record();
    } else {
      const merged = mergeScaffold(yours, recorded.content, ready, { base: `ready ${recorded.plugin} (base)`, ready: `ready ${to}` });
      files.push({ path, action: merged.conflict ? 'conflict' : 'merged', content: merged.content, from, to });
      record();
    }
  }
  return { project: target.project, root: target.root, files, base: nextBase, generators };
}

const SAYS: Record<FileAction, string> = {
  unchanged: 'already up to date',
  kept: 'your edits kept; ready did not change it',
  updated: "ready's new version (you had not edited it)",
  merged: "your edits and ready's changes, merged",
  conflict: 'CONFLICT: you and ready changed the same lines; resolve the <<<<<<< markers, then rebuild',
  unresolved: 'still has the conflict markers of an earlier upgrade; resolve them',
  created: 'written (new in ready, or missing)',
  'no-base': 'left as it is: edited, and written before ready recorded a merge base, so there is nothing to merge from',
  retired: 'no longer written by ready; it is yours to keep or delete',
};

/** One line per file that an upgrade writes or cannot merge; the quiet ones (unchanged, kept) are only counted. */
export function describePlan(plan: ProjectPlan, check: boolean): string[] {
  if (plan.generators.length === 0) {
    return [
      `ready:upgrade ${plan.project}: nothing to merge: ready recorded no base here (${basePath(plan.root)}); the add-* generators wrote its files before ready 0.2.0, or none ran.`,
    ];
  }
  const loud = plan.files.filter((f) => f.action !== 'unchanged' && f.action !== 'kept');
  const head = `ready:upgrade ${plan.project} to ready ${pluginVersion()}${check ? ' (--check: nothing written)' : ''}: ${plan.files.length} scaffold files`;
  if (loud.length === 0) return [`${head}, all up to date (your edits kept).`];
  const lines = [`${head}, ${plan.files.length - loud.length} up to date, ${loud.length} ${check ? 'to change or look at' : 'changed or to look at'}:`];
  for (const file of loud) lines.push(`  ${file.path}: ${SAYS[file.action]}${file.from && file.from !== file.to ? ` (${file.from} → ${file.to})` : ''}`);
  return lines;
}
