import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { addProjectConfiguration, logger, type Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { parseConfigYaml, type ReadyModel } from '@ready-tools/config';
import { PrometheusRule, ServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1';
import { Deployment } from 'kubernetes-models/apps/v1';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { Ingress, NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { ConfigMap, Service, ServiceAccount } from 'kubernetes-models/v1';
import { render as renderEjs } from 'ejs';
import { FsTree } from 'nx/src/generators/tree';
import { parseAllDocuments } from 'yaml';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { E2E_CONFIG, E2E_SERVICE } from '../../tests/e2e/support/global-setup';
import { serviceEnvVars } from '../features';
import { docsTemplatesDir } from '../utils/paths';
import { k8sGenerator } from './generator';

/* eslint-disable @typescript-eslint/no-explicit-any -- manifests are checked as plain parsed YAML */
type K8sObject = Record<string, any>;

const PROJECT_ROOT = `apps/${E2E_SERVICE}`;
const K8S_ROOT = `${PROJECT_ROOT}/deploy/k8s`;
const model: ReadyModel = parseConfigYaml(E2E_CONFIG);
const envNames = model.environments.map((e) => e.name);

/**
 * Each object kind the overlays may hold, validated against its OpenAPI schema. Unknown kinds fail.
 * (`validate()` comes from @kubernetes-models/base, whose types this repo's node10 resolution cannot see.)
 */
type Validatable = { validate(): void };
const MODELS: Record<string, new (data: any) => unknown> = {
  'v1/ConfigMap': ConfigMap,
  'v1/Service': Service,
  'v1/ServiceAccount': ServiceAccount,
  'apps/v1/Deployment': Deployment,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'networking.k8s.io/v1/NetworkPolicy': NetworkPolicy,
  'networking.k8s.io/v1/Ingress': Ingress,
  'monitoring.coreos.com/v1/ServiceMonitor': ServiceMonitor,
  'monitoring.coreos.com/v1/PrometheusRule': PrometheusRule,
};

function workspaceWith(config: string): Tree {
  const tree = createTreeWithEmptyWorkspace();
  addProjectConfiguration(tree, E2E_SERVICE, { root: PROJECT_ROOT, sourceRoot: `${PROJECT_ROOT}/src` });
  tree.write(`${PROJECT_ROOT}/ready.yaml`, config);
  return tree;
}

/** Every file under deploy/k8s, path relative to it. */
function k8sFiles(tree: Tree): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const child of tree.children(dir)) {
      const full = `${dir}/${child}`;
      if (tree.isFile(full)) out[path.relative(K8S_ROOT, full)] = tree.read(full, 'utf-8') as string;
      else walk(full);
    }
  };
  if (tree.exists(K8S_ROOT)) walk(K8S_ROOT);
  return out;
}

function writeToDisk(files: Record<string, string>, dir: string): void {
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
}

/** `kubectl kustomize <overlay>`: fails on a non-zero exit and on any warning (e.g. deprecated fields). */
function kustomize(dir: string): K8sObject[] {
  const res = spawnSync('kubectl', ['kustomize', dir], { encoding: 'utf-8' });
  if (res.status !== 0) throw new Error(`kubectl kustomize ${dir} failed:\n${res.stderr}`);
  expect(res.stderr, `kubectl kustomize ${dir} printed warnings`).toBe('');
  return parseAllDocuments(res.stdout).map((doc) => doc.toJS() as K8sObject);
}

const diffKeys = (a: Record<string, string>, b: Record<string, string>) =>
  [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => a[k] !== b[k]).sort();

const isSubset = (selector: Record<string, string>, labels: Record<string, string>) =>
  Object.keys(selector).length > 0 && Object.entries(selector).every(([k, v]) => labels[k] === v);

let workDir: string;
let tree: Tree;
let files: Record<string, string>;
/** Built objects of every overlay, by environment name. */
const built: Record<string, K8sObject[]> = {};
const one = (env: string, kind: string): K8sObject => {
  const found = built[env].filter((o) => o.kind === kind);
  expect(found, `${env}: exactly one ${kind}`).toHaveLength(1);
  return found[0];
};
const deployment = (env: string) => one(env, 'Deployment');
const container = (env: string) => deployment(env).spec.template.spec.containers[0];
const podLabels = (env: string) => deployment(env).spec.template.metadata.labels as Record<string, string>;
const envOf = (name: string) => model.environments.find((e) => e.name === name)!;

beforeAll(async () => {
  const kubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf-8' });
  if (kubectl.error || kubectl.status !== 0) {
    throw new Error('kubectl (with built-in kustomize) is required by the k8s generator tests; install it and put it on PATH.');
  }
  workDir = mkdtempSync(path.join(tmpdir(), 'ready-k8s-'));
  tree = workspaceWith(E2E_CONFIG);
  await k8sGenerator(tree, { project: E2E_SERVICE });
  files = k8sFiles(tree);
  writeToDisk(files, workDir);
  for (const env of envNames) built[env] = kustomize(path.join(workDir, 'overlays', env));
});

afterAll(() => {
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe('ready:add-k8s on the e2e service (postgres, redis, a queue; dev, staging, prod)', () => {
  it('writes a base and exactly one overlay per environment, every file marked as generated', () => {
    const overlays = [...new Set(Object.keys(files).filter((f) => f.startsWith('overlays/')).map((f) => f.split('/')[1]))].sort();
    expect(overlays).toEqual([...envNames].sort());
    expect(files['base/kustomization.yaml']).toBeDefined();
    for (const [file, text] of Object.entries(files)) {
      expect(text.split('\n')[0], file).toMatch(/^# Generated by ready from ready\.yaml .*nx g ready:add-k8s --project=shop/);
      expect(text, file).not.toMatch(/TODO|CHANGE_?ME|placeholder|:latest\b/i);
    }
  });

  it('K8-14 every overlay builds without warnings and every object is a valid, known kind', () => {
    for (const env of envNames) {
      expect(built[env].length).toBeGreaterThan(0);
      for (const obj of built[env]) {
        const Model = MODELS[`${obj.apiVersion}/${obj.kind}`];
        if (!Model) throw new Error(`${env}: unknown kind ${obj.apiVersion}/${obj.kind}; add it to MODELS or stop generating it`);
        expect(() => (new Model(obj) as Validatable).validate(), `${env} ${obj.kind}`).not.toThrow();
        expect(obj.metadata.namespace, `${env} ${obj.kind} namespace`).toBe(envOf(env).namespace);
        expect(obj.metadata.name).toBe(E2E_SERVICE);
      }
    }
    // The validator is live: a wrongly typed field in a copy of a built Deployment is refused.
    const broken = structuredClone(deployment('prod'));
    broken.spec.template.spec.containers[0].ports[0].containerPort = 'http';
    expect(() => (new Deployment(broken) as unknown as Validatable).validate()).toThrow(/containerPort/);
  });

  it('K8-01 distinct startup, readiness and liveness probes; liveness is the most tolerant', () => {
    for (const env of envNames) {
      const c = container(env);
      expect(c.startupProbe.httpGet).toEqual({ path: '/health/startup', port: 'http' });
      expect(c.readinessProbe.httpGet).toEqual({ path: '/health/ready', port: 'http' });
      expect(c.livenessProbe.httpGet).toEqual({ path: '/health/live', port: 'http' });
      expect(c.readinessProbe).not.toEqual(c.livenessProbe);
      const tolerance = (p: K8sObject) => p.periodSeconds * p.failureThreshold;
      expect(tolerance(c.livenessProbe)).toBeGreaterThan(tolerance(c.readinessProbe));
      expect(c.livenessProbe.timeoutSeconds).toBeGreaterThan(c.readinessProbe.timeoutSeconds);
    }
  });

  it('K8-02 cpu/memory/ephemeral-storage requests and limits from the environment; memory request == limit', () => {
    for (const env of envNames) {
      const { requests, limits } = container(env).resources;
      for (const resource of ['cpu', 'memory', 'ephemeral-storage']) {
        expect(requests[resource], `${env} requests.${resource}`).toBeTruthy();
        expect(limits[resource], `${env} limits.${resource}`).toBeTruthy();
      }
      expect(requests.memory).toBe(limits.memory);
      expect(requests.cpu).toBe(envOf(env).resources.cpu);
      expect(requests.memory).toBe(envOf(env).resources.memory);
    }
    // prod sets its own resources in the e2e config; the others keep the defaults.
    expect(container('prod').resources.requests).toMatchObject({ cpu: '500m', memory: '512Mi' });
    expect(container('dev').resources.requests.memory).not.toBe(container('prod').resources.requests.memory);
  });

  it('K8-03 restricted security context: non-root uid/gid 10001, read-only root with an emptyDir /tmp, no privileges, seccomp', () => {
    for (const env of envNames) {
      const pod = deployment(env).spec.template.spec;
      expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, fsGroup: 10001 });
      expect(pod.securityContext.runAsUser).toBeGreaterThan(10000);
      expect(pod.securityContext.seccompProfile).toEqual({ type: 'RuntimeDefault' });
      const sc = container(env).securityContext;
      expect(sc).toMatchObject({ allowPrivilegeEscalation: false, privileged: false, readOnlyRootFilesystem: true });
      expect(sc.capabilities.drop).toEqual(['ALL']);
      expect(sc.runAsUser ?? pod.securityContext.runAsUser).toBeGreaterThan(10000);
      const mount = container(env).volumeMounts.find((m: K8sObject) => m.mountPath === '/tmp');
      const volume = pod.volumes.find((v: K8sObject) => v.name === mount?.name);
      expect(volume?.emptyDir?.sizeLimit, `${env}: /tmp is a bounded emptyDir`).toBeTruthy();
    }
  });

  it('K8-04 explicit non-latest image tag of the configured image, pulled Always', () => {
    for (const env of envNames) {
      const c = container(env);
      const match = /^(.+):([^:/]+)$/.exec(c.image);
      expect(match, `${env}: image has a tag`).not.toBeNull();
      expect(match![1]).toBe(model.image);
      expect(match![2]).not.toBe('latest');
      expect(c.imagePullPolicy).toBe('Always');
      expect(podLabels(env)['app.kubernetes.io/version']).toBe(match![2]);
    }
  });

  it('K8-05 PDB selects the pods and allows an eviction while the HPA minimum keeps serving', () => {
    for (const env of envNames) {
      const pdb = one(env, 'PodDisruptionBudget');
      const hpa = one(env, 'HorizontalPodAutoscaler');
      expect(isSubset(pdb.spec.selector.matchLabels, podLabels(env))).toBe(true);
      expect(pdb.spec.selector.matchLabels).toEqual(deployment(env).spec.selector.matchLabels);
      if (pdb.spec.minAvailable !== undefined) expect(pdb.spec.minAvailable).toBeLessThan(hpa.spec.minReplicas);
      else expect(pdb.spec.maxUnavailable).toBeGreaterThanOrEqual(1);
    }
  });

  it('K8-06 HPA targets the Deployment with min >= 2 and max > min from ready.yaml; the Deployment has no replicas', () => {
    for (const env of envNames) {
      const hpa = one(env, 'HorizontalPodAutoscaler');
      expect(hpa.spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: deployment(env).metadata.name });
      expect(hpa.spec.minReplicas).toBeGreaterThanOrEqual(2);
      expect(hpa.spec.maxReplicas).toBeGreaterThan(hpa.spec.minReplicas);
      expect(hpa.spec.minReplicas).toBe(envOf(env).replicas.min);
      expect(hpa.spec.maxReplicas).toBe(envOf(env).replicas.max);
      expect(hpa.spec.metrics[0].resource).toEqual({ name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } });
      expect(deployment(env).spec).not.toHaveProperty('replicas');
    }
  });

  it('K8-07 topology spread over zones and nodes, selecting the pods', () => {
    for (const env of envNames) {
      const constraints = deployment(env).spec.template.spec.topologySpreadConstraints as K8sObject[];
      expect(constraints.map((c) => c.topologyKey).sort()).toEqual(['kubernetes.io/hostname', 'topology.kubernetes.io/zone']);
      for (const c of constraints) expect(isSubset(c.labelSelector.matchLabels, podLabels(env))).toBe(true);
    }
  });

  it('K8-08 NetworkPolicy on the pods: ingress only to http, egress only to DNS and the declared dependency ports', () => {
    const expectedPorts = [53, ...model.dependencies.map((d) => ({ postgres: 5432, redis: 6379 })[d.kind as 'postgres' | 'redis'])].sort();
    expect(expectedPorts).toEqual([53, 5432, 6379]);
    for (const env of envNames) {
      const np = one(env, 'NetworkPolicy');
      expect(isSubset(np.spec.podSelector.matchLabels, podLabels(env))).toBe(true);
      expect([...np.spec.policyTypes].sort()).toEqual(['Egress', 'Ingress']);
      const ingressPorts = np.spec.ingress.flatMap((r: K8sObject) => r.ports);
      expect(ingressPorts).toEqual([{ protocol: 'TCP', port: 'http' }]);
      expect(np.spec.ingress.every((r: K8sObject) => r.from?.length > 0)).toBe(true);
      const egressPorts = np.spec.egress.flatMap((r: K8sObject) => r.ports.map((p: K8sObject) => p.port));
      expect([...new Set(egressPorts)].sort()).toEqual(expectedPorts);
      const dns = np.spec.egress.find((r: K8sObject) => r.ports.some((p: K8sObject) => p.port === 53));
      expect(dns.ports.map((p: K8sObject) => p.protocol).sort()).toEqual(['TCP', 'UDP']);
      expect(np.spec.egress).toHaveLength(1 + model.dependencies.length);
    }
    for (const dep of model.dependencies) expect(files['base/network-policy.yaml']).toContain(`# dependency "${dep.name}"`);
  });

  it('K8-09 preStop sleep of the drain delay; preStop + drain and preStop + shutdown timeout fit in the grace period', () => {
    for (const env of envNames) {
      const pod = deployment(env).spec.template.spec;
      const config = one(env, 'ConfigMap').data;
      const preStop = container(env).lifecycle.preStop.sleep.seconds;
      const drain = Number(config.SHUTDOWN_DRAIN_MS) / 1000;
      const timeout = Number(config.SHUTDOWN_TIMEOUT_MS) / 1000;
      expect(config.SHUTDOWN_DRAIN_MS).toBe(String(model.observability.shutdown.drainDelayMs));
      expect(config.SHUTDOWN_TIMEOUT_MS).toBe(String(model.observability.shutdown.timeoutMs));
      expect(preStop).toBeGreaterThanOrEqual(drain);
      expect(preStop).toBeLessThan(drain + 1);
      expect(preStop + drain).toBeLessThan(pod.terminationGracePeriodSeconds);
      expect(preStop + timeout).toBeLessThan(pod.terminationGracePeriodSeconds);
    }
  });

  it('K8-10 ClusterIP Service selects the pods; Ingress with TLS routes to it only where a host is configured', () => {
    for (const env of envNames) {
      const svc = one(env, 'Service');
      expect(svc.spec.type).toBe('ClusterIP');
      expect(isSubset(svc.spec.selector, podLabels(env))).toBe(true);
      const containerPorts = container(env).ports.map((p: K8sObject) => p.name);
      for (const port of svc.spec.ports) expect(containerPorts).toContain(port.targetPort);
      expect(container(env).ports).toEqual([{ name: 'http', containerPort: model.http.port, protocol: 'TCP' }]);

      const ingresses = built[env].filter((o) => o.kind === 'Ingress');
      const host = envOf(env).ingressHost;
      expect(ingresses).toHaveLength(host ? 1 : 0);
      for (const ing of ingresses) {
        expect(ing.spec.tls).toEqual([{ hosts: [host], secretName: `${E2E_SERVICE}-tls` }]);
        for (const rule of ing.spec.rules) {
          expect(ing.spec.tls[0].hosts).toContain(rule.host);
          for (const p of rule.http.paths) {
            expect(p.backend.service.name).toBe(svc.metadata.name);
            expect(svc.spec.ports.map((sp: K8sObject) => sp.name)).toContain(p.backend.service.port.name);
          }
        }
      }
    }
    expect(built.staging.some((o) => o.kind === 'Ingress')).toBe(true);
    expect(built.dev.some((o) => o.kind === 'Ingress')).toBe(false);
  });

  it('K8-11 RollingUpdate without unavailability, selector = name + instance matching the template, stable apiVersions, recommended labels, no duplicate env keys', () => {
    const stable = new Set(['v1', 'apps/v1', 'autoscaling/v2', 'policy/v1', 'networking.k8s.io/v1', 'monitoring.coreos.com/v1']);
    for (const env of envNames) {
      const d = deployment(env);
      expect(d.spec.strategy.type).toBe('RollingUpdate');
      expect(d.spec.strategy.rollingUpdate.maxUnavailable).toBe(0);
      expect(d.spec.selector.matchLabels).toEqual({ 'app.kubernetes.io/name': E2E_SERVICE, 'app.kubernetes.io/instance': `${E2E_SERVICE}-${env}` });
      expect(isSubset(d.spec.selector.matchLabels, podLabels(env))).toBe(true);
      for (const obj of built[env]) expect(stable.has(obj.apiVersion), `${obj.kind} ${obj.apiVersion}`).toBe(true);
      for (const labels of [d.metadata.labels, podLabels(env)]) {
        for (const key of ['name', 'instance', 'version', 'component', 'part-of', 'managed-by']) {
          expect(labels[`app.kubernetes.io/${key}`], `${env} app.kubernetes.io/${key}`).toBeTruthy();
        }
      }
      const c = container(env);
      const names = [...c.env.map((e: K8sObject) => e.name), ...Object.keys(one(env, 'ConfigMap').data)];
      expect(names.length).toBeGreaterThan(0);
      expect(new Set(names).size, `${env}: duplicate env names in ${names.join(', ')}`).toBe(names.length);
      expect(c.envFrom).toEqual([{ configMapRef: { name: one(env, 'ConfigMap').metadata.name } }]);
      // Every variable of the service reaches the container (those without a value stay unset on purpose).
      for (const v of serviceEnvVars(model).filter((v) => v.secret || v.default !== undefined)) expect(names).toContain(v.name);
    }
  });

  it('K8-12 dedicated ServiceAccount without token, no host namespaces or paths, secrets only by secretKeyRef', () => {
    const secretVars = serviceEnvVars(model).filter((v) => v.secret);
    expect(secretVars.map((v) => v.name)).toEqual(expect.arrayContaining(['ORDERS_DB_URL', 'CACHE_URL']));
    for (const env of envNames) {
      const sa = one(env, 'ServiceAccount');
      expect(sa.automountServiceAccountToken).toBe(false);
      const pod = deployment(env).spec.template.spec;
      expect(pod.serviceAccountName).toBe(sa.metadata.name);
      expect(pod.automountServiceAccountToken).toBe(false);
      const json = JSON.stringify(deployment(env));
      expect(json).not.toMatch(/"host(Network|PID|IPC|Path|Port|Users|Aliases)"/);
      expect(pod.priorityClassName, 'no priority class is set unless ready.yaml names one').toBeUndefined();
      expect(built[env].some((o) => o.kind === 'Secret')).toBe(false);
      const env_ = container(env).env as K8sObject[];
      const data = one(env, 'ConfigMap').data;
      for (const v of secretVars) {
        const entry = env_.find((e) => e.name === v.name);
        expect(entry?.value, `${v.name} has no literal value`).toBeUndefined();
        expect(entry?.valueFrom?.secretKeyRef).toEqual({ name: E2E_SERVICE, key: v.name, ...(v.required ? {} : { optional: true }) });
        expect(data).not.toHaveProperty(v.name);
      }
      for (const e of env_) expect(e.value, `${e.name} is set by reference only`).toBeUndefined();
    }
  });

  it('K8-13 ServiceMonitor scrapes /metrics on port http with job = service name; no Ingress path exposes /metrics', () => {
    for (const env of envNames) {
      const sm = one(env, 'ServiceMonitor');
      const svc = one(env, 'Service');
      expect(sm.spec.endpoints).toEqual([expect.objectContaining({ port: 'http', path: '/metrics', interval: '30s' })]);
      expect(isSubset(sm.spec.selector.matchLabels, svc.metadata.labels)).toBe(true);
      expect(svc.metadata.labels[sm.spec.jobLabel]).toBe(E2E_SERVICE);
      expect(svc.spec.ports.map((p: K8sObject) => p.name)).toContain('http');
      const rule = one(env, 'PrometheusRule');
      expect(JSON.stringify(rule.spec.groups)).toContain(`job=\\"${E2E_SERVICE}\\"`);
      for (const ing of built[env].filter((o) => o.kind === 'Ingress')) {
        for (const p of ing.spec.rules.flatMap((r: K8sObject) => r.http.paths)) {
          const prefix = (p.path as string).replace(/\/+$/, '');
          const exposes = (route: string) => route === prefix || route.startsWith(`${prefix}/`);
          expect(exposes('/metrics'), `${env} Ingress path ${p.path} exposes /metrics`).toBe(false);
          expect(exposes('/health/live'), `${env} Ingress path ${p.path} exposes the probes`).toBe(false);
          expect(p.pathType).toBe('Prefix');
        }
      }
    }
  });

  it('K8-13 routes only the configured basePath when ready.yaml sets one', async () => {
    const t = workspaceWith(E2E_CONFIG.replace('  port: 3300\n', '  port: 3300\n  basePath: /shop\n'));
    await k8sGenerator(t, { project: E2E_SERVICE, skipFormat: true });
    const ingress = parseAllDocuments(t.read(`${K8S_ROOT}/overlays/prod/ingress.yaml`, 'utf-8')!)[0].toJS();
    expect(ingress.spec.rules[0].http.paths.map((p: K8sObject) => p.path)).toEqual(['/shop']);
  });

  it('sets each environment’s log level in its ConfigMap and rolls the pods when it changes', async () => {
    const t = workspaceWith(E2E_CONFIG.replace('    - name: dev\n', '    - name: dev\n      logLevel: debug\n'));
    await k8sGenerator(t, { project: E2E_SERVICE, skipFormat: true });
    const changed = k8sFiles(t);
    expect(diffKeys(files, changed)).toEqual(['overlays/dev/config-map-patch.yaml', 'overlays/dev/deployment-patch.yaml']);
    const dir = mkdtempSync(path.join(tmpdir(), 'ready-k8s-loglevel-'));
    try {
      writeToDisk(changed, dir);
      const dev = kustomize(path.join(dir, 'overlays', 'dev'));
      expect(dev.find((o) => o.kind === 'ConfigMap')!.data.LOG_LEVEL).toBe('debug');
      expect(one('prod', 'ConfigMap').data.LOG_LEVEL).toBe(model.observability.logLevel);
      // Each environment reports its errors to Sentry under its own name, not NODE_ENV's "production".
      expect(dev.find((o) => o.kind === 'ConfigMap')!.data.SENTRY_ENVIRONMENT).toBe('dev');
      expect(one('staging', 'ConfigMap').data.SENTRY_ENVIRONMENT).toBe('staging');
      const checksum = (objs: K8sObject[]) => objs.find((o) => o.kind === 'Deployment')!.spec.template.metadata.annotations['checksum/config'];
      expect(checksum(dev)).not.toBe(checksum(built.dev));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('ready:add-k8s lifecycle', () => {
  it('changes nothing on a second run (byte-identical)', async () => {
    await k8sGenerator(tree, { project: E2E_SERVICE });
    expect(k8sFiles(tree)).toEqual(files);
  });

  it('adding an environment adds exactly its overlay and changes nothing else', async () => {
    const t = workspaceWith(`${E2E_CONFIG}    - name: qa\n      ingressHost: shop.qa.example.com\n`);
    await k8sGenerator(t, { project: E2E_SERVICE });
    const after = k8sFiles(t);
    const changed = diffKeys(files, after);
    expect(changed.length).toBeGreaterThan(0);
    // The alert rules match pods by the declared namespaces, so the PrometheusRule (rendered from the alerts feature) follows them.
    const outside = changed.filter((f) => !f.startsWith('overlays/qa/') && f !== 'base/prometheus-rule.yaml');
    expect(outside, 'files changed outside the new overlay').toEqual([]);
    expect(changed).toContain('overlays/qa/kustomization.yaml');
    expect(changed).toContain('overlays/qa/ingress.yaml');
  });

  it('adding a dependency changes only base files and opens its port', async () => {
    const t = workspaceWith(E2E_CONFIG.replace('  - name: cache\n', '  - name: events\n    kind: rabbitmq\n  - name: cache\n'));
    await k8sGenerator(t, { project: E2E_SERVICE });
    const after = k8sFiles(t);
    const changed = diffKeys(files, after);
    expect(changed).toContain('base/network-policy.yaml');
    expect(changed).toContain('base/deployment.yaml');
    expect(changed.filter((f) => !f.startsWith('base/')), 'files changed outside base/').toEqual([]);
    expect(after['base/network-policy.yaml']).toContain('port: 5672');
    expect(after['base/network-policy.yaml']).toContain('# dependency "events" (rabbitmq, EVENTS_URL)');
  });

  it('removes the generated overlay of an environment that ready.yaml no longer has', async () => {
    const t = workspaceWith(E2E_CONFIG);
    await k8sGenerator(t, { project: E2E_SERVICE, skipFormat: true });
    t.write(`${PROJECT_ROOT}/ready.yaml`, E2E_CONFIG.replace(/    - name: dev\n      replicas: \{ min: 2, max: 3 \}\n/, ''));
    await k8sGenerator(t, { project: E2E_SERVICE, skipFormat: true });
    expect(Object.keys(k8sFiles(t)).some((f) => f.startsWith('overlays/dev/'))).toBe(false);
    expect(Object.keys(k8sFiles(t)).some((f) => f.startsWith('overlays/prod/'))).toBe(true);
  });

  it('refuses an invalid ready.yaml naming the field and writes nothing', async () => {
    const bad = E2E_CONFIG.replace('replicas: { min: 2, max: 3 }', 'replicas: { min: 0, max: 3 }');
    const t = workspaceWith(bad);
    const before = t.listChanges().map((c) => c.path);
    await expect(k8sGenerator(t, { project: E2E_SERVICE })).rejects.toThrow(/deploy\.environments\[0\]\.replicas\.min/);
    expect(t.listChanges().map((c) => c.path)).toEqual(before);
    expect(t.exists(K8S_ROOT)).toBe(false);
  });

  it('keeps a manifest the user wrote (no marker) and warns', async () => {
    const t = workspaceWith(E2E_CONFIG);
    const own = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: shop\n';
    t.write(`${K8S_ROOT}/base/deployment.yaml`, own);
    const warn = vi.spyOn(logger, 'warn').mockImplementation(() => undefined);
    await k8sGenerator(t, { project: E2E_SERVICE, skipFormat: true });
    expect(t.read(`${K8S_ROOT}/base/deployment.yaml`, 'utf-8')).toBe(own);
    expect(warn.mock.calls.flat().join('\n')).toMatch(/kept your apps\/shop\/deploy\/k8s\/base\/deployment\.yaml/);
    expect(t.exists(`${K8S_ROOT}/base/service.yaml`)).toBe(true);
  });

  it('warns and keeps the HPA valid when an environment sets replicas.min 1 or max == min', async () => {
    const config = E2E_CONFIG.replace('replicas: { min: 2, max: 3 }', 'replicas: { min: 1, max: 1 }').replace(
      'replicas: { min: 3, max: 10 }',
      'replicas: { min: 3, max: 3 }',
    );
    const t = workspaceWith(config);
    const warn = vi.spyOn(logger, 'warn').mockImplementation(() => undefined);
    await k8sGenerator(t, { project: E2E_SERVICE, skipFormat: true });
    const warnings = warn.mock.calls.flat().join('\n');
    expect(warnings).toMatch(/deploy\.environments\[0\] \(dev\): replicas\.min is 1; the HPA uses 2/);
    expect(warnings).toMatch(/deploy\.environments\[2\] \(prod\): replicas\.max \(3\) is not above/);
    const hpa = (env: string) => parseAllDocuments(t.read(`${K8S_ROOT}/overlays/${env}/hpa-patch.yaml`, 'utf-8')!)[0].toJS().spec;
    expect(hpa('dev')).toEqual({ minReplicas: 2, maxReplicas: 2 });
    expect(hpa('prod')).toEqual({ minReplicas: 3, maxReplicas: 3 });
    // The realistic config raises no warning at all.
    warn.mockClear();
    await k8sGenerator(workspaceWith(E2E_CONFIG), { project: E2E_SERVICE, skipFormat: true });
    expect(warn).not.toHaveBeenCalled();
  });

  it('--dry-run: every write goes through the Tree, nothing reaches the disk before flush', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ready-k8s-dry-'));
    try {
      writeFileSync(path.join(dir, 'nx.json'), '{}');
      mkdirSync(path.join(dir, PROJECT_ROOT), { recursive: true });
      writeFileSync(path.join(dir, PROJECT_ROOT, 'project.json'), JSON.stringify({ name: E2E_SERVICE, root: PROJECT_ROOT }));
      writeFileSync(path.join(dir, PROJECT_ROOT, 'ready.yaml'), E2E_CONFIG);
      const fsTree = new FsTree(dir, false);
      await k8sGenerator(fsTree, { project: E2E_SERVICE, skipFormat: true });
      expect(fsTree.listChanges().length).toBe(Object.keys(files).length);
      expect(existsSync(path.join(dir, K8S_ROOT))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the docs fragment renders from the model with real names and no blanks', () => {
    const template = readFileSync(path.join(docsTemplatesDir('k8s'), 'k8s.md.ejs'), 'utf-8');
    const text = renderEjs(template, { model });
    for (const env of model.environments) {
      expect(text).toContain(env.namespace);
      expect(text).toContain(`overlays/${env.name}`);
    }
    expect(text).toContain(`kubectl -n ${model.environments[2].namespace} rollout undo deployment/${E2E_SERVICE}`);
    expect(text).not.toMatch(/undefined|null|TODO|CHANGE_?ME|<%|\[object/);
  });
});
