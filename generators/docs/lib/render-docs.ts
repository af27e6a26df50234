import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { joinPathFragments, type Tree } from '@nx/devkit';
import ejs from 'ejs';
import type { ReadyModel } from '@ready-tools/config';
import { businessMetricViews } from '../../utils/business-metrics';
import { KIND_SPECS, passwordVariable, pooledKinds, statefulKinds } from '../../kinds';
import { alertmanagerSecretsDir } from '../../utils/alert-rules';
import type { FeatureContext } from '../../utils/feature';
import { releaseKustomization } from '../../utils/release';
import { docsTemplatesDir } from '../../utils/paths';
import { collectChecklist } from './collect-evidence';
import { describeAlerts } from './describe-alerts';
import { describeRoutes } from './describe-routes';
import { docsMarker, keepEnd, keepStart, REGENERATE_COMMAND } from './markers';
import { isGeneratedFile, writtenScaffolds } from '../../utils/derived-files';
import { basePath } from '../../utils/scaffold-base';



const compiled = new Map<string, ejs.TemplateFunction>();

/** Compile each template once per process: `nx sync` over many services renders the same templates again and again. */
function template(file: string): ejs.TemplateFunction {
  let fn = compiled.get(file);
  if (!fn) {
    fn = ejs.compile(readFileSync(file, 'utf-8'), { filename: file });
    compiled.set(file, fn);
  }
  return fn;
}

/** The `<feature>/*.md.ejs` fragments of the given features, in that order, rendered with the model. */
function renderFragments(features: string[], data: Record<string, unknown>): string[] {
  const root = path.dirname(docsTemplatesDir('service'));
  return features.flatMap((feature) =>
    readdirSync(path.join(root, feature))
      .filter((f) => f.endsWith('.md.ejs'))
      .sort()
      .map((f) => template(path.join(root, feature, f))(data).trim())
      .filter((text) => text.length > 0),
  );
}

/** The `name:` of a workflow file in the tree, when it exists. */
function workflowName(tree: Tree, file: string): string | undefined {
  const text = tree.read(file, 'utf-8');
  return text ? /^name:\s*(.+)$/m.exec(text)?.[1].trim().replace(/^['"]|['"]$/g, '') : undefined;
}

/**
 * Log commands that read every pod of the service, not one pod of the Deployment: a label selector
 * (which needs `--tail=-1`, else kubectl shows 10 lines per pod) and each line prefixed with its pod.
 */
export function logCommands(name: string) {
  const selector = `app.kubernetes.io/name=${name}`;
  const logs = (ns: string, since: string) => `kubectl -n ${ns} logs -l ${selector} --all-containers --prefix --tail=-1 --since=${since}`;
  return {
    logs,
    /** JSON log lines of every pod with the pod name put into each line, filtered by a jq condition; other lines are skipped. */
    jsonLogs: (ns: string, since: string, filter: string) =>
      `${logs(ns, since)} | sed -E 's#^\\[pod/([^/]+)/[^]]*\\] \\{#{"pod":"\\1",#' | jq -cR 'fromjson? | select(${filter})'`,
    /** The logs of the previous (crashed) container of every pod that has one. */
    previousLogs: (ns: string) =>
      `for pod in $(kubectl -n ${ns} get pods -l ${selector} -o name); do kubectl -n ${ns} logs "$pod" --all-containers --prefix --previous 2>/dev/null; done`,
    /** stern follows every pod, including the ones a rollout starts. */
    stern: (ns: string, since: string) => `stern -n ${ns} deployment/${name} --since ${since}`,
  };
}

const ms = (value: number) => (value % 1000 === 0 ? `${value / 1000} s` : `${value} ms`);
const windowText = (windowMs: number) => (windowMs % 3_600_000 === 0 ? `${windowMs / 3_600_000} h` : windowMs % 60_000 === 0 ? `${windowMs / 60_000} min` : ms(windowMs));
/** A Kubernetes-style env var name to the Secret key holding it (the same name). */
const pct = (value: number) => `${Number(value.toPrecision(6))}%`;

/** What the docs read of a run's context: the model, and what the registry derived from it once (env vars, README fragments, alerts). */
export type RenderDocsInput = Pick<FeatureContext, 'model' | 'projectRoot' | 'envVars' | 'readmeFragments' | 'alerts'>;

/**
 * Every document of the service, path → content, rendered from the model and the files already in the
 * tree (workflows, manifests, tests as checklist evidence). Keep blocks are merged by the caller.
 */
export function renderDocs(tree: Tree, input: RenderDocsInput): Map<string, string> {
  const { model, projectRoot, envVars, readmeFragments } = input;
  const name = model.names.kebab;
  const alerts = describeAlerts(model, input.alerts.definitions);
  const stateful = model.dependencies.filter((d) => statefulKinds().includes(d.kind));
  const secrets = envVars.filter((v) => v.secret);
  const ciFile = `.github/workflows/${name}-ci.yml`;
  const deployFile = `.github/workflows/${name}-deploy.yml`;
  const data: Record<string, unknown> = {
    ...model,
    model,
    projectRoot,
    name,
    marker: docsMarker(),
    regenerate: REGENERATE_COMMAND,
    ...logCommands(name),
    releaseKustomization: (env: string, tag: string) => releaseKustomization(model, env, tag),
    pooledKinds: pooledKinds(),
    /** What each dependency kind is (generators/kinds): titles, backup notes, containers, troubleshooting. */
    kinds: KIND_SPECS,
    /** `ORDERS_DB_PASSWORD`: what the compose container of a dependency whose kind declares `container.password` reads from .env. */
    passwordVariable,
    envVars,
    secrets,
    alerts,
    routes: describeRoutes(model),
    /** ready.yaml `metrics`: names, labels, queries and the call that records each. */
    businessMetrics: businessMetricViews(model),
    stateful,
    prod: model.environments.find((e) => e.name === 'prod') ?? model.environments[model.environments.length - 1],
    workflows: {
      ci: workflowName(tree, ciFile) ? { file: ciFile, name: workflowName(tree, ciFile) } : undefined,
      deploy: workflowName(tree, deployFile) ? { file: deployFile, name: workflowName(tree, deployFile) } : undefined,
    },
    has: (file: string) => tree.exists(joinPathFragments(projectRoot, file)),
    /** The file is ready's (derived, with its marker), not the team's own kept in its place. */
    generated: (file: string) => isGeneratedFile(tree, joinPathFragments(projectRoot, file)),
    /** ready wrote scaffold files here (in this run, or recorded earlier): the README says how they get ready's fixes. */
    upgradable: tree.exists(basePath(projectRoot)) || writtenScaffolds(tree).some((file) => projectRoot === '.' || file.startsWith(`${projectRoot}/`)),
    keep: (block: string) => `${keepStart(block)}\n${keepEnd(block)}`,
    ms,
    windowText,
    pct,
    budget: (target: number) => pct(Number((100 - target).toPrecision(12))),
    code: (text: string) => `\`${text}\``,
    /** `a`, `a and b`, `a, b and c`. */
    andList: (items: string[]) => (items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`),
    cell: (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' '),
  };
  const dir = docsTemplatesDir('service');
  const render = (file: string, extra: Record<string, unknown> = {}) => template(path.join(dir, file))({ ...data, ...extra });
  const docs = new Map<string, string>();
  const at = (p: string) => joinPathFragments(projectRoot, p);
  docs.set(at('README.md'), render('README.md.ejs', { fragments: renderFragments(readmeFragments, data) }));
  docs.set(at('docs/DEPLOYMENT_RUNBOOK.md'), render('DEPLOYMENT_RUNBOOK.md.ejs'));
  docs.set(at('docs/TROUBLESHOOTING.md'), render('TROUBLESHOOTING.md.ejs'));
  docs.set(at('docs/PRE_PRODUCTION_CHECKLIST.md'), render('PRE_PRODUCTION_CHECKLIST.md.ejs', { checklist: collectChecklist(tree, model, projectRoot) }));
  docs.set(at('docs/ENVIRONMENT.md'), render('ENVIRONMENT.md.ejs'));
  docs.set(at('docs/API_REFERENCE.md'), render('API_REFERENCE.md.ejs'));
  docs.set(at('docs/MONITORING.md'), render('MONITORING.md.ejs', { alertPrefix: model.names.pascal, alertmanagerSecrets: alertmanagerSecretsDir(model) }));
  if (stateful.length > 0) docs.set(at('docs/BACKUP_RECOVERY.md'), render('BACKUP_RECOVERY.md.ejs'));
  for (const alert of alerts) docs.set(at(`docs/runbooks/${alert.name}.md`), render('runbook.md.ejs', { alert }));
  for (const [file, text] of docs) docs.set(file, tidy(text));
  return docs;
}

/** One blank line between blocks and one newline at the end, whatever the templates' whitespace. */
function tidy(text: string): string {
  return `${text.replace(/[ \t]+$/gm, '').replace(/\n{3,}/g, '\n\n').trim()}\n`;
}
