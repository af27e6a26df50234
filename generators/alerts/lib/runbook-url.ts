import type { ReadyModel } from '@ready-tools/config';

/** The service folder inside the repository: `apps/<name>` unless the caller knows better. */
function serviceFolder(model: ReadyModel, projectRoot?: string): string {
  const root = (projectRoot ?? `apps/${model.names.kebab}`).replace(/^\.?\/+|\/+$/g, '');
  return root === '.' ? '' : root;
}

/**
 * Where the runbook of an alert is browsed, i.e. the generated `docs/runbooks/<AlertName>.md` of the service:
 * - `<docsBaseUrl>/docs/runbooks/<Alert>.md` when ready.yaml names a docs site;
 * - else `<repository>/blob/main/<projectRoot>/docs/runbooks/<Alert>.md` when it names a repository;
 * - else the path of the runbook in the repository, which is all that is known.
 */
export function runbookUrl(model: ReadyModel, alert: string, projectRoot?: string): string {
  const file = `docs/runbooks/${alert}.md`;
  if (model.service.docsBaseUrl) return `${model.service.docsBaseUrl.replace(/\/+$/, '')}/${file}`;
  const folder = serviceFolder(model, projectRoot);
  const inRepo = folder ? `${folder}/${file}` : file;
  if (model.service.repository) return `${model.service.repository.replace(/\/+$/, '').replace(/\.git$/, '')}/blob/main/${inRepo}`;
  return inRepo;
}

/** True when runbook links point at a browsable URL rather than a path in the repository. */
export function runbooksBrowsable(model: ReadyModel): boolean {
  return Boolean(model.service.docsBaseUrl ?? model.service.repository);
}
