import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeConfig, parseConfigYaml, ReadyConfigError, readyJsonSchema } from './index';
import { issuesOf, minimal } from './spec-support';



describe('service config model', () => {
  it('fills every default and derives names from a two-line config', () => {
    const model = normalizeConfig(minimal);
    expect(model.names).toEqual({ kebab: 'payments', snake: 'payments', pascal: 'Payments', constant: 'PAYMENTS' });
    expect(model.http.port).toBe(3000);
    expect(model.observability.shutdown).toEqual({ drainDelayMs: 5000, timeoutMs: 20000 });
    expect(model.metricsPrefix).toBe('payments');
    expect(model.environments.map((e) => [e.name, e.namespace, e.requireApproval])).toEqual([
      ['dev', 'payments-dev', false],
      ['staging', 'payments-staging', false],
      ['prod', 'payments-prod', true],
    ]);
    expect(model.slo).toEqual({ availability: 99.9, latency: { thresholdMs: 300, percentile: 99 }, window: '30d', minRequestRate: 0.5 });
  });

  it('derives dependency env vars and nested defaults', () => {
    const model = normalizeConfig({
      ...minimal,
      service: { name: 'order-api' },
      dependencies: [{ name: 'orders-db', kind: 'postgres' }],
    });
    expect(model.names.pascal).toBe('OrderApi');
    expect(model.metricsPrefix).toBe('order_api');
    expect(model.dependencies[0]).toMatchObject({
      envVar: 'ORDERS_DB_URL',
      critical: true,
      retry: { attempts: 3, baseMs: 100, maxMs: 2000 },
      breaker: { failureThreshold: 5, halfOpenAfterMs: 10000 },
    });
  });

  it("takes the team's own variable names (env.url, env.token), and refuses a name two dependencies would share", () => {
    const model = normalizeConfig({
      ...minimal,
      dependencies: [
        { name: 'router', kind: 'http', env: { url: 'OPENROUTER_BASE_URL', token: 'OPENROUTER_API_KEY' }, llm: { provider: 'openrouter' } },
        { name: 'accounts-db', kind: 'mysql', env: { url: 'DATABASE_URL' } },
        { name: 'cache', kind: 'redis' },
      ],
    });
    expect(model.dependencies.map((d) => [d.envVar, d.tokenVar, d.envPrefix])).toEqual([
      ['OPENROUTER_BASE_URL', 'OPENROUTER_API_KEY', 'ROUTER'],
      ['DATABASE_URL', undefined, 'ACCOUNTS_DB'],
      ['CACHE_URL', undefined, 'CACHE'],
    ]);
    expect(issuesOf({ ...minimal, dependencies: [{ name: 'a', kind: 'http' }, { name: 'b', kind: 'http', env: { url: 'A_URL' } }] })).toEqual([
      { path: 'dependencies[1].env.url', message: 'expected a variable no other dependency reads (dependency "a" reads it), got "A_URL"' },
    ]);
    // The default name of a later dependency clashes with an earlier one's chosen name: the later one's name is the culprit.
    expect(issuesOf({ ...minimal, dependencies: [{ name: 'a', kind: 'http', env: { token: 'B_URL' } }, { name: 'b', kind: 'postgres' }] })).toEqual([
      { path: 'dependencies[1].name', message: 'expected a name whose variable B_URL no other dependency reads (dependency "a" does), or env to name another, got "b"' },
    ]);
    expect(issuesOf({ ...minimal, dependencies: [{ name: 'db', kind: 'postgres', env: { token: 'DB_TOKEN' } }] })).toEqual([
      { path: 'dependencies[0].env.token', message: 'expected env.token only on kind http, qdrant, or elasticsearch (the other kinds carry credentials in the URL), got "DB_TOKEN"' },
    ]);
    expect(issuesOf({ ...minimal, dependencies: [{ name: 'db', kind: 'postgres', env: { url: 'database-url' } }] })[0]).toMatchObject({
      path: 'dependencies[0].env.url',
      message: expect.stringContaining('CONSTANT_CASE'),
    });
  });

  it('takes rate limits per route, method and window, counted per principal or per IP, and refuses a second limit of one window', () => {
    const limits = (routes: unknown[]) => ({ ...minimal, rateLimits: { routes } });
    const ok = normalizeConfig(limits([{ route: '/v1/items', method: 'POST', max: 5, windowMs: 1000 }, { route: '/v1/items', method: 'GET', max: 50, windowMs: 1000 }]));
    expect(ok.rateLimits.routes.map((r) => [r.method, r.by])).toEqual([
      ['POST', 'principal'],
      ['GET', 'principal'],
    ]);
    const windows = normalizeConfig(limits([{ route: '/v1/ask', max: 60, windowMs: 60_000 }, { route: '/v1/ask', max: 1000, windowMs: 3_600_000, by: 'ip' }]));
    expect(windows.rateLimits.routes.map((r) => [r.max, r.windowMs, r.by])).toEqual([
      [60, 60_000, 'principal'],
      [1000, 3_600_000, 'ip'],
    ]);
    expect(issuesOf(limits([{ route: '/v1/items', max: 5, windowMs: 1000 }, { route: '/v1/items', method: 'GET', max: 50, windowMs: 1000 }]))).toEqual([
      { path: 'rateLimits.routes[1].windowMs', message: 'expected one limit per route, method and window; rateLimits.routes[0] already limits GET /v1/items per 1000 ms, got 1000' },
    ]);
    expect(issuesOf(limits([{ route: '/v1/items', max: 5, windowMs: 1000, by: 'team' }]))[0].path).toBe('rateLimits.routes[0].by');
    expect(issuesOf(limits([{ route: '/v1/items', method: 'OPTIONS', max: 5, windowMs: 1000 }]))[0].path).toBe('rateLimits.routes[0].method');
  });

  it('names the exact path, what was expected and what was found', () => {
    const issues = issuesOf({
      ...minimal,
      deploy: { environments: [{ name: 'dev' }, { name: 'staging' }, { name: 'prod', replicas: { min: 0, max: 3 } }] },
    });
    expect(issues).toEqual([{ path: 'deploy.environments[2].replicas.min', message: 'expected an integer ≥ 1, got 0' }]);
  });

  it('reports unknown fields, wrong types and bad enums together', () => {
    const issues = issuesOf({ ...minimal, http: { port: '80', prot: 1 }, auth: { mode: 'basic' } });
    expect(issues).toEqual(
      expect.arrayContaining([
        { path: 'http.port', message: 'expected a number, got "80"' },
        { path: 'http.prot', message: 'unknown field; did you mean "port"?' },
        { path: 'auth.mode', message: 'expected one of "jwt", "api-key", "both", "none", got "basic"' },
      ]),
    );
  });

  it('rejects cross-field contradictions', () => {
    expect(issuesOf({ ...minimal, observability: { shutdown: { drainDelayMs: 30000, timeoutMs: 10000 } } })).toEqual([
      { path: 'observability.shutdown.timeoutMs', message: 'expected timeoutMs greater than drainDelayMs, got 10000' },
    ]);
    expect(
      issuesOf({ ...minimal, dependencies: [{ name: 'db', kind: 'postgres' }, { name: 'db', kind: 'redis' }] })[0].path,
    ).toBe('dependencies[1].name');
    expect(issuesOf({ ...minimal, queues: [{ name: 'emails' }] })[0].path).toBe('queues');
    // app.dependencies.llm is the LLM fallback chain: an LLM provider may not take its name.
    expect(issuesOf({ ...minimal, dependencies: [{ name: 'llm', kind: 'http', llm: { provider: 'openai' } }] })[0]).toMatchObject({
      path: 'dependencies[0].name',
      message: expect.stringContaining('other than "llm"'),
    });
    expect(normalizeConfig({ ...minimal, dependencies: [{ name: 'llm', kind: 'http' }] }).dependencies[0].name).toBe('llm');
  });

  it('suggests the field an unknown one is a typo of, at any depth, and says only "unknown" when nothing is close', () => {
    const issues = issuesOf({
      ...minimal,
      htpp: { port: 80 },
      dependencies: [{ name: 'db', kind: 'postgres', timeotMs: 5, retry: { atempts: 2 } }],
      deploy: { environments: [{ name: 'dev', replicaz: { min: 1 } }] },
      zzzzzzzz: 1,
    });
    expect(issues).toEqual(
      expect.arrayContaining([
        { path: 'htpp', message: 'unknown field; did you mean "http"?' },
        { path: 'dependencies[0].timeotMs', message: 'unknown field; did you mean "timeoutMs"?' },
        { path: 'dependencies[0].retry.atempts', message: 'unknown field; did you mean "attempts"?' },
        { path: 'deploy.environments[0].replicaz', message: 'unknown field; did you mean "replicas"?' },
        { path: 'zzzzzzzz', message: 'unknown field; remove it or fix the spelling' },
      ]),
    );
  });

  const yamlIssues = (text: string) => {
    try {
      parseConfigYaml(text, 'apps/x/ready.yaml');
    } catch (e) {
      expect(e).toBeInstanceOf(ReadyConfigError);
      expect((e as Error).message).toMatch(/^Invalid ready config in apps\/x\/ready\.yaml:\n {2}- line \d+:\d+: /);
      return (e as ReadyConfigError).issues;
    }
    throw new Error('expected a YAML error');
  };

  it.each([
    // The parser notices these on the next line or at the end of the file; the mistake is where they open.
    ['an unclosed flow sequence', 'apiVersion: ready/v1\nservice:\n  name: payments\n  owner: [a, b\nhttp:\n  port: 1\n', 'line 4:10', /"\[" is not closed/],
    ['an unclosed flow map', 'apiVersion: ready/v1\nservice:\n  name: payments\n  owner: {a: b\nhttp:\n  port: 1\n', 'line 4:10', /"\{" is not closed/],
    ['an unclosed quote', 'apiVersion: ready/v1\nservice:\n  name: "payments\nhttp:\n  port: 1\n', 'line 3:9', /quoted string is not closed; end it with "/],
    ['a key without ":"', 'apiVersion: ready/v1\nservice:\n  name: payments\nhttp\n  port: 8080\n', 'line 4:1', /expected "key: value" on one line/],
    ['a misaligned key', 'apiVersion: ready/v1\nservice:\n  name: payments\n owner: x\n', 'line 4:1', /same column/],
    ['a tab indent', 'apiVersion: ready/v1\nservice:\n  name: payments\n\towner: x\n', 'line 4:1', /Tabs/],
  ])('names the line and column of %s', (_what, text, at, message) => {
    const [issue] = yamlIssues(text);
    expect(issue.path).toBe(at);
    expect(issue.message).toMatch(message);
  });

  it('never throws anything but a ReadyConfigError with non-empty paths on arbitrary input', () => {
    fc.assert(
      fc.property(
        fc.record({
          apiVersion: fc.constantFrom('ready/v1', 'ready/v2', 1),
          service: fc.record({ name: fc.string(), tier: fc.string() }, { requiredKeys: [] }),
          http: fc.record({ port: fc.oneof(fc.integer(), fc.string()), bodyLimitBytes: fc.double() }, { requiredKeys: [] }),
          deploy: fc.record({ environments: fc.array(fc.record({ name: fc.string(), replicas: fc.record({ min: fc.integer(), max: fc.integer() }) })) }),
        }),
        (input) => {
          try {
            normalizeConfig(input);
          } catch (e) {
            expect(e).toBeInstanceOf(ReadyConfigError);
            for (const issue of (e as ReadyConfigError).issues) {
              expect(issue.message).toMatch(/^(expected|unknown field)/);
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('ships a JSON Schema that matches the zod model (run `npm run schema` after changing the model)', () => {
    const committed = readFileSync(path.resolve(__dirname, '../../ready/ready.schema.json'), 'utf-8');
    expect(JSON.parse(committed)).toEqual(readyJsonSchema());
  });
});

describe('README config reference', () => {
  it('lists every field of the schema (run `npm run schema` after changing the model)', async () => {
    const { renderConfigReference } = await import('./index');
    const readme = readFileSync(path.resolve(__dirname, '../../../README.md'), 'utf-8');
    const section = readme.split('<!-- config-reference:start -->')[1]?.split('<!-- config-reference:end -->')[0]?.trim();
    expect(section).toBe(renderConfigReference());
    expect(section).toContain('`deploy.environments[].replicas.min`');
  });
});
