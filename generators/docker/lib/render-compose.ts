import { offsetFromRoot, type Tree } from '@nx/devkit';
import { Document, stringify } from 'yaml';
import { generatedMarker } from '../../utils/derived-files';
import type { FeatureContext } from '../../utils/feature';
import type { DockerPaths } from './docker-paths';
import { containerOf, localContainer, passwordVariable, PROMETHEUS_IMAGE } from './local-containers';
import { CONTAINER_GID, CONTAINER_UID } from './render-dockerfile';

/** The file developers create from .env.example; compose passes it to the app and reads local passwords from it. */
export const LOCAL_ENV_FILE = '.env';

/**
 * docker-compose.yaml next to the Dockerfile: the service built from it, one container per declared
 * dependency (http and custom dependencies have none), and Prometheus scraping the service with the
 * generated alert rules when they exist. Secrets come from `.env`, never from this file.
 */
export function renderCompose(tree: Tree, ctx: FeatureContext, paths: DockerPaths): string {
  const { model } = ctx;
  const name = model.names.kebab;
  const port = model.http.port;
  const envFileShown = `${ctx.projectRoot}/${LOCAL_ENV_FILE}`;
  // Only variables of the service's env schema are wired; every dependency URL is one of them.
  const envVars = new Set(ctx.envVars.map((v) => v.name));

  const services: Record<string, unknown> = {};
  const environment: Record<string, string> = { HOST: '0.0.0.0', PORT: String(port) };
  const dependsOn: Record<string, { condition: string }> = {};
  const published = new Set<string>();
  for (const dep of model.dependencies) {
    const container = containerOf(dep);
    if (!container || !envVars.has(dep.envVar)) continue;
    const local = localContainer(dep, container, envFileShown);
    const hostPort = published.has(dep.kind) ? undefined : container.hostPort;
    published.add(dep.kind);
    services[dep.name] = {
      ...local.service,
      ...(hostPort ? { ports: [`127.0.0.1:${hostPort}:${hostPort}`] } : {}),
      restart: 'unless-stopped',
    };
    environment[dep.envVar] = local.url;
    dependsOn[dep.name] = { condition: 'service_healthy' };
  }

  const drainAndExitSeconds = Math.ceil(model.observability.shutdown.timeoutMs / 1000) + 5;
  const readyProbe = `fetch('http://127.0.0.1:${port}/health/ready').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))`;
  const app = {
    build: { context: offsetFromRoot(ctx.projectRoot).replace(/\/$/, ''), dockerfile: paths.dockerfile },
    image: `${model.image}:local`,
    env_file: [LOCAL_ENV_FILE],
    environment,
    ports: [`127.0.0.1:${port}:${port}`],
    ...(Object.keys(dependsOn).length > 0 ? { depends_on: dependsOn } : {}),
    healthcheck: { test: ['CMD', 'node', '-e', readyProbe], interval: '10s', timeout: '3s', retries: 3, start_period: '15s' },
    user: `${CONTAINER_UID}:${CONTAINER_GID}`,
    read_only: true,
    tmpfs: ['/tmp'],
    cap_drop: ['ALL'],
    security_opt: ['no-new-privileges:true'],
    // Longer than the app's own force-exit timeout, so a SIGTERM shutdown is never cut short.
    stop_grace_period: `${drainAndExitSeconds}s`,
  };
  const withPrometheus = tree.exists(paths.prometheusRules);
  const compose: Record<string, unknown> = {
    name,
    services: {
      [name]: app,
      ...services,
      ...(withPrometheus ? { prometheus: prometheusService(ctx) } : {}),
    },
  };
  if (withPrometheus) compose['configs'] = { prometheus: { content: prometheusConfig(ctx) } };

  // YAML 1.1 rules quote words such as "no" and "on" that older compose parsers would read as booleans.
  const doc = new Document(compose, { version: '1.1' });
  doc.commentBefore = [
    ` ${generatedMarker(ctx.regenerate)}`,
    ` Local stack of ${name}: cp .env.example .env, fill in the secrets${passwordNote(ctx)}, then`,
    `   docker compose up --build        (podman compose works too)`,
  ].join('\n');
  return doc.toString({ lineWidth: 0 });
}

function passwordNote(ctx: FeatureContext): string {
  const vars = ctx.model.dependencies.filter((d) => containerOf(d)?.password).map(passwordVariable);
  return vars.length > 0 ? ` and add ${vars.join(', ')}` : '';
}

function prometheusService(ctx: FeatureContext): Record<string, unknown> {
  return {
    image: PROMETHEUS_IMAGE,
    configs: [{ source: 'prometheus', target: '/etc/prometheus/prometheus.yml' }],
    volumes: [{ type: 'bind', source: './deploy/prometheus/rules.yaml', target: '/etc/prometheus/rules/rules.yaml', read_only: true }],
    ports: ['127.0.0.1:9090:9090'],
    depends_on: { [ctx.model.names.kebab]: { condition: 'service_started' } },
    healthcheck: { test: ['CMD', 'wget', '-qO-', 'http://127.0.0.1:9090/-/ready'], interval: '10s', timeout: '3s', retries: 6 },
  };
}

/** Scrapes the app under the job name the alert rules select on (`job="<name>"`). */
function prometheusConfig(ctx: FeatureContext): string {
  const name = ctx.model.names.kebab;
  return stringify({
    global: { scrape_interval: '15s', evaluation_interval: '15s' },
    rule_files: ['/etc/prometheus/rules/rules.yaml'],
    scrape_configs: [{ job_name: name, metrics_path: '/metrics', static_configs: [{ targets: [`${name}:${ctx.model.http.port}`] }] }],
  });
}
