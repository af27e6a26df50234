/**
 * Every docs template, rendered for a matrix of configs (auth modes × dependency kinds × queues ×
 * environments), reads as sentences with their values: no empty interpolation, no dangling join, no
 * "the current value of <noun phrase>", no leaked `undefined` or template tag. Rendering is the docs
 * feature's own renderer on two trees: one holding a whole generated service (every "has this file"
 * branch taken) and an empty one (every branch not taken).
 */
import { type Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { normalizeConfig, type ReadyModel } from '@ready-tools/config';
import { beforeAll, describe, expect, it } from 'vitest';
import { E2E_CONFIG, E2E_SERVICE } from '../../tests/e2e/support/global-setup';
import { serviceGenerator } from '../service/generator';
import { describeAlerts } from './lib/describe-alerts';
import { describeRoutes } from './lib/describe-routes';
import { proseProblems } from './lib/prose-lint';
import { renderDocs } from './lib/render-docs';
import { featureContext } from '../features';

const root = `apps/${E2E_SERVICE}`;

type Dep = { name: string; kind: string; critical?: boolean; llm?: { provider: string } };

const AUTH: Record<string, unknown>[] = [
  { mode: 'none' },
  { mode: 'jwt' },
  { mode: 'jwt', jwt: { issuer: 'https://auth.example.com/', audience: 'shop-api', jwksUrl: 'https://auth.example.com/.well-known/jwks.json' } },
  { mode: 'api-key', roles: ['admin'], adminRole: 'admin' },
  { mode: 'both', jwt: { issuer: 'https://auth.example.com/' }, metricsPublic: false },
];

const DEPENDENCIES: Dep[][] = [
  [],
  [{ name: 'orders-db', kind: 'postgres' }],
  [{ name: 'cache', kind: 'redis', critical: false }],
  [{ name: 'docs-store', kind: 'mongodb' }],
  [{ name: 'events', kind: 'kafka', critical: false }],
  [{ name: 'payments', kind: 'http' }, { name: 'assistant', kind: 'http', critical: false, llm: { provider: 'openai' } }],
  [{ name: 'ledger', kind: 'custom' }],
  [{ name: 'orders-db', kind: 'postgres' }, { name: 'cache', kind: 'redis' }, { name: 'bus', kind: 'rabbitmq', critical: false }],
];

const QUEUES = ['none', 'bullmq', 'rabbitmq', 'both'] as const;

const ENVIRONMENTS: Record<string, unknown>[][] = [
  [{ name: 'prod' }],
  [{ name: 'dev', replicas: { min: 2, max: 3 } }, { name: 'staging', ingressHost: 'shop.staging.example.com' }, { name: 'prod', ingressHost: 'shop.example.com', requireApproval: true }],
  [{ name: 'qa' }, { name: 'live', namespace: 'payments-live', ingressHost: 'shop.example.com' }],
];

function config(auth: Record<string, unknown>, deps: Dep[], queues: (typeof QUEUES)[number], environments: Record<string, unknown>[], variant: number): ReadyModel {
  const dependencies = [...deps];
  const need = (kind: string, name: string) => {
    if (!dependencies.some((d) => d.kind === kind)) dependencies.push({ name, kind });
  };
  const queueList: Record<string, unknown>[] = [];
  if (queues === 'bullmq' || queues === 'both') {
    need('redis', 'jobs-redis');
    queueList.push({ name: 'emails', attempts: 3 });
  }
  if (queues === 'rabbitmq' || queues === 'both') {
    need('rabbitmq', 'broker');
    queueList.push({ name: 'webhooks', backend: 'rabbitmq', attempts: 5 });
  }
  const redis = dependencies.some((d) => d.kind === 'redis');
  return normalizeConfig({
    apiVersion: 'ready/v1',
    service: {
      name: E2E_SERVICE,
      description: 'Checkout and order placement',
      owner: 'checkout-team',
      onCall: '#checkout-oncall',
      tier: ['critical', 'high', 'medium', 'low'][variant % 4],
      // Runbook links: a docs site, a repository, or neither (repository paths).
      ...(variant % 3 === 0 ? { repository: 'https://github.com/example-org/shop' } : variant % 3 === 1 ? { docsBaseUrl: 'https://docs.example.com/shop' } : {}),
    },
    http: { port: 3300 + (variant % 7), ...(variant % 2 ? { basePath: '/shop' } : {}) },
    auth,
    rateLimits: { store: redis && variant % 2 === 0 ? 'redis' : 'memory' },
    dependencies,
    queues: queueList,
    ...(redis && variant % 2 ? { cache: [{ name: 'products', ttlSeconds: 60 }] } : {}),
    slo: variant % 2 ? { availability: 99.5, window: '28d' } : {},
    deploy: { registry: 'ghcr.io/example-org', environments },
  });
}

/** Every config of the matrix, with a readable label. */
function matrix(): { label: string; model: ReadyModel }[] {
  const out: { label: string; model: ReadyModel }[] = [];
  let variant = 0;
  for (const auth of AUTH) {
    for (const deps of DEPENDENCIES) {
      for (const queues of QUEUES) {
        for (const envs of ENVIRONMENTS) {
          const label = `auth=${auth.mode}${auth.jwt ? '+claims' : ''} deps=[${deps.map((d) => d.kind).join(',')}] queues=${queues} envs=[${envs.map((e) => e.name).join(',')}]`;
          out.push({ label, model: config(auth, deps, queues, envs, variant++) });
        }
      }
    }
  }
  return out;
}

const configs = matrix();
let fullTree: Tree;
let emptyTree: Tree;

beforeAll(async () => {
  fullTree = createTreeWithEmptyWorkspace();
  fullTree.write(`${root}/ready.yaml`, E2E_CONFIG);
  await serviceGenerator(fullTree, { name: E2E_SERVICE, skipFormat: true });
  emptyTree = createTreeWithEmptyWorkspace();
});

describe('the prose check itself', () => {
  it('finds the broken sentences of the old templates and passes fixed ones', () => {
    const bad = [
      'the current value of orders-api requests failed with a 5xx status over the last 5 minutes (threshold 5%).',
      'the current value callers have waited for a redis connection on one pod.',
      'Pod the affected pod in the affected namespace uses 95% of its memory limit.',
      'Runbooks: .',
      'Calls to  time out after 5000 ms.',
      'Secrets: `A`, , `B`.',
      'It needs orders-db and .',
      '- ',
      '| `PORT` |  | no |',
      'Version `undefined` is running.',
      'Roles: [object Object].',
      'Rolled back (to revision ).',
      'The image `` is pushed.',
    ];
    for (const text of bad) expect(proseProblems(`${text}\n`), text).not.toEqual([]);
    const good = [
      '`<N>%` of orders-api requests failed with a 5xx status over the last 5 minutes (threshold 5%).',
      'Pod `<pod>` in `<namespace>` uses `<N>%` of its memory limit (threshold 90%).',
      '| | |\n|---|---|\n| Owner | checkout-team |',
      '```sh\nkubectl -n shop-prod logs -l app.kubernetes.io/name=shop  --tail=-1\n```',
      'Calls `foo ( )` in code are not prose.',
    ];
    for (const text of good) expect(proseProblems(`${text}\n`), text).toEqual([]);
  });
});

/** What one run derives from a model, as ready:service computes it. */
const contextOf = (model: ReadyModel) => featureContext({ projectName: E2E_SERVICE, projectRoot: root, model, regenerate: 'npx nx sync', readyService: true });

for (const mode of ['none', 'jwt', 'api-key', 'both']) {
  const ofMode = configs.filter((c) => c.model.auth.mode === mode);

  describe(`every docs template, auth.mode ${mode}, over ${ofMode.length} configs`, () => {
    it('each sentence has its values: no empty interpolation, dangling join, placeholder words or leaked tokens', () => {
      const failures: string[] = [];
      let documents = 0;
      for (const { label, model } of ofMode) {
        for (const tree of [fullTree, emptyTree]) {
          for (const [file, text] of renderDocs(tree, contextOf(model))) {
            documents++;
            for (const p of proseProblems(text)) failures.push(`${file}:${p.line}: ${p.problem}: ${p.text.slice(0, 200)} [${label}]`);
          }
        }
      }
      expect(documents).toBeGreaterThan(ofMode.length * 2 * 20);
      // One broken template line shows up in many configs: report each distinct one once.
      const distinct = new Map(failures.map((f) => [f.replace(/ \[.*\]$/, ''), f]));
      expect([...distinct.values()].slice(0, 20)).toEqual([]);
    }, 300_000);

    it('alert descriptions keep their subject: the value is a named placeholder, never "the current value"', () => {
      for (const { label, model } of ofMode) {
        for (const alert of describeAlerts(model, contextOf(model).alerts.definitions)) {
          for (const text of [alert.summary, alert.description]) {
            expect(text, `${label} ${alert.name}`).not.toMatch(/\{\{|the current value|the affected/);
            // A sentence that starts with the value starts with its placeholder, followed by what it counts.
            if (/^`<N>`/.test(text)) expect(text, `${label} ${alert.name}`).toMatch(/^`<N>`%? (of |\w+ )/);
          }
        }
      }
    }, 300_000);

    it('troubleshooting and the API reference speak of this auth mode only', () => {
      for (const { label, model } of ofMode) {
        const docs = renderDocs(fullTree, contextOf(model));
        const troubleshooting = docs.get(`${root}/docs/TROUBLESHOOTING.md`)!;
        const api = docs.get(`${root}/docs/API_REFERENCE.md`)!;
        if (mode === 'api-key' || mode === 'none') {
          expect(troubleshooting, label).not.toMatch(/JWT|issuer|audience|auth\.jwt/);
          expect(api, label).not.toMatch(/JWT|issuer|audience|Authorization: Bearer \$/);
        }
        if (mode === 'jwt' || mode === 'none') {
          expect(troubleshooting, label).not.toMatch(/API_KEYS|x-api-key|API-key/);
          expect(api, label).not.toMatch(/API_KEYS|x-api-key/);
        }
        if (mode === 'none') expect(api, label).not.toMatch(/token|Authorization|x-api-key/);
        if (mode !== 'none') {
          // A curl per route, with the header of the mode on exactly the routes that need credentials.
          const calls = /```sh\n([\s\S]*?)```/.exec(api.slice(api.indexOf('## Calls')))![1];
          const header = mode === 'api-key' ? '-H "x-api-key: $' : '-H "Authorization: Bearer $';
          expect(api, label).toContain(`npx nx run ${E2E_SERVICE}:token --role ${model.auth.adminRole}`);
          expect((calls.match(/^(ID=\$\()?curl /gm) ?? []).length, label).toBe(describeRoutes(model).length);
          expect((calls.match(new RegExp(header.replace(/[$]/g, '\\$'), 'g')) ?? []).length, label).toBe(describeRoutes(model).filter((r) => r.requiresCredentials).length);
        }
      }
    }, 300_000);
  });
}
