/**
 * The environment variables of a dependency: `<NAME>_URL` and, for http, `<NAME>_TOKEN`, unless ready.yaml
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

/** The variable holding an http dependency's credential; undefined for the other kinds. */
export const dependencyTokenVar = (dep: DependencyEnvInput) => (dep.kind === 'http' ? (dep.env?.token ?? `${dependencyEnvPrefix(dep.name)}_TOKEN`) : undefined);

/** Each variable a dependency reads by itself, with the ready.yaml field that names it (explicitly or through `name`). */
export function dependencyEnvFields(dep: DependencyEnvInput): { name: string; field: 'env.url' | 'env.token' | 'name' }[] {
  const token = dependencyTokenVar(dep);
  return [
    { name: dependencyUrlVar(dep), field: dep.env?.url ? 'env.url' : 'name' },
    ...(token ? [{ name: token, field: dep.env?.token ? ('env.token' as const) : ('name' as const) }] : []),
  ];
}
