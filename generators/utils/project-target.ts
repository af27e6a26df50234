import { basename } from 'node:path';
import { getProjects, updateProjectConfiguration, type ProjectConfiguration, type TargetConfiguration, type Tree } from '@nx/devkit';

/** The files getProjects reads projects and package-manager workspaces from. */
const PROJECT_FILES = new Set(['project.json', 'package.json', 'pnpm-workspace.yaml', 'lerna.json', 'angular.json']);

/** Per tree, the last getProjects result and the changes of project files it was read with (path, type, content buffer). */
const projectsRead = new WeakMap<Tree, { changes: unknown[]; projects: Map<string, ProjectConfiguration> }>();

function projectFileChanges(tree: Tree): unknown[] {
  const changes: unknown[] = [];
  for (const change of tree.listChanges()) if (PROJECT_FILES.has(basename(change.path))) changes.push(change.path, change.type, change.content);
  return changes;
}

/**
 * getProjects, read again only when a file it reads projects from changed in the tree since the last read (an Nx
 * tree keeps a written file's content buffer, so an unchanged buffer is an unchanged file). getProjects globs the
 * workspace and parses every project.json, and a service's features add their targets one by one, so ready:sync over
 * 50 services read all 50 projects 4 times per service (quadratic: 3 of its 12 s). Callers must not mutate the result.
 */
function projectsOf(tree: Tree): Map<string, ProjectConfiguration> {
  const changes = projectFileChanges(tree);
  const last = projectsRead.get(tree);
  if (last && last.changes.length === changes.length && last.changes.every((value, i) => value === changes[i])) return last.projects;
  const projects = getProjects(tree);
  projectsRead.set(tree, { changes, projects });
  return projects;
}

/**
 * Add a target to a project once. A target of that name that is already there is the team's and stays as it is;
 * a project that is not registered yet (ready:service renders files before it registers the project) is left alone.
 */
export function addTargetOnce(tree: Tree, projectName: string, name: string, target: TargetConfiguration | undefined): void {
  const project = projectsOf(tree).get(projectName);
  if (!target || !project || project.targets?.[name]) return;
  updateProjectConfiguration(tree, projectName, { ...project, targets: { ...project.targets, [name]: target } });
}
