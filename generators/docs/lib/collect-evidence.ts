import { joinPathFragments, type Tree } from '@nx/devkit';
import type { ReadyModel } from '@ready-tools/config';
import { KIND_SPECS } from '../../kinds';

/** Where a claim was proven: a file and line, or a test by name. */
export interface Evidence {
  file: string;
  line: number;
  /** What was found there, e.g. the probe path or the test name. */
  detail: string;
}

export type ChecklistSection = 'Security' | 'Operations' | 'Code quality' | 'Infrastructure';

/** A pre-production item: checked when its evidence was found in the workspace, else open with how to do it. */
export interface ChecklistItem {
  section: ChecklistSection;
  title: string;
  evidence: Evidence[];
  /** How to do it or fix it, shown when the item is open. */
  howTo: string;
}

/** The lines of a file in the tree, or undefined when it does not exist. */
function linesOf(tree: Tree, file: string): string[] | undefined {
  return tree.read(file, 'utf-8')?.split('\n');
}

/** 1-based line numbers of lines matching `pattern`. */
function find(lines: string[] | undefined, pattern: RegExp): { line: number; text: string }[] {
  if (!lines) return [];
  return lines.flatMap((text, i) => (pattern.test(text) ? [{ line: i + 1, text: text.trim() }] : []));
}

/** The `path:` of the httpGet of a probe block in a Deployment YAML, with its line. */
function probePath(lines: string[] | undefined, probe: string): { line: number; path: string } | undefined {
  if (!lines) return undefined;
  const start = lines.findIndex((l) => l.trim() === `${probe}:`);
  if (start < 0) return undefined;
  const indent = lines[start].search(/\S/);
  for (let i = start + 1; i < lines.length && (lines[i].trim() === '' || lines[i].search(/\S/) > indent); i++) {
    const m = /^\s*path:\s*(\S+)/.exec(lines[i]);
    if (m) return { line: i + 1, path: m[1] };
  }
  return undefined;
}

/** A vitest `it('<name>'` in a test file, as evidence by test name. */
function testNamed(tree: Tree, file: string, name: RegExp): Evidence[] {
  return find(linesOf(tree, file), /\bit\(/)
    .map((hit) => ({ hit, title: /it\((['"`])(.*?)\1/.exec(hit.text)?.[2] }))
    .filter(({ title }) => title !== undefined && name.test(title))
    .slice(0, 1)
    .map(({ hit, title }) => ({ file, line: hit.line, detail: `test "${title}"` }));
}

function firstMatch(tree: Tree, file: string, pattern: RegExp, detail?: (text: string) => string): Evidence[] {
  return find(linesOf(tree, file), pattern)
    .slice(0, 1)
    // A line's trailing comma or semicolon is syntax, not part of what it proves.
    .map((hit) => ({ file, line: hit.line, detail: detail ? detail(hit.text) : hit.text.replace(/[,;]$/, '') }));
}

/** All evidence or none: an item is checked only when every part of its proof was found. */
function all(...parts: Evidence[][]): Evidence[] {
  return parts.every((p) => p.length > 0) ? parts.flat() : [];
}

/**
 * The pre-production checklist, proven by reading the workspace: every checked item names the file and
 * line (or the test) that shows it. Nothing is assumed from the config alone, so a manifest or workflow
 * the team changed by hand shows up here as an open item.
 */
export function collectChecklist(tree: Tree, model: ReadyModel, projectRoot: string): ChecklistItem[] {
  const at = (p: string) => joinPathFragments(projectRoot, p);
  const name = model.names.kebab;
  const deployment = at('deploy/k8s/base/deployment.yaml');
  const deploymentLines = linesOf(tree, deployment);
  const ci = `.github/workflows/${name}-ci.yml`;
  const deploy = `.github/workflows/${name}-deploy.yml`;
  const items: ChecklistItem[] = [];
  const add = (section: ChecklistSection, title: string, evidence: Evidence[], howTo: string) => items.push({ section, title, evidence, howTo });

  // Security
  add(
    'Security',
    'Every API route requires credentials; probes, /metrics and the OpenAPI document opt out explicitly',
    model.auth.mode === 'none' ? [] : all(firstMatch(tree, at('src/security/authentication.ts'), /public === true/), testNamed(tree, at('test/security.test.ts'), /401/)),
    model.auth.mode === 'none'
      ? 'Set `auth.mode` in ready.yaml (jwt, api-key or both) unless every route is meant to be anonymous, and record that decision here.'
      : 'Run `npx nx g ready:add-security --project=' + name + '` and keep `test/security.test.ts` passing.',
  );
  add(
    'Security',
    'Placeholder and weak secrets are refused in production',
    all(firstMatch(tree, at('src/config/env.ts'), /export function weakSecretReason/, () => 'function weakSecretReason'), testNamed(tree, at('test/env.test.ts'), /placeholder/i)),
    'Keep the weak-secret check of `src/config/env.ts` and its test; run `npx nx sync` after restoring them.',
  );
  add(
    'Security',
    'Credentials are redacted from logs',
    all(firstMatch(tree, at('src/observability/logger.ts'), /authorization/i), testNamed(tree, at('test/logging.test.ts'), /credential/i)),
    'Redact the authorization, cookie and api-key headers in the pino logger and test that a sent token never appears in the logs.',
  );
  add(
    'Security',
    'The container runs as a numeric non-root user',
    all(firstMatch(tree, at('Dockerfile'), /^USER\s+\d+/), find(deploymentLines, /runAsNonRoot: true/).slice(0, 1).map((h) => ({ file: deployment, line: h.line, detail: h.text }))),
    'Run `npx nx g ready:add-docker --project=' + name + '` and `npx nx g ready:add-k8s --project=' + name + '`.',
  );
  const pinned = (file: string): Evidence[] => {
    const uses = find(linesOf(tree, file), /^\s*-?\s*uses:\s*[^.\s]/);
    if (uses.length === 0 || !uses.every((u) => /@[0-9a-f]{40}\b/.test(u.text))) return [];
    return [{ file, line: uses[0].line, detail: `all ${uses.length} \`uses:\` pinned to a 40-hex commit SHA` }];
  };
  add(
    'Security',
    'Third-party GitHub Actions are pinned by commit SHA',
    all(pinned(ci), pinned(deploy)),
    'Pin every `uses:` to a full commit SHA with a version comment (`npx nx g ready:add-ci --project=' + name + '` does it).',
  );
  add('Security', 'A threat model of the service was reviewed', [], 'Walk the OWASP API Security Top 10 (2023) against the routes in `docs/API_REFERENCE.md`, write the result down and link it here.');
  add('Security', 'A penetration test or external review found no open high-severity issue', [], 'Have the security team test the staging environment; track findings as issues.');

  // Operations
  const ready = probePath(deploymentLines, 'readinessProbe');
  const live = probePath(deploymentLines, 'livenessProbe');
  add(
    'Operations',
    'The readiness probe is distinct from the liveness probe',
    ready && live && ready.path !== live.path
      ? [
          { file: deployment, line: ready.line, detail: `readiness ${ready.path}` },
          { file: deployment, line: live.line, detail: `liveness ${live.path}` },
        ]
      : [],
    'Point readinessProbe at `/health/ready` and livenessProbe at `/health/live` in the Deployment (`npx nx g ready:add-k8s --project=' + name + '`).',
  );
  add(
    'Operations',
    'SIGTERM drains: readiness fails at once, in-flight requests finish, the process exits 0',
    all(firstMatch(tree, deployment, /preStop:/), testNamed(tree, at('test/health.test.ts'), /shutting down/i)),
    'Keep the preStop sleep in the Deployment and the shutdown test of the service.',
  );
  add(
    'Operations',
    'Every alert has a runbook and a firing promtool test, and every alert but the always-firing Watchdog a silent one',
    all(firstMatch(tree, at('deploy/prometheus/rules.yaml'), /runbook_url:/), firstMatch(tree, at('deploy/prometheus/rules.test.yaml'), /alertname:/)),
    'Run `npx nx g ready:add-alerts --project=' + name + '`; this generator writes one runbook per alert.',
  );
  add(
    'Operations',
    'CI fails when generated files drift from ready.yaml (`nx sync:check`)',
    firstMatch(tree, ci, /nx sync:check/),
    'Add a `npx nx sync:check` step to the CI workflow (`npx nx g ready:add-ci --project=' + name + '`).',
  );
  add(
    'Operations',
    `The on-call rota for ${model.service.onCall} covers this service`,
    [],
    `Add ${name} to the rota of ${model.service.owner}, route its alerts (severity critical pages, warning opens a ticket) to ${model.service.onCall} in Alertmanager, and fire a test alert.`,
  );
  add('Operations', 'The dashboard is imported and linked from the README', [], 'Import `deploy/grafana/dashboard.json` into Grafana and put its URL in the README keep block.');
  add('Operations', 'A rollback was rehearsed in staging', [], 'Deploy a new tag to staging, then follow "Roll back" in `docs/DEPLOYMENT_RUNBOOK.md` and time it.');
  if (model.dependencies.some((d) => KIND_SPECS[d.kind].stateful)) {
    add('Operations', 'A restore drill succeeded within the RTO', [], 'Follow "Restore drill" in `docs/BACKUP_RECOVERY.md` in staging and record the time it took.');
  }

  // Code quality
  add(
    'Code quality',
    'Typecheck, lint, tests and build gate every change in CI',
    all(firstMatch(tree, ci, /run-many/), firstMatch(tree, at('vitest.config.mts'), /coverage/)),
    'Run lint, typecheck, test and build on every pull request (`npx nx g ready:add-ci --project=' + name + '`).',
  );
  add(
    'Code quality',
    'Environment configuration is validated at startup and a bad variable is named',
    testNamed(tree, at('test/env.test.ts'), /names an invalid variable/),
    'Validate the environment with zod at startup (`src/config/env.ts`) and test that a bad value exits non-zero.',
  );
  add('Code quality', 'A load test met the latency SLO at the expected peak', [], `Run a load test against staging at the expected peak rate and check that ${model.slo.latency.percentile}% of requests finish within ${model.slo.latency.thresholdMs}ms and the error ratio stays below ${Number((100 - model.slo.availability).toPrecision(6))}%.`);

  // Infrastructure
  add(
    'Infrastructure',
    'CPU, memory and ephemeral-storage requests and limits are set',
    all(firstMatch(tree, deployment, /^\s*limits:/), firstMatch(tree, deployment, /ephemeral-storage/)),
    'Set requests and limits per environment in ready.yaml (`deploy.environments[].resources`) and run `npx nx sync`.',
  );
  add(
    'Infrastructure',
    'An autoscaler with at least 2 replicas and a PodDisruptionBudget protect availability',
    all(firstMatch(tree, at('deploy/k8s/base/hpa.yaml'), /minReplicas:/), firstMatch(tree, at('deploy/k8s/base/pdb.yaml'), /kind: PodDisruptionBudget/)),
    'Run `npx nx g ready:add-k8s --project=' + name + '`.',
  );
  add(
    'Infrastructure',
    'A NetworkPolicy limits ingress and egress',
    all(firstMatch(tree, at('deploy/k8s/base/network-policy.yaml'), /- Ingress/), firstMatch(tree, at('deploy/k8s/base/network-policy.yaml'), /- Egress/)),
    'Run `npx nx g ready:add-k8s --project=' + name + '`.',
  );
  add(
    'Infrastructure',
    `The Secret \`${name}\` exists in every namespace (${model.environments.map((e) => e.namespace).join(', ')})`,
    [],
    'Create it from your secret store with every variable marked secret in `docs/ENVIRONMENT.md` (see "Rotate secrets" in `docs/DEPLOYMENT_RUNBOOK.md`).',
  );
  add('Infrastructure', 'Capacity was reviewed against the HPA bounds', [], 'Compare peak traffic per replica from the load test with `deploy.environments[].replicas.max` and node capacity.');
  return items;
}
