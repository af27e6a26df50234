import { describe, expect, it } from 'vitest';
import { dependencySchema, parseConfigYaml, ReadyConfigError } from '@ready-tools/config';
import { allowed, factors, KIND_FACTORS, knownBad, matrixConfigFor, matrixConfigs, sampleConfigs, type MatrixRow } from './configs';

const configs = matrixConfigs();
const keys = Object.keys(factors) as (keyof typeof factors)[];
type Pair = [keyof typeof factors, string, keyof typeof factors, string];
const allPairs: Pair[] = keys.flatMap((a, i) => keys.slice(i + 1).flatMap((b) => factors[a].flatMap((va) => factors[b].map((vb): Pair => [a, va, b, vb]))));

/** A config with every kind declared and nothing that needs one, then the pair: only the pair can break a rule. */
function rowWith([a, va, b, vb]: Pair): MatrixRow {
  const base: MatrixRow = { postgres: 'critical', mysql: 'critical', redis: 'critical', rabbitmq: 'critical', kafka: 'critical', mongodb: 'critical', qdrant: 'critical', neo4j: 'critical', elasticsearch: 'critical', opensearch: 'critical', http: 'critical', custom: 'critical', auth: 'jwt', rateLimitStore: 'memory', queues: 'none', cache: 'none', basePath: 'none', environments: 'one' };
  return { ...base, [a]: va, [b]: vb } as MatrixRow;
}

describe('the generated-config matrix', () => {
  it('holds only configs the config model accepts, with unique service names and ports', () => {
    for (const c of configs) expect(() => parseConfigYaml(c.yaml, c.name), c.title).not.toThrow();
    expect(new Set(configs.map((c) => c.name)).size).toBe(configs.length);
    expect(new Set(configs.map((c) => parseConfigYaml(c.yaml).http.port)).size).toBe(configs.length);
  });

  it('covers every pair of choices the model allows', () => {
    const covered = new Set(configs.flatMap((c) => keys.flatMap((a, i) => keys.slice(i + 1).map((b) => `${a}=${c.row[a]} ${b}=${c.row[b]}`))));
    // The constraints are all between two factors, so a pair is possible exactly when it is allowed on its own.
    const missing = allPairs.filter(([a, va, b, vb]) => allowed({ [a]: va, [b]: vb }) && !covered.has(`${a}=${va} ${b}=${vb}`));
    expect(missing).toEqual([]);
  });

  it('excludes exactly the pairs the config model refuses', () => {
    for (const pair of allPairs) {
      const row = rowWith(pair);
      const parse = () => parseConfigYaml(matrixConfigFor(row, 0).yaml);
      if (allowed(row)) expect(parse, pair.join(' ')).not.toThrow();
      else expect(parse, pair.join(' ')).toThrow(ReadyConfigError);
    }
  });

  it('starts with the combinations issue 10 found broken', () => {
    knownBad.forEach((k, i) => expect(configs[i].row).toMatchObject(k.seed));
  });

  it('has a factor for every dependency kind of the config model', () => {
    expect([...KIND_FACTORS].sort()).toEqual([...dependencySchema.out.shape.kind.options].sort());
  });

  it('samples every dependency kind, queue backend, cache and auth mode for the own-test runs', () => {
    const sample = sampleConfigs(configs, 4, undefined);
    expect(sample.length).toBeLessThanOrEqual(4);
    for (const kind of KIND_FACTORS) {
      expect(sample.some((c) => c.row[kind] !== 'none'), kind).toBe(true);
    }
    for (const q of ['bullmq', 'rabbitmq']) expect(sample.some((c) => c.row.queues === q || c.row.queues === 'both'), q).toBe(true);
    for (const mode of factors.auth) expect(sample.some((c) => c.row.auth === mode), mode).toBe(true);
    expect(sample.some((c) => c.row.cache !== 'none')).toBe(true);
    expect(sampleConfigs(configs, 4, 'm02,m05').map((c) => c.name)).toEqual(['m02', 'm05']);
  });
});
