/**
 * Server timeouts derived from the dependencies, so that a request the slowest dependency is allowed to take
 * (every attempt timing out, plus the backoff between attempts) is answered instead of cut.
 */

export interface DependencyBudgetInput {
  name: string;
  timeoutMs: number;
  retry: { attempts: number; baseMs: number; maxMs: number };
}

/** Floor of the request deadline when no dependency needs more. */
export const MIN_HANDLER_TIMEOUT_MS = 30_000;
/** Room for the handler's own work around its slowest dependency call. */
export const HANDLER_MARGIN_MS = 5_000;
/** The socket outlives the deadline by this much, so the deadline's 503 is what the caller receives. */
export const CONNECTION_MARGIN_MS = 5_000;

/** Longest backoff between attempts: min(maxMs, baseMs·2^(n-1)) per retry (the jitter only shortens it). */
export function backoffBudgetMs(dep: DependencyBudgetInput): number {
  let total = 0;
  for (let n = 1; n < dep.retry.attempts; n += 1) total += Math.min(dep.retry.maxMs, dep.retry.baseMs * 2 ** (n - 1));
  return total;
}

/** The longest one call to `dep` may take: every attempt timing out, plus the backoff between them. */
export function dependencyBudgetMs(dep: DependencyBudgetInput): number {
  return dep.timeoutMs * dep.retry.attempts + backoffBudgetMs(dep);
}

/** The dependency whose call may take longest, with its budget; undefined without dependencies. */
export function slowestDependency(deps: readonly DependencyBudgetInput[]): { name: string; budgetMs: number; why: string } | undefined {
  let slowest: { name: string; budgetMs: number; why: string } | undefined;
  for (const dep of deps) {
    const budgetMs = dependencyBudgetMs(dep);
    if (!slowest || budgetMs > slowest.budgetMs) {
      slowest = { name: dep.name, budgetMs, why: `${dep.timeoutMs} ms × ${dep.retry.attempts} attempt(s) + ${backoffBudgetMs(dep)} ms backoff` };
    }
  }
  return slowest;
}

/** The request deadline ready.yaml implies when http.handlerTimeoutMs is left out. */
export function defaultHandlerTimeoutMs(deps: readonly DependencyBudgetInput[]): number {
  return Math.max(MIN_HANDLER_TIMEOUT_MS, (slowestDependency(deps)?.budgetMs ?? 0) + HANDLER_MARGIN_MS);
}

/** Effective deadline and socket inactivity timeout: explicit values win, the rest is derived. */
export function serverTimeouts(
  http: { handlerTimeoutMs?: number; connectionTimeoutMs?: number },
  deps: readonly DependencyBudgetInput[],
): { handlerTimeoutMs: number; connectionTimeoutMs: number } {
  const handlerTimeoutMs = http.handlerTimeoutMs ?? defaultHandlerTimeoutMs(deps);
  return { handlerTimeoutMs, connectionTimeoutMs: http.connectionTimeoutMs ?? handlerTimeoutMs + CONNECTION_MARGIN_MS };
}

/** Prefix of the example resource: the base path, plus /v1 unless the base path already ends in a version. */
export function apiPrefix(basePath: string): string {
  return /\/v\d+$/.test(basePath) ? basePath : `${basePath}/v1`;
}
