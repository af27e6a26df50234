import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { addProjectConfiguration, type Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { flushChanges, FsTree } from 'nx/src/generators/tree';
import { parseConfigYaml } from '@ready-tools/config';
import { parseAllDocuments } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { E2E_CONFIG, E2E_SERVICE } from '../../tests/e2e/support/global-setup';
import { alertNames } from '../alerts/lib/rules';
import { serviceGenerator } from '../service/generator';
import { serviceEnvVars } from '../features';
import { docsGenerator, syncGenerator } from './generator';
import { hasDocsMarker } from './lib/markers';
import { describeChanges } from './sync';
import { snapshotTree as snapshot } from '../utils/testing';

const root = `apps/${E2E_SERVICE}`;
const tmpDirs: string[] = [];

async function serviceTree(config = E2E_CONFIG): Promise<Tree> {
  const tree = createTreeWithEmptyWorkspace();
  tree.write(`${root}/ready.yaml`, config);
  await serviceGenerator(tree, { name: E2E_SERVICE, skipFormat: true });
  return tree;
}

function docsOf(tree: Tree): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (dir: string) => {
    for (const child of tree.children(dir)) {
      const p = `${dir}/${child}`;
      if (tree.isFile(p)) {
        if (p.endsWith('.md')) out.set(p, tree.read(p, 'utf-8')!);
      } else walk(p);
    }
  };
  out.set(`${root}/README.md`, tree.read(`${root}/README.md`, 'utf-8')!);
  walk(`${root}/docs`);
  return out;
}

function writeToDisk(tree: Tree): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ready-docs-'));
  tmpDirs.push(dir);
  const walk = (p: string) => {
    for (const child of tree.children(p)) {
      const file = p ? `${p}/${child}` : child;
      if (tree.isFile(file)) {
        mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
        writeFileSync(path.join(dir, file), tree.read(file)!);
      } else walk(file);
    }
  };
  walk('');
  return dir;
}


function changedDocs(before: Map<string, string>, after: Map<string, string>): string[] {
  const files = new Set([...before.keys(), ...after.keys()]);
  return [...files].filter((f) => f.endsWith('.md') && before.get(f) !== after.get(f)).map((f) => f.slice(root.length + 1)).sort();
}

/** `## Heading` → its body, for every level-2 section. */
function sections(text: string): Map<string, string> {
  const out = new Map<string, string>();
  const parts = text.split(/^## /m).slice(1);
  for (const part of parts) {
    const nl = part.indexOf('\n');
    out.set(part.slice(0, nl).trim(), part.slice(nl + 1).split(/^# /m)[0]);
  }
  return out;
}

let tree: Tree;
let docs: Map<string, string>;

beforeAll(async () => {
  tree = await serviceTree();
  docs = docsOf(tree);
});

afterAll(() => {
  for (const dir of tmpDirs) rmSync(dir, { recursive: true, force: true });
});

describe('docs generator', () => {
  it('RB-01: one runbook per alert of the PrometheusRule, named after it, and every runbook_url resolves to one', () => {
    const model = parseConfigYaml(E2E_CONFIG);
    const runbooks = tree.children(`${root}/docs/runbooks`).map((f) => f.replace(/\.md$/, '')).sort();
    expect(runbooks).toEqual([...alertNames(model)].sort());
    const rules = tree.read(`${root}/deploy/prometheus/rules.yaml`, 'utf-8')!;
    const urls = [...rules.matchAll(/runbook_url: (\S+)/g)].map((m) => m[1]);
    expect(urls.length).toBe(runbooks.length);
    for (const url of urls) {
      // docsBaseUrl points at the app folder: the path after it is relative to apps/shop.
      const relative = url.slice(model.service.docsBaseUrl!.length + 1);
      expect(tree.exists(`${root}/${relative}`), url).toBe(true);
    }
  });

  it('RB-02/RB-03: every runbook has Meaning, Impact, Diagnosis with real PromQL and kubectl, and concrete Mitigation', () => {
    const model = parseConfigYaml(E2E_CONFIG);
    for (const alert of alertNames(model)) {
      const text = docs.get(`${root}/docs/runbooks/${alert}.md`)!;
      const s = sections(text);
      expect([...s.keys()].slice(0, 4), alert).toEqual(['Meaning', 'Impact', 'Diagnosis', 'Mitigation']);
      expect(s.get('Diagnosis'), alert).toMatch(/```promql\n[^`]*\{[^`]*job="shop"/);
      expect(s.get('Diagnosis'), alert).toMatch(/kubectl -n shop-prod /);
      expect(s.get('Mitigation'), alert).toMatch(/kubectl -n shop-prod rollout (undo|restart) deployment\/shop/);
    }
    expect(sections(docs.get(`${root}/docs/runbooks/ShopEmailsDeadLetterQueueDepthHigh.md`)!).get('Mitigation')).toMatch(/Replay the dead-letter queue of `emails`/);
    expect(sections(docs.get(`${root}/docs/runbooks/ShopOrdersDbCircuitBreakerOpen.md`)!).get('Mitigation')).toMatch(/breaker opens after 5 consecutive failures/);
    expect(sections(docs.get(`${root}/docs/runbooks/ShopErrorBudgetBurnFast.md`)!).get('Meaning')).toContain('99.9%');
  });

  it('ENVIRONMENT.md lists every variable of the env schema and no other', () => {
    const model = parseConfigYaml(E2E_CONFIG);
    const documented = [...docs.get(`${root}/docs/ENVIRONMENT.md`)!.matchAll(/^\| `([A-Z][A-Z0-9_]*)` \|/gm)].map((m) => m[1]);
    expect(documented).toEqual(serviceEnvVars(model).map((v) => v.name));
    const envTs = tree.read(`${root}/src/config/env.ts`, 'utf-8')!;
    for (const name of documented) expect(envTs, name).toContain(name);
  });

  it('every kubectl command names a namespace, resource and label that exist in the built overlays', () => {
    const dir = writeToDisk(tree);
    const objects = readdirSync(path.join(dir, root, 'deploy/k8s/overlays')).flatMap((env) =>
      parseAllDocuments(execFileSync('kubectl', ['kustomize', path.join(dir, root, 'deploy/k8s/overlays', env)], { encoding: 'utf-8' })).map((d) => d.toJS()),
    );
    const namespaces = new Set(objects.map((o) => o.metadata.namespace));
    const resources = new Set(objects.map((o) => `${o.kind.toLowerCase()}/${o.metadata.name}`));
    // The Secret is the platform's (referenced, never shipped): it counts when the Deployment references it.
    for (const o of objects.filter((x) => x.kind === 'Deployment')) {
      for (const env of o.spec.template.spec.containers[0].env ?? []) if (env.valueFrom?.secretKeyRef) resources.add(`secret/${env.valueFrom.secretKeyRef.name}`);
    }
    const labels = new Set(objects.flatMap((o) => Object.entries(o.metadata.labels ?? {}).map(([k, v]) => `${k}=${v}`)));
    const kinds: Record<string, string> = { deployment: 'deployment', hpa: 'horizontalpodautoscaler', networkpolicy: 'networkpolicy', servicemonitor: 'servicemonitor', secret: 'secret', pdb: 'poddisruptionbudget' };
    let commands = 0;
    for (const [file, text] of docs) {
      for (const line of text.split('\n').filter((l) => /\bkubectl -n /.test(l))) {
        for (const cmd of line.split(/\bkubectl /).slice(1)) {
          commands++;
          const ns = /^-n (\S+)/.exec(cmd)?.[1];
          expect(namespaces.has(ns), `${file}: namespace in "kubectl ${cmd}"`).toBe(true);
          for (const m of cmd.matchAll(/\b(deployment|hpa|networkpolicy|servicemonitor|secret|pdb)\/([a-z0-9-]+)/g)) {
            expect(resources.has(`${kinds[m[1]]}/${m[2]}`), `${file}: ${m[0]}`).toBe(true);
          }
          for (const m of cmd.matchAll(/-l ([\w./-]+=[\w.-]+)/g)) expect(labels.has(m[1]), `${file}: label ${m[1]}`).toBe(true);
          const created = /create secret generic (\S+)/.exec(cmd);
          if (created) expect(resources.has(`secret/${created[1]}`), `${file}: secret ${created[1]}`).toBe(true);
        }
      }
    }
    expect(commands).toBeGreaterThan(50);
  });

  it('the manual deploy sets image tag and version label together, at apply time, and leaves the committed overlay in sync', async () => {
    const dir = writeToDisk(tree);
    execFileSync('git', ['init', '-q'], { cwd: dir });
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-q', '--allow-empty', '-m', 'deploy me'], { cwd: dir });
    const sha = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: dir, encoding: 'utf-8' }).trim();
    const runbook = docs.get(`${root}/docs/DEPLOYMENT_RUNBOOK.md`)!;
    const prod = runbook.slice(runbook.indexOf('## prod (namespace `shop-prod`)'));
    const deploy = prod.slice(prod.indexOf('### Deploy'));
    const script = /```sh\n([\s\S]*?)```/.exec(deploy)![1];
    expect(script).not.toMatch(/kustomize edit|sed -i|overlays\/prod\/kustomization\.yaml/);
    // A kubectl without a cluster: diff succeeds, apply -k records what the real kubectl would send.
    const bin = path.join(dir, 'fake-bin');
    mkdirSync(bin);
    const applied = path.join(dir, 'applied.yaml');
    const real = execFileSync('bash', ['-c', 'command -v kubectl'], { encoding: 'utf-8' }).trim();
    writeFileSync(
      path.join(bin, 'kubectl'),
      `#!/usr/bin/env bash\nset -e\n[ "$1" = -n ] && shift 2\ncase "$1" in\n  diff) exit 0 ;;\n  apply) [ "$2" = -k ] && exec "${real}" kustomize "$3" > "${applied}" ;;\nesac\nexit 64\n`,
      { mode: 0o755 },
    );
    const before = snapshot(new FsTree(dir, false));
    execFileSync('bash', ['-euo', 'pipefail', '-c', script], { cwd: dir, env: { ...process.env, PATH: `${bin}:${process.env.PATH}` } });
    const objects = parseAllDocuments(readFileSync(applied, 'utf-8')).map((d) => d.toJS());
    const deployment = objects.find((o) => o.kind === 'Deployment');
    expect(deployment.metadata.namespace).toBe('shop-prod');
    expect(deployment.spec.template.spec.containers[0].image).toBe(`ghcr.io/example-org/shop:${sha}`);
    expect(deployment.spec.template.metadata.labels['app.kubernetes.io/version']).toBe(sha);
    expect(deployment.metadata.labels['app.kubernetes.io/version']).toBe(sha);
    // The version is never part of a selector (selectors are immutable: it would break the next deploy).
    expect(deployment.spec.selector.matchLabels['app.kubernetes.io/version']).toBeUndefined();
    // SERVICE_VERSION, which /health reports, comes from that label.
    expect(deployment.spec.template.spec.containers[0].env).toContainEqual({ name: 'SERVICE_VERSION', valueFrom: { fieldRef: { fieldPath: "metadata.labels['app.kubernetes.io/version']" } } });
    // Nothing in the checkout changed, so nx sync:check has nothing to report.
    const after = snapshot(new FsTree(dir, false));
    for (const [file, text] of before) if (!file.startsWith('.git/') && !file.startsWith('fake-bin')) expect(after.get(file), file).toBe(text);
    expect(await syncGenerator(new FsTree(dir, false))).toEqual({});
  });

  it('no generated doc has an unfilled placeholder, an empty section or a TODO, and each carries the marker', () => {
    expect(docs.size).toBeGreaterThan(20);
    for (const [file, text] of docs) {
      expect(hasDocsMarker(text), file).toBe(true);
      expect(text.split('\n', 1)[0], file).toContain('regenerate with `npx nx sync`');
      expect(text, file).not.toMatch(/ready:docs|ready:service shop/);
      expect(text, file).not.toMatch(/<%|%>|\{\{|\bundefined\b|\bNaN\b|\[object Object\]|\bTODO\b|\bTBD\b|\bFIXME\b|CHANGE_?ME|&lt;|&gt;|&#39;|&quot;/i);
      const lines = text.split('\n');
      lines.forEach((line, i) => {
        if (!/^#{1,6} /.test(line)) return;
        const level = line.indexOf(' ');
        const next = lines.slice(i + 1).findIndex((l) => /^#{1,6} /.test(l) && l.indexOf(' ') <= level);
        const body = lines.slice(i + 1, next < 0 ? undefined : i + 1 + next).join('\n').replace(/<!-- ready:keep:(start|end) [\w-]+ -->/g, '');
        expect(body.trim().length, `${file}: empty section "${line}"`).toBeGreaterThan(0);
      });
    }
  });

  it('RB-04: MONITORING has SLI, target, window, budget policy, owner and alert table; README has owner, on-call and dashboard', () => {
    const monitoring = docs.get(`${root}/docs/MONITORING.md`)!;
    const s = sections(monitoring);
    expect(s.get('SLOs')).toMatch(/Availability \| share of requests not answered 5xx.*\| 99\.9% \| 30d \| 0\.1% of requests/);
    expect(s.get('Error-budget policy')).toMatch(/deploys to prod stop/);
    expect(monitoring).toContain('Owner: checkout-team');
    for (const alert of alertNames(parseConfigYaml(E2E_CONFIG))) expect(s.get('Alerts')).toContain(`[${alert}](runbooks/${alert}.md)`);
    const readme = docs.get(`${root}/README.md`)!;
    expect(readme).toMatch(/\| Owner \| checkout-team \|/);
    expect(readme).toMatch(/\| On-call \| #checkout-oncall \|/);
    expect(readme).toContain('deploy/grafana/dashboard.json');
    // Every feature fragment present in docs-templates is part of the README.
    for (const heading of ['## Container image', '## Kubernetes', '## CI and deployment', '## Alerts and dashboard', '## Docs']) expect(readme).toContain(heading);
  });

  it('RB-05: the pre-production checklist has its four sections, proves items with file:line evidence that is really there, and leaves human work open', () => {
    const text = docs.get(`${root}/docs/PRE_PRODUCTION_CHECKLIST.md`)!;
    expect([...sections(text).keys()]).toEqual(['Security', 'Operations', 'Code quality', 'Infrastructure', 'Architecture and dependencies', 'Sign-off']);
    const checked = [...text.matchAll(/^- \[x\] (.*)$/gm)].map((m) => m[1]);
    expect(checked.length).toBeGreaterThan(8);
    for (const item of checked) {
      const refs = [...item.matchAll(/`([^`\s]+):(\d+)` \((.*?)\)(?=; `|\.$)/g)];
      expect(refs.length, item).toBeGreaterThan(0);
      for (const [, file, line, detail] of refs) {
        const actual = tree.read(file, 'utf-8')!.split('\n')[Number(line) - 1];
        const probe = /^(readiness|liveness) (\S+)$/.exec(detail);
        const test = /^test "(.*)"$/.exec(detail);
        if (probe) expect(actual).toContain(`path: ${probe[2]}`);
        else if (test) expect(actual).toContain(test[1]);
        else if (/pinned/.test(detail)) expect(actual).toMatch(/uses: .*@[0-9a-f]{40}/);
        else expect(actual).toContain(detail);
      }
    }
    expect(text).toMatch(/- \[x\] The readiness probe is distinct from the liveness probe\. Evidence: `apps\/shop\/deploy\/k8s\/base\/deployment\.yaml:\d+` \(readiness \/health\/ready\)/);
    expect(text).toMatch(/- \[ \] A load test met the latency SLO/);
    expect(text).toMatch(/- \[ \] A restore drill succeeded/);
    expect(text).toMatch(/\| `orders-db` \| postgres \| yes \|/);
  });

  it('the checklist leaves an item open when the workspace no longer proves it', async () => {
    const t = await serviceTree();
    // test/health.test.ts is the team's (scaffold): regenerating keeps the edit, and the proof is gone.
    const file = `${root}/test/health.test.ts`;
    t.write(file, t.read(file, 'utf-8')!.replace(/it\((['"`])fails readiness while shutting down/, 'it($1drains'));
    await docsGenerator(t, { project: E2E_SERVICE, skipFormat: true });
    expect(t.read(`${root}/docs/PRE_PRODUCTION_CHECKLIST.md`, 'utf-8')).toMatch(/- \[ \] SIGTERM drains: .*\. How:/);
  });

  it('ready:docs on a ready:service project regenerates every derived file with the docs, so a new port never reaches the docs alone', async () => {
    const t = await serviceTree();
    t.write(`${root}/ready.yaml`, E2E_CONFIG.replace('port: 3300', 'port: 8080'));
    await docsGenerator(t, { project: E2E_SERVICE, skipFormat: true });
    expect(t.read(`${root}/docs/ENVIRONMENT.md`, 'utf-8')).toContain('`8080`');
    expect(t.read(`${root}/Dockerfile`, 'utf-8')).toContain('8080');
    expect(t.read(`${root}/deploy/k8s/base/deployment.yaml`, 'utf-8')).toContain('8080');
    expect(t.read(`${root}/.env.example`, 'utf-8')).toContain('PORT=8080');
  });

  it('API_REFERENCE.md documents each route with its auth and rate limit', () => {
    const text = docs.get(`${root}/docs/API_REFERENCE.md`)!;
    expect(text).toMatch(/\| GET \| `\/health\/ready` \| public \| none \|/);
    expect(text).toMatch(/\| GET \| `\/v1\/items` \| required; role `reader` or `admin` \| 300 per 1 min \(rateLimits\.global\) \|/);
    expect(text).toMatch(/\| DELETE \| `\/v1\/items\/:id` \| required; role `admin` \| 5 per 1 min \(rateLimits\.sensitive \(admin route\)\) \|/);
  });

  it('BACKUP_RECOVERY.md exists for stateful dependencies only, with RPO/RTO', async () => {
    expect(docs.get(`${root}/docs/BACKUP_RECOVERY.md`)).toMatch(/\| `orders-db` \| postgres \| tables and WAL \| 15 minutes \| 1 hour \|/);
    const stateless = await serviceTree(E2E_CONFIG.replace(/dependencies:[\s\S]*?deploy:/, 'deploy:').replace('  store: redis\n', ''));
    expect(stateless.exists(`${root}/docs/BACKUP_RECOVERY.md`)).toBe(false);
  });

  it('keeps hand-written keep blocks byte for byte, keeps a file without the marker, and a second run changes nothing', async () => {
    const t = await serviceTree();
    const file = `${root}/docs/DEPLOYMENT_RUNBOOK.md`;
    const notes = '\nCall  the DBA   first.\n\n\n| a | b |\n';
    t.write(file, t.read(file, 'utf-8')!.replace('<!-- ready:keep:start notes -->\n', `<!-- ready:keep:start notes -->${notes}`));
    t.write(`${root}/docs/ENVIRONMENT.md`, '# Our own env notes\n');
    const before = snapshot(t);
    await docsGenerator(t, { project: E2E_SERVICE, skipFormat: true });
    expect(t.read(file, 'utf-8')).toContain(`<!-- ready:keep:start notes -->${notes}<!-- ready:keep:end notes -->`);
    expect(t.read(`${root}/docs/ENVIRONMENT.md`, 'utf-8')).toBe('# Our own env notes\n');
    expect(snapshot(t)).toEqual(before);
  });

  it('refuses an invalid ready.yaml naming the field and writes nothing', async () => {
    const t = createTreeWithEmptyWorkspace();
    addProjectConfiguration(t, 'svc', { root: 'apps/svc' });
    t.write('apps/svc/ready.yaml', 'apiVersion: ready/v1\nservice:\n  name: svc\nhttp:\n  port: 0\n');
    const before = snapshot(t);
    await expect(docsGenerator(t, { project: 'svc', skipFormat: true })).rejects.toThrow(/http\.port/);
    expect(snapshot(t)).toEqual(before);
  });

  it('documents a project that has only a ready.yaml (no other feature) without claiming what it lacks', async () => {
    const t = createTreeWithEmptyWorkspace();
    addProjectConfiguration(t, 'api', { root: 'apps/api' });
    await docsGenerator(t, { project: 'api', skipFormat: true });
    const checklist = t.read('apps/api/docs/PRE_PRODUCTION_CHECKLIST.md', 'utf-8')!;
    expect(checklist).not.toMatch(/- \[x\]/);
    expect(t.children('apps/api/docs/runbooks').length).toBe(alertNames(parseConfigYaml(t.read('apps/api/ready.yaml', 'utf-8')!)).length);
  });
});

describe('config edits change the affected docs and only them', () => {
  async function edit(change: (yaml: string) => string): Promise<{ changed: string[]; before: Map<string, string> }> {
    const t = await serviceTree();
    const before = snapshot(t);
    t.write(`${root}/ready.yaml`, change(E2E_CONFIG));
    await serviceGenerator(t, { name: E2E_SERVICE, skipFormat: true });
    return { changed: changedDocs(before, snapshot(t)), before };
  }
  /** Runbooks (relative paths) whose text before the edit matched `pattern`. */
  const runbooksMentioning = (before: Map<string, string>, pattern: RegExp) =>
    [...before].filter(([f, text]) => f.startsWith(`${root}/docs/runbooks/`) && pattern.test(text)).map(([f]) => f.slice(root.length + 1));
  const runbooksOf = (changed: string[]) => changed.filter((f) => f.startsWith('docs/runbooks/'));

  it('adding a dependency', async () => {
    const { changed, before } = await edit((y) => y.replace('    kind: redis\n', '    kind: redis\n  - name: payments\n    kind: http\n'));
    expect(changed.filter((f) => !f.startsWith('docs/runbooks/'))).toEqual(
      ['README.md', 'docs/DEPLOYMENT_RUNBOOK.md', 'docs/ENVIRONMENT.md', 'docs/MONITORING.md', 'docs/PRE_PRODUCTION_CHECKLIST.md', 'docs/TROUBLESHOOTING.md'],
    );
    // The new down and breaker runbooks, plus the runbooks whose mitigation links every breaker runbook; no other.
    expect(runbooksOf(changed)).toEqual(['docs/runbooks/ShopPaymentsCircuitBreakerOpen.md', 'docs/runbooks/ShopPaymentsDown.md', ...runbooksMentioning(before, /CircuitBreakerOpen\.md\)/)].sort());
    expect(changed).not.toContain('docs/API_REFERENCE.md');
  });

  it('changing the SLO target', async () => {
    const { changed, before } = await edit((y) => y.replace('http:\n', 'slo:\n  availability: 99.5\nhttp:\n'));
    expect(changed.filter((f) => !f.startsWith('docs/runbooks/'))).toEqual(
      ['README.md', 'docs/BACKUP_RECOVERY.md', 'docs/DEPLOYMENT_RUNBOOK.md', 'docs/MONITORING.md', 'docs/PRE_PRODUCTION_CHECKLIST.md'],
    );
    // Exactly the runbooks that quoted the old target or its budget.
    expect(runbooksOf(changed)).toEqual(runbooksMentioning(before, /99\.9%|0\.1%/).sort());
    expect(runbooksOf(changed)).toContain('docs/runbooks/ShopErrorBudgetBurnFast.md');
    expect(runbooksOf(changed)).not.toContain('docs/runbooks/ShopLatencyBudgetBurnFast.md');
  });

  it('adding an environment', async () => {
    const { changed, before } = await edit((y) => y.replace('    - name: prod\n', '    - name: qa\n    - name: prod\n'));
    expect(changed.filter((f) => !f.startsWith('docs/runbooks/'))).toEqual(['README.md', 'docs/DEPLOYMENT_RUNBOOK.md', 'docs/PRE_PRODUCTION_CHECKLIST.md', 'docs/TROUBLESHOOTING.md']);
    // Runbooks whose expression matches pods by the list of namespaces.
    expect(runbooksOf(changed)).toEqual(runbooksMentioning(before, /namespace=~"/).sort());
    expect(runbooksOf(changed).length).toBeGreaterThan(0);
  });

  it('changing the port', async () => {
    const { changed } = await edit((y) => y.replace('port: 3300', 'port: 8080'));
    // API_REFERENCE's curls call the local port.
    expect(changed).toEqual(['README.md', 'docs/API_REFERENCE.md', 'docs/DEPLOYMENT_RUNBOOK.md', 'docs/ENVIRONMENT.md', 'docs/TROUBLESHOOTING.md']);
  });
});

describe('ready:sync', () => {
  it('says what nx sync writes: created, updated and deleted files, one verb each', () => {
    const result = describeChanges([
      { path: 'apps/a/docs/runbooks/AOld.md', type: 'DELETE' },
      { path: 'apps/a/README.md', type: 'UPDATE' },
      { path: 'apps/b/docs/runbooks/BNew.md', type: 'CREATE' },
    ]);
    expect(result.outOfSyncMessage).toBe('`npx nx sync` writes 3 files derived from ready.yaml: creates apps/b/docs/runbooks/BNew.md; updates apps/a/README.md; deletes apps/a/docs/runbooks/AOld.md.');
    expect(result.outOfSyncDetails).toEqual(['deletes apps/a/docs/runbooks/AOld.md', 'updates apps/a/README.md', 'creates apps/b/docs/runbooks/BNew.md']);
    expect(describeChanges([])).toEqual({});
  });

  it('says to run npm install when package.json changed (a new dependency kind brings its client)', () => {
    const result = describeChanges([
      { path: 'package.json', type: 'UPDATE' },
      { path: 'apps/a/src/config/env.ts', type: 'UPDATE' },
    ]);
    expect(result.outOfSyncMessage).toMatch(/package\.json changed: run `npm install` before building\.$/);
    expect(describeChanges([{ path: 'apps/a/README.md', type: 'UPDATE' }]).outOfSyncMessage).not.toMatch(/npm install/);
  });

  it('names the out-of-date files after a ready.yaml edit, writes them with nx sync, then is in sync', async () => {
    const dir = writeToDisk(await serviceTree());
    const onDisk = () => new FsTree(dir, false);
    expect(await syncGenerator(onDisk())).toEqual({});
    writeFileSync(path.join(dir, root, 'ready.yaml'), E2E_CONFIG.replace('port: 3300', 'port: 8080'));
    const drifted = onDisk();
    const result = await syncGenerator(drifted);
    // Nx prints the message when nx sync writes and when sync:check fails: it says what nx sync writes, never "run nx sync".
    expect(result.outOfSyncMessage).toMatch(/^`npx nx sync` writes \d+ files derived from ready\.yaml: updates /);
    expect(result.outOfSyncMessage).not.toMatch(/\brun\b/i);
    for (const file of ['docs/ENVIRONMENT.md', 'README.md', '.env.example', 'deploy/k8s/base/deployment.yaml']) {
      expect(result.outOfSyncMessage).toContain(`${root}/${file}`);
      expect(result.outOfSyncDetails).toContain(`updates ${root}/${file}`);
    }
    expect(result.outOfSyncDetails).not.toContain(`updates ${root}/docs/MONITORING.md`);
    flushChanges(dir, drifted.listChanges());
    expect(await syncGenerator(onDisk())).toEqual({});
  });
});
