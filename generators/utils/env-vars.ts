/**
 * Environment variables of a generated service, one spec each. Every feature lists the variables it reads
 * (ReadyFeature.envVars); the env schema, `.env.example`, the ConfigMap, secret references and ENVIRONMENT.md
 * are all rendered from the one merged list the feature registry computes per run.
 */
/** One environment variable of a generated service. The env schema, `.env.example` and ENVIRONMENT.md are all rendered from this list. */
export interface EnvVarSpec {
  name: string;
  type: 'string' | 'integer' | 'boolean' | 'url' | 'enum';
  /** The value used when the variable is unset, as it would be written in a .env file. */
  default?: string;
  required: boolean;
  /** Never logged; in production a placeholder or weak value is refused at startup. */
  secret: boolean;
  description: string;
  /** Allowed values of an `enum`. */
  values?: string[];
  /** A value that works on a developer machine (local docker-compose); used by the service's tests, never as a default. */
  localValue?: string;
  /** Inclusive bounds of an `integer`. */
  min?: number;
  max?: number;
  /** Shortest accepted `string`. */
  minLength?: number;
  /** A `string` must match this (JavaScript regex source); `patternHint` says what is expected. */
  pattern?: string;
  patternHint?: string;
}

/**
 * One spec per variable name, at the place it first appears. Two features may read the same variable (the
 * rate-limit store reuses the redis dependency's URL): it is declared once, required or secret if either
 * says so, with both uses in its description, so the env schema never has a duplicate key.
 */
export function mergeEnvVars(vars: EnvVarSpec[]): EnvVarSpec[] {
  const byName = new Map<string, EnvVarSpec>();
  for (const spec of vars) {
    const seen = byName.get(spec.name);
    if (!seen) {
      byName.set(spec.name, spec);
      continue;
    }
    if (seen.type !== spec.type) throw new Error(`ready: ${spec.name} is declared as ${seen.type} and as ${spec.type}`);
    byName.set(spec.name, {
      ...spec,
      ...seen,
      required: seen.required || spec.required,
      secret: seen.secret || spec.secret,
      localValue: seen.localValue ?? spec.localValue,
      description: seen.description === spec.description ? seen.description : `${seen.description} ${spec.description}`,
    });
  }
  return [...byName.values()];
}

function quote(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** The zod expression that validates one variable in the generated `src/config/env.ts`. */
export function envZodExpression(spec: EnvVarSpec): string {
  let expr: string;
  switch (spec.type) {
    case 'integer':
      expr = `integer(${spec.min ?? 0}, ${spec.max ?? Number.MAX_SAFE_INTEGER})`;
      break;
    case 'boolean':
      expr = 'boolean()';
      break;
    case 'url':
      expr = 'url()';
      break;
    case 'enum':
      expr = `z.enum([${(spec.values ?? []).map(quote).join(', ')}], { error: ${quote(`expected one of ${(spec.values ?? []).join(', ')}`)} })`;
      break;
    default:
      expr = 'text()';
      if (spec.minLength !== undefined) expr += `.min(${spec.minLength}, { error: ${quote(`expected at least ${spec.minLength} characters`)} })`;
      if (spec.pattern !== undefined) expr += `.regex(/${spec.pattern}/, { error: ${quote(`expected ${spec.patternHint ?? `a value matching ${spec.pattern}`}`)} })`;
  }
  if (spec.default !== undefined) {
    const value = spec.type === 'integer' ? String(Number(spec.default)) : spec.type === 'boolean' ? String(spec.default === 'true') : quote(spec.default);
    return `${expr}.default(${value})`;
  }
  return spec.required ? expr : `${expr}.optional()`;
}

/** `.env.example`: every variable with its description; required ones are left empty so a missing value fails loudly. */
export function renderEnvExample(vars: EnvVarSpec[], marker: string): string {
  const blocks = vars.map((v) => {
    const flags = [v.type === 'enum' ? `one of ${v.values?.join(', ')}` : v.type, v.required ? 'required' : 'optional', ...(v.secret ? ['secret'] : [])];
    return `# ${v.description} (${flags.join(', ')})\n${v.name}=${v.default ?? ''}`;
  });
  return `# ${marker}\n\n${blocks.join('\n\n')}\n`;
}
