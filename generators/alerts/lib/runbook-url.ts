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

/**
 * The warning to print when runbook links are repository paths, or undefined when there is nothing to
 * say. A path is a fine link target for someone reading the repository but not a link Alertmanager can
 * open, so it is worth one warning: when the rules are first written with such links, or when a config
 * change turns browsable links into paths. `nx sync` runs before every task, so warning on each run
 * would repeat the same line on every Nx command of a healthy workspace.
 */
export function runbookLinkWarning(model: ReadyModel, previousRules: string | null): string | undefined {
  if (runbooksBrowsable(model)) return undefined;
  const hadPathLinks = previousRules !== null && /^\s*runbook_url: (?!https?:\/\/)\S/m.test(previousRules);
  if (hadPathLinks) return undefined;
  return `ready: runbook_url of ${model.names.kebab}'s alerts is a path in the repository (Alertmanager cannot open it); set service.repository or service.docsBaseUrl in ready.yaml for links.`;
}
