/**
 * The generated-config matrix: valid ready.yaml configs, pairwise over the choices that change what is
 * generated (dependency kinds and their criticality, auth mode, rate-limit store, queue backend, cache,
 * base path, environments). Constraints of the config model are constraints of the generator, so every
 * config is valid by construction; configs.spec.ts proves it with the real parser.
 */
import type { ReadyConfigInput } from '@ready-tools/config';
import { renderConfigYaml } from '@ready-tools/config';
import { pairwise, type PartialRow, type Row } from './pairwise';

export const factors = {
  postgres: ['none', 'critical', 'non-critical', 'two'],
  mysql: ['none', 'critical', 'non-critical'],
  redis: ['none', 'critical', 'non-critical', 'named-redis'],
  rabbitmq: ['none', 'critical', 'non-critical'],
  kafka: ['none', 'critical', 'non-critical'],
  mongodb: ['none', 'critical', 'non-critical'],
  qdrant: ['none', 'critical', 'optional'],
  neo4j: ['none', 'critical', 'non-critical'],
  elasticsearch: ['none', 'critical', 'non-critical'],
  opensearch: ['none', 'critical', 'non-critical'],
  http: ['none', 'critical', 'non-critical', 'llm'],
  custom: ['none', 'critical', 'non-critical'],
  auth: ['jwt', 'api-key', 'both', 'none'],
  rateLimitStore: ['memory', 'redis'],
  queues: ['none', 'bullmq', 'rabbitmq', 'both'],
  cache: ['none', 'one', 'two'],
  basePath: ['none', '/api', '/api/v1'],
  environments: ['one', 'three'],
} as const;

export type MatrixRow = Row<typeof factors>;

/** The factors that are dependency kinds, in the order their dependencies are declared: every kind of the schema. */
export const KIND_FACTORS = ['postgres', 'mysql', 'redis', 'rabbitmq', 'kafka', 'mongodb', 'qdrant', 'neo4j', 'elasticsearch', 'opensearch', 'http', 'custom'] as const;

/** The model's cross-field rules (packages/config/src/schema.ts superRefine), on a partial row. */
export function allowed(row: PartialRow<typeof factors>): boolean {
  const noRedis = row.redis === 'none';
  if (noRedis && (row.queues === 'bullmq' || row.queues === 'both')) return false; // BullMQ stores jobs in Redis
  if (noRedis && row.cache !== undefined && row.cache !== 'none') return false; // cached reads live in Redis
  if (row.rabbitmq === 'none' && (row.queues === 'rabbitmq' || row.queues === 'both')) return false;
  return true;
}

/** Combinations issue 10 found broken; each is a row of its own, so its failure is easy to route. */
export const knownBad: { why: string; seed: PartialRow<typeof factors> }[] = [
  { why: 'rate-limit store redis plus a dependency named redis (REDIS_URL twice)', seed: { rateLimitStore: 'redis', redis: 'named-redis' } },
  { why: 'auth api-key (env tests need API_KEYS)', seed: { auth: 'api-key' } },
  { why: 'basePath /api/v1 (routes under /api/v1/v1)', seed: { basePath: '/api/v1' } },
  { why: 'a non-critical redis among critical dependencies', seed: { redis: 'non-critical', postgres: 'critical', rabbitmq: 'critical' } },
];

export interface MatrixConfig {
  /** Service name, also the app folder: apps/<name>. */
  name: string;
  row: MatrixRow;
  /** One line naming every choice, used as the test name. */
  title: string;
  /** Set for the rows that reproduce a combination issue 10 found broken. */
  knownBad?: string;
  input: ReadyConfigInput;
  yaml: string;
}

type Dependency = NonNullable<ReadyConfigInput['dependencies']>[number];

/** Dependencies a row declares, named as a real service would name them. */
function dependenciesOf(row: MatrixRow): Dependency[] {
  const deps: Dependency[] = [];
  const critical = (level: string) => level === 'critical';
  if (row.postgres === 'two') {
    deps.push({ name: 'orders-db', kind: 'postgres' }, { name: 'reports-db', kind: 'postgres', critical: false, pool: { min: 0, max: 4 } });
  } else if (row.postgres !== 'none') {
    deps.push({ name: 'orders-db', kind: 'postgres', critical: critical(row.postgres) });
  }
  if (row.mysql !== 'none') deps.push({ name: 'accounts-db', kind: 'mysql', critical: critical(row.mysql), pool: { min: 1, max: 6 } });
  if (row.redis === 'named-redis') deps.push({ name: 'redis', kind: 'redis' });
  else if (row.redis !== 'none') deps.push({ name: 'cache', kind: 'redis', critical: critical(row.redis) });
  if (row.rabbitmq !== 'none') deps.push({ name: 'events-bus', kind: 'rabbitmq', critical: critical(row.rabbitmq) });
  if (row.kafka !== 'none') deps.push({ name: 'event-stream', kind: 'kafka', critical: critical(row.kafka) });
  if (row.mongodb !== 'none') deps.push({ name: 'documents', kind: 'mongodb', critical: critical(row.mongodb), timeoutMs: 5_000 });
  // An optional non-LLM dependency: its variable may be unset in a deployment.
  if (row.qdrant !== 'none') deps.push({ name: 'embeddings', kind: 'qdrant', critical: critical(row.qdrant), ...(row.qdrant === 'optional' ? { optional: true } : {}) });
  if (row.neo4j !== 'none') deps.push({ name: 'knowledge-graph', kind: 'neo4j', critical: critical(row.neo4j) });
  if (row.elasticsearch !== 'none') deps.push({ name: 'catalog-search', kind: 'elasticsearch', critical: critical(row.elasticsearch) });
  if (row.opensearch !== 'none') deps.push({ name: 'audit-search', kind: 'opensearch', critical: critical(row.opensearch) });
  if (row.http === 'llm') {
    // An LLM call is slow: the request, server and shutdown timeouts must leave room for it.
    deps.push({ name: 'assistant', kind: 'http', critical: false, timeoutMs: 60_000, retry: { attempts: 2 }, llm: { provider: 'openai' } });
    // A fallback provider a deployment may leave out: optional, so the chain holds the configured ones.
    deps.push({ name: 'fallback-llm', kind: 'http', critical: false, optional: true, timeoutMs: 60_000, llm: { provider: 'anthropic' } });
  } else if (row.http !== 'none') {
    deps.push({ name: 'payments-api', kind: 'http', critical: critical(row.http) });
  }
  if (row.custom !== 'none') deps.push({ name: 'ledger', kind: 'custom', critical: critical(row.custom) });
  return deps;
}

function inputOf(name: string, index: number, row: MatrixRow): ReadyConfigInput {
  const three = row.environments === 'three';
  const jwt = row.auth === 'jwt' || row.auth === 'both';
  const queues: NonNullable<ReadyConfigInput['queues']> = [];
  if (row.queues === 'bullmq' || row.queues === 'both') queues.push({ name: 'emails', attempts: 3 });
  if (row.queues === 'rabbitmq' || row.queues === 'both') queues.push({ name: 'webhooks', backend: 'rabbitmq', attempts: 4, backoff: { type: 'fixed', delayMs: 500 } });
  const cache = row.cache === 'none' ? [] : row.cache === 'one' ? [{ name: 'products' }] : [{ name: 'products' }, { name: 'prices', ttlSeconds: 30 }];
  return {
    apiVersion: 'ready/v1',
    service: {
      name,
      description: `Generated-config matrix row ${index + 1}`,
      owner: 'matrix-team',
      // Three environments stand for a fully described production service; one for a minimal config.
      ...(three ? { tier: 'high', onCall: '#matrix-oncall', repository: 'https://github.com/example-org/matrix', docsBaseUrl: `https://github.com/example-org/matrix/blob/main/apps/${name}` } : {}),
    },
    http: { port: 3400 + index, ...(row.basePath === 'none' ? {} : { basePath: row.basePath }) },
    auth: {
      mode: row.auth,
      ...(jwt && three ? { jwt: { issuer: 'https://auth.example.com/', audience: `${name}-api` } } : {}),
    },
    rateLimits: { store: row.rateLimitStore },
    dependencies: dependenciesOf(row),
    ...(queues.length > 0 ? { queues } : {}),
    ...(cache.length > 0 ? { cache } : {}),
    deploy: {
      registry: 'ghcr.io/example-org',
      environments: three
        ? [{ name: 'dev', replicas: { min: 2, max: 3 } }, { name: 'staging', ingressHost: `${name}.staging.example.com` }, { name: 'prod', replicas: { min: 3, max: 10 }, ingressHost: `${name}.example.com` }]
        : [{ name: 'prod' }],
    },
  };
}

function titleOf(row: MatrixRow): string {
  const short = { critical: 'c', 'non-critical': 'nc', optional: 'opt', two: 'c+nc', 'named-redis': 'c, named redis', llm: 'llm, nc' } as Record<string, string>;
  const kinds = KIND_FACTORS.filter((k) => row[k] !== 'none')
    .map((k) => `${k}(${short[row[k]]})`);
  return [
    `deps ${kinds.join(' ') || 'none'}`,
    `auth ${row.auth}`,
    `store ${row.rateLimitStore}`,
    `queues ${row.queues}`,
    `cache ${row.cache}`,
    `basePath ${row.basePath}`,
    `envs ${row.environments}`,
  ].join(' · ');
}

/** The matrix, in a fixed order: the known-bad rows first, then what pairwise coverage needs. */
export function matrixConfigs(): MatrixConfig[] {
  return pairwise(factors, { allowed, seeds: knownBad.map((k) => k.seed) }).map((row, index) => matrixConfigFor(row, index));
}

/** The config of one row; `index` numbers the service (m01, m02, …) and its port. */
export function matrixConfigFor(row: MatrixRow, index: number): MatrixConfig {
  const name = `m${String(index + 1).padStart(2, '0')}`;
  const input = inputOf(name, index, row);
  const bad = knownBad[index];
  return {
    name,
    row,
    title: `${name}: ${titleOf(row)}`,
    // The seeds are the first rows, in the order of knownBad.
    knownBad: bad && Object.entries(bad.seed).every(([k, v]) => row[k as keyof MatrixRow] === v) ? bad.why : undefined,
    input,
    yaml: renderConfigYaml(input, '../../node_modules/ready/ready.schema.json'),
  };
}

/** What a sample run should exercise at least once: each kind and variant, queue backend, cache, auth mode. */
function sampleFeatures(row: MatrixRow): { required: string[]; extra: string[] } {
  const kinds = KIND_FACTORS.filter((k) => row[k] !== 'none');
  const variants = [row.postgres === 'two' && 'postgres:two', row.redis === 'named-redis' && 'redis:named-redis', row.http === 'llm' && 'http:llm'];
  const backends = { none: [], bullmq: ['bullmq'], rabbitmq: ['rabbitmq'], both: ['bullmq', 'rabbitmq'] }[row.queues].map((b) => `queue:${b}`);
  return {
    required: [...kinds.map((k) => `kind:${k}`), ...variants.filter((v): v is string => !!v), ...backends, ...(row.cache === 'none' ? [] : ['cache']), `auth:${row.auth}`],
    extra: [`store:${row.rateLimitStore}`, `basePath:${row.basePath}`, `envs:${row.environments}`, ...kinds.filter((k) => row[k] === 'non-critical').map((k) => `non-critical:${k}`)],
  };
}

/**
 * The configs whose own generated tests run: a greedy cover, in matrix order, of every dependency kind and
 * variant, queue backend, cache and auth mode (then store, base path and criticality), at most `max` configs.
 * Deterministic, so a failure reproduces; MATRIX_SAMPLE=all or =m03,m07 picks others by hand.
 */
export function sampleConfigs(configs: MatrixConfig[], max = 4, pick = process.env.MATRIX_SAMPLE): MatrixConfig[] {
  if (pick === 'all') return configs;
  if (pick) {
    const names = pick.split(',').map((n) => n.trim());
    const unknown = names.filter((n) => !configs.some((c) => c.name === n));
    if (unknown.length > 0) throw new Error(`MATRIX_SAMPLE names no config: ${unknown.join(', ')}`);
    return configs.filter((c) => names.includes(c.name));
  }
  const required = new Set(configs.flatMap((c) => sampleFeatures(c.row).required));
  const extra = new Set(configs.flatMap((c) => sampleFeatures(c.row).extra));
  const chosen: MatrixConfig[] = [];
  while (chosen.length < max && required.size > 0) {
    const score = (c: MatrixConfig) => {
      const f = sampleFeatures(c.row);
      return 100 * f.required.filter((x) => required.has(x)).length + f.extra.filter((x) => extra.has(x)).length;
    };
    const best = configs.filter((c) => !chosen.includes(c)).reduce((a, b) => (score(b) > score(a) ? b : a));
    chosen.push(best);
    const f = sampleFeatures(best.row);
    f.required.forEach((x) => required.delete(x));
    f.extra.forEach((x) => extra.delete(x));
  }
  return chosen.sort((a, b) => configs.indexOf(a) - configs.indexOf(b));
}
