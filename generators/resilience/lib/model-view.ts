import { connectTimeoutOf, type ReadyModel } from '@ready-tools/config';
import { DEPENDENCY_KINDS, KIND_SPECS, pooledKinds } from '../../kinds';

type Dependency = ReadyModel['dependencies'][number];

const camel = (name: string) => name.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
const pascal = (name: string) => camel(name).replace(/^./, (c) => c.toUpperCase());
const str = (value: string) => `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/** Kinds whose client file is written; `http` always, because the generated policy tests drive it. */
export function clientKinds(model: ReadyModel): Dependency['kind'][] {
  const kinds = new Set<Dependency['kind']>(['http', ...model.dependencies.map((d) => d.kind)]);
  return [...kinds].sort();
}

/** Name of a variable derived from a dependency's name, e.g. PAYMENTS_API_INPUT_USD_PER_MTOK. */
export const dependencyVar = (dep: Dependency, suffix: string) => `${dep.envPrefix}_${suffix}`;

export const customCheckName = (dep: Dependency) => `check${pascal(dep.name)}`;

/** A health check answers well within a probe's own timeout: the call timeout, at most 1 s. */
export const MAX_HEALTH_TIMEOUT_MS = 1_000;

/** Deadlines a dependency's client works with, all derived from ready.yaml. */
export function dependencyDeadlines(dep: Dependency) {
  const connectTimeoutMs = connectTimeoutOf(dep);
  // Closing is one round trip, like opening: a dependency that does not answer within the connect deadline is cut.
  return { connectTimeoutMs, healthTimeoutMs: Math.min(dep.timeoutMs, MAX_HEALTH_TIMEOUT_MS), closeTimeoutMs: connectTimeoutMs };
}

/** The per-dependency values the registry and config templates print. */
export function dependencyView(model: ReadyModel) {
  const deps = model.dependencies.map((dep) => {
    const prop = camel(dep.name);
    const ctx = `${prop}Context`;
    const cls = dep.llm ? 'LlmClient' : KIND_SPECS[dep.kind].clientClass;
    const token = dep.tokenVar && `text(env.source, ${str(dep.tokenVar)})`;
    let construct = token ? `new ${cls}(${ctx}, ${token})` : `new ${cls}(${ctx})`;
    if (dep.llm) {
      construct = `new LlmClient(${ctx}, ${token}, { inputPerMTok: Number(text(env.source, ${str(dependencyVar(dep, 'INPUT_USD_PER_MTOK'))}) ?? 0), outputPerMTok: Number(text(env.source, ${str(dependencyVar(dep, 'OUTPUT_USD_PER_MTOK'))}) ?? 0) })`;
    }
    if (dep.kind === 'custom') construct = `new CustomClient(${ctx}, customChecks[${str(dep.name)}])`;
    return { ...dep, ...dependencyDeadlines(dep), prop, cls, construct };
  });
  const llms = deps.filter((d) => d.llm);
  const imports = new Map<string, string[]>();
  for (const dep of deps) imports.set(dep.kind, [...new Set([...(imports.get(dep.kind) ?? []), dep.cls, ...(dep.llm ? ['LlmChain'] : [])])]);
  const custom = model.dependencies.filter((d) => d.kind === 'custom').map((d) => ({ name: d.name, envVar: d.envVar, fn: customCheckName(d) }));
  return {
    deps,
    llms,
    optional: deps.filter((d) => d.optional),
    custom,
    pooled: pooledKinds(),
    /** Every kind of the schema, for the DependencyKind type of src/dependencies/config.ts. */
    kinds: DEPENDENCY_KINDS,
    imports: [...imports.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([kind, classes]) => [kind, classes.sort().join(', ')] as const),
    str,
  };
}
