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
  /**
   * The feature slice whose checks across variables also cover this one (e.g. "exactly one JWT key source"):
   * the service's `src/config/env.ts` imports `issues` from `from` (relative to `src/config/`) and runs it in the
   * one parse at startup. Only a feature with such checks sets it.
   */
  checkedBy?: EnvCheckSource;
}

/** Where the service's env schema finds a feature's checks across variables. */
export interface EnvCheckSource {
  /** Module specifier relative to `src/config/`, e.g. `../security/env`. */
  from: string;
  /** The exported `(env) => { path: string[]; message: string }[]` function. */
  issues: string;
}

/**
 * NODE_ENV as every service declares it. A feature slice validates it too (production refusals), with this same
 * spec, so the service's Env and each slice agree on its type.
 */
export const NODE_ENV_VAR: EnvVarSpec = {
  name: 'NODE_ENV',
  type: 'enum',
  values: ['production', 'development', 'test'],
  default: 'production',
  required: false,
  secret: false,
  description: 'Runtime mode. Defaults to production so stack traces and weak secrets need an explicit opt-in.',
};

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
      checkedBy: seen.checkedBy ?? spec.checkedBy,
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

const ZOD_HELPERS: Record<Exclude<EnvVarSpec['type'], 'enum'>, string> = {
  integer: `const integer = (min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^-?\\d+$/, { error: 'expected an integer' })
    .transform(Number)
    .pipe(
      z
        .number()
        .min(min, { error: \`expected an integer ≥ \${min}\` })
        .max(max, { error: \`expected an integer ≤ \${max}\` }),
    );`,
  boolean: `const boolean = () =>
  z.enum(['true', 'false', '1', '0'], { error: 'expected true or false' }).transform((v) => v === 'true' || v === '1');`,
  url: `const url = () => z.url({ error: 'expected a URL such as https://host:port' });`,
  string: `const text = () => z.string().min(1, { error: 'expected a non-empty string' });`,
};

/** The zod helpers `envZodExpression` refers to, those these variables use, as TypeScript source (for a feature's env slice). */
export function envZodHelpers(vars: EnvVarSpec[]): string {
  return (['integer', 'boolean', 'url', 'string'] as const)
    .filter((type) => vars.some((v) => v.type === type))
    .map((type) => ZOD_HELPERS[type])
    .join('\n');
}

/**
 * TypeScript source of a feature slice's parser, for apps without a service env schema (`nx g ready:add-<feature>`
 * on an existing app): `<Name>EnvError` and `parse<Name>Env(source)`, which validates `<schema>` once and names every
 * bad variable with what was expected, as the service's `parseEnv` does (secret values are never echoed).
 */
export function envSliceParser(options: { name: string; schema: string; type: string; secrets: string[]; description: string }): string {
  const { name, schema, type } = options;
  return `export class ${name}EnvError extends Error {
  constructor(readonly issues: string[]) {
    super(\`Invalid environment: \${issues.join('; ')}\`);
    this.name = '${name}EnvError';
  }
}

/**
 * ${options.description} Empty strings count as unset, so \`NAME=\` in a .env file falls back to the default.
 * Throws a ${name}EnvError naming every bad variable.
 */
export function parse${name}Env(source: Readonly<Record<string, string | undefined>> = process.env): ${type} {
  const input: Record<string, string> = {};
  for (const [key, value] of Object.entries(source)) {
    if (value !== undefined && value !== '') input[key] = value;
  }
  const result = ${schema}.safeParse(input);
  if (result.success) return result.data;
  const secrets: readonly string[] = [${options.secrets.map(quote).join(', ')}];
  throw new ${name}EnvError(
    result.error.issues.map((issue) => {
      const name = issue.path.join('.');
      if (issue.code === 'custom') return name ? \`\${name}: \${issue.message}\` : issue.message;
      const got = input[name];
      if (got === undefined) return \`\${name}: is required but not set\`;
      return secrets.includes(name) ? \`\${name}: \${issue.message}\` : \`\${name}: \${issue.message}, got \${JSON.stringify(got)}\`;
    }),
  );
}`;
}

/** `.env.example`: every variable with its description; required ones are left empty so a missing value fails loudly. */
export function renderEnvExample(vars: EnvVarSpec[], marker: string): string {
  const blocks = vars.map((v) => {
    const flags = [v.type === 'enum' ? `one of ${v.values?.join(', ')}` : v.type, v.required ? 'required' : 'optional', ...(v.secret ? ['secret'] : [])];
    return `# ${v.description} (${flags.join(', ')})\n${v.name}=${v.default ?? ''}`;
  });
  return `# ${marker}\n\n${blocks.join('\n\n')}\n`;
}

/**
 * What a feature's `src/<feature>/env.ts` slice is rendered from: its variables, the zod helpers they use and the
 * slice's parser (`<name>EnvSchema`, `<Name>Env`, `parse<Name>Env`).
 */
export function envSlice(vars: EnvVarSpec[], name: string, description: string) {
  const schema = `${name.charAt(0).toLowerCase()}${name.slice(1)}EnvSchema`;
  const secrets = vars.filter((v) => v.secret).map((v) => v.name);
  return { vars, helpers: envZodHelpers(vars), parser: envSliceParser({ name, schema, type: `${name}Env`, secrets, description }) };
}
