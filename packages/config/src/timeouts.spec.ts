import { describe, expect, it } from 'vitest';
import { normalizeConfig } from './index';
import { issuesOf, minimal as base } from './spec-support';
import { dependencyBudgetMs } from './timeouts';



describe('server timeouts derived from the dependencies', () => {
  it('budgets a dependency call as every attempt timing out plus the capped backoff between them', () => {
    // 3 attempts of 2 s, backoff 100 then 200 ms.
    expect(dependencyBudgetMs({ name: 'db', timeoutMs: 2_000, retry: { attempts: 3, baseMs: 100, maxMs: 2_000 } })).toBe(6_300);
    // The cap holds: 500, 1000, 1000, 1000.
    expect(dependencyBudgetMs({ name: 'db', timeoutMs: 1_000, retry: { attempts: 5, baseMs: 500, maxMs: 1_000 } })).toBe(8_500);
  });

  it('keeps a 30 s deadline and a longer socket timeout without slow dependencies', () => {
    const model = normalizeConfig({ ...base, dependencies: [{ name: 'orders-db', kind: 'postgres' }] });
    expect(model.http.handlerTimeoutMs).toBe(30_000);
    expect(model.http.connectionTimeoutMs).toBe(35_000);
  });

  it('stretches the deadline and the socket timeout over a 360 s LLM call', () => {
    const model = normalizeConfig({ ...base, dependencies: [{ name: 'openai', kind: 'http', timeoutMs: 360_000, llm: { provider: 'openai' } }] });
    // 3 × 360 s + 300 ms backoff, plus 5 s for the handler.
    expect(model.http.handlerTimeoutMs).toBe(1_085_300);
    expect(model.http.connectionTimeoutMs).toBeGreaterThan(model.http.handlerTimeoutMs);
  });

  it('takes explicit values that leave room for the slowest call', () => {
    const model = normalizeConfig({ ...base, http: { handlerTimeoutMs: 60_000, connectionTimeoutMs: 90_000 } });
    expect(model.http).toMatchObject({ handlerTimeoutMs: 60_000, connectionTimeoutMs: 90_000 });
  });

  it('rejects a deadline shorter than a dependency call, naming the dependency', () => {
    const issues = issuesOf({ ...base, http: { handlerTimeoutMs: 10_000 }, dependencies: [{ name: 'ledger', kind: 'http', timeoutMs: 30_000 }] });
    expect(issues).toEqual([expect.objectContaining({ path: 'http.handlerTimeoutMs', message: expect.stringContaining('"ledger"') })]);
  });

  it('rejects a socket timeout that would cut a request before its deadline answers', () => {
    const issues = issuesOf({ ...base, http: { connectionTimeoutMs: 10_000 } });
    expect(issues).toEqual([expect.objectContaining({ path: 'http.connectionTimeoutMs', message: expect.stringContaining('30000 ms') })]);
  });
});

describe('api prefix of the example resource', () => {
  it.each([
    ['', '/v1'],
    ['/api', '/api/v1'],
    ['/api/v1', '/api/v1'],
    ['/shop/v2', '/shop/v2'],
    ['/v1beta', '/v1beta/v1'],
  ])('basePath %j serves the items under %j', (basePath, prefix) => {
    expect(normalizeConfig({ ...base, http: { basePath } }).http.apiPrefix).toBe(prefix);
  });
});
