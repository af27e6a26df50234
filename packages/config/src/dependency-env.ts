/**
 * The environment variables of a dependency: `<NAME>_URL` and, for kinds that send an API key, `<NAME>_TOKEN`, unless ready.yaml
 * names the team's own (`env: { url, token }`). The other variables of a dependency (prices, a local
 * container's password) keep the `<NAME>_` prefix. One place, read by the schema's uniqueness check and the model.
 */
export interface DependencyEnvInput {
  name: string;
  kind: string;
  env?: { url?: string; token?: string };
}

/** `PAYMENTS_API` for "payments-api": the prefix of the variables derived from the name. */
export const dependencyEnvPrefix = (name: string) => name.replace(/-/g, '_').toUpperCase();

/** The variable holding the dependency's URL. */
export const dependencyUrlVar = (dep: DependencyEnvInput) => dep.env?.url ?? `${dependencyEnvPrefix(dep.name)}_URL`;

/**
 * Kinds whose client sends an API key of its own variable (HTTP APIs, Qdrant, Elasticsearch);
 * the database and broker kinds carry their credentials in the URL.
 */
export const credentialDependencyKinds = ['http', 'qdrant', 'elasticsearch'] as const;

/** The variable holding a dependency's API key; undefined for kinds whose credentials are in the URL. */
export const dependencyTokenVar = (dep: DependencyEnvInput) =>
  (credentialDependencyKinds as readonly string[]).includes(dep.kind) ? (dep.env?.token ?? `${dependencyEnvPrefix(dep.name)}_TOKEN`) : undefined;

/** Each variable a dependency reads by itself, with the ready.yaml field that names it (explicitly or through `name`). */
export function dependencyEnvFields(dep: DependencyEnvInput): { name: string; field: 'env.url' | 'env.token' | 'name' }[] {
  const token = dependencyTokenVar(dep);
  return [
    { name: dependencyUrlVar(dep), field: dep.env?.url ? 'env.url' : 'name' },
    ...(token ? [{ name: token, field: dep.env?.token ? ('env.token' as const) : ('name' as const) }] : []),
  ];
}
