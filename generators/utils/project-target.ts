import { getProjects, updateProjectConfiguration, type TargetConfiguration, type Tree } from '@nx/devkit';

/**
 * Add a target to a project once. A target of that name that is already there is the team's and stays as it is;
 * a project that is not registered yet (ready:service renders files before it registers the project) is left alone.
 */
export function addTargetOnce(tree: Tree, projectName: string, name: string, target: TargetConfiguration | undefined): void {
  const project = getProjects(tree).get(projectName);
  if (!target || !project || project.targets?.[name]) return;
  updateProjectConfiguration(tree, projectName, { ...project, targets: { ...project.targets, [name]: target } });
}
