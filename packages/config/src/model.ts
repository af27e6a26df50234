import { isCollection, isScalar, isSeq, LineCounter, parseDocument, visit, type Document, type YAMLError } from 'yaml';
import type { z } from 'zod';
import { readyConfigSchema, type ReadyConfigInput, type ReadyConfigParsed } from './schema';
import { apiPrefix, serverTimeouts } from './timeouts';
import { closestMatch } from './suggest';
import { dependencyEnvPrefix, dependencyTokenVar, dependencyUrlVar } from './dependency-env';

/** The normalized model every renderer receives. Derived names are computed here, once. */
export interface ReadyModel extends ReadyConfigParsed {
  names: {
    /** kebab-case, e.g. payments-api */
    kebab: string;
    /** snake_case, e.g. payments_api (metric-safe) */
    snake: string;
    /** PascalCase, e.g. PaymentsApi (alert prefix) */
    pascal: string;
    /** CONSTANT_CASE, e.g. PAYMENTS_API */
    constant: string;
  };
  metricsPrefix: string;
  http: ReadyConfigParsed['http'] & {
    /** Request deadline: explicit, or derived from the slowest dependency call (src/timeouts.ts). */
    handlerTimeoutMs: number;
    /** Socket inactivity timeout: explicit, or the deadline plus a margin. */
    connectionTimeoutMs: number;
    /** Prefix of the example resource routes: basePath plus /v1 unless basePath already ends in a version. */
    apiPrefix: string;
  };
  image: string;
  environments: (ReadyConfigParsed['deploy']['environments'][number] & { namespace: string; requireApproval: boolean })[];
  dependencies: (ReadyConfigParsed['dependencies'][number] & {
    /** The variable holding its URL: env.url, else <NAME>_URL. */
    envVar: string;
    /** The variable holding an http dependency's credential: env.token, else <NAME>_TOKEN; undefined for other kinds. */
    tokenVar?: string;
    /** <NAME>, the prefix of the variables derived from its name (prices, a local container's password). */
    envPrefix: string;
  })[];
  /** The variable holding the Redis URL of shared rate-limit counters (rateLimits.store: redis): the first redis dependency's, else REDIS_URL. */
  rateLimitRedisEnvVar?: string;
}

export class ReadyConfigError extends Error {
  constructor(
    readonly issues: { path: string; message: string }[],
    readonly source?: string,
  ) {
    super(
      `Invalid ready config${source ? ` in ${source}` : ''}:\n` + issues.map((i) => `  - ${i.path || '(root)'}: ${i.message}`).join('\n'),
    );
    this.name = 'ReadyConfigError';
  }
}

/** `deploy.environments[1].replicas.min` from zod's path array. */
export function formatIssuePath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((acc, seg) => {
    if (typeof seg === 'number') return `${acc}[${seg}]`;
    const key = String(seg);
    return acc ? `${acc}.${key}` : key;
  }, '');
}

function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object';
  return String(value);
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let cur: unknown = input;
  for (const seg of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[seg as string];
  }
  return cur;
}

function describeIssue(issue: z.core.$ZodIssue, input: unknown): string {
  const found = valueAt(input, issue.path);
  // Messages written in the schema already say what was expected.
  if (issue.message.startsWith('expected ')) return `${issue.message}, got ${describeValue(found)}`;
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${issue.expected}, got ${describeValue(found)}`;
    case 'too_small': {
      const op = issue.inclusive === false ? '>' : '≥';
      if (issue.origin === 'number' || issue.origin === 'int' || issue.origin === 'bigint')
        return `expected ${Number.isInteger(Number(issue.minimum)) && issue.origin !== 'number' ? 'an integer ' : 'a number '}${op} ${issue.minimum}, got ${describeValue(found)}`;
      if (issue.origin === 'array') return `expected at least ${issue.minimum} item(s), got ${Array.isArray(found) ? found.length : 0}`;
      return `expected at least ${issue.minimum} character(s), got ${describeValue(found)}`;
    }
    case 'too_big': {
      const op = issue.inclusive === false ? '<' : '≤';
      if (issue.origin === 'array') return `expected at most ${issue.maximum} item(s), got ${Array.isArray(found) ? found.length : 0}`;
      if (issue.origin === 'string') return `expected at most ${issue.maximum} character(s), got ${describeValue(found)}`;
      return `expected a number ${op} ${issue.maximum}, got ${describeValue(found)}`;
    }
    case 'invalid_value':
      return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}, got ${describeValue(found)}`;
    case 'unrecognized_keys':
      return `unknown field(s) ${issue.keys.map((k) => `"${k}"`).join(', ')}; remove or fix the spelling`;
    case 'invalid_format':
      if (issue.format === 'starts_with') return `expected a value starting with "${(issue as { prefix?: string }).prefix ?? ''}", got ${describeValue(found)}`;
      return `expected a valid ${issue.format}, got ${describeValue(found)}`;
    default:
      return `${issue.message}${found !== undefined ? `, got ${describeValue(found)}` : ''}`;
  }
}

/** Zod's internal definition, enough to walk from a schema to the object at a path. */
interface SchemaDef {
  type: string;
  shape?: Record<string, { _zod: { def: SchemaDef } }>;
  innerType?: { _zod: { def: SchemaDef } };
  in?: { _zod: { def: SchemaDef } };
  out?: { _zod: { def: SchemaDef } };
  element?: { _zod: { def: SchemaDef } };
  options?: { _zod: { def: SchemaDef } }[];
}

/** The field names the schema allows at `path` (where an unknown field was found), for "did you mean". */
function knownFields(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  const unwrap = (def: SchemaDef): SchemaDef[] => {
    // A pipe is z.preprocess (object on the out side) or .transform (object on the in side): look at both.
    if (def.type === 'pipe') return [def.in, def.out].flatMap((side) => (side ? unwrap(side._zod.def) : []));
    if (def.innerType) return unwrap(def.innerType._zod.def);
    if (def.type === 'union' && def.options) return def.options.flatMap((o) => unwrap(o._zod.def));
    return [def];
  };
  let defs = unwrap((schema as unknown as { _zod: { def: SchemaDef } })._zod.def);
  for (const seg of path) {
    defs = defs.flatMap((def) => {
      if (typeof seg === 'number') return def.element ? unwrap(def.element._zod.def) : [];
      const field = def.shape?.[String(seg)];
      return field ? unwrap(field._zod.def) : [];
    });
  }
  return [...new Set(defs.flatMap((def) => Object.keys(def.shape ?? {})))];
}

function snake(name: string) {
  return name.replace(/-/g, '_');
}

/** Validate raw config data and derive the model. Throws ReadyConfigError naming every bad field. */
export function normalizeConfig(input: unknown, source?: string): ReadyModel {
  const result = readyConfigSchema.safeParse(input);
  if (!result.success) {
    throw new ReadyConfigError(
      result.error.issues.flatMap((issue) => {
        const path = formatIssuePath(issue.path);
        // An unknown key is reported on its parent; point at the key itself.
        if (issue.code === 'unrecognized_keys') {
          const known = knownFields(readyConfigSchema, issue.path);
          return issue.keys.map((key) => {
            const suggestion = closestMatch(key, known);
            return {
              path: formatIssuePath([...issue.path, key]),
              message: suggestion ? `unknown field; did you mean "${suggestion}"?` : 'unknown field; remove it or fix the spelling',
            };
          });
        }
        return [{ path, message: describeIssue(issue, input) }];
      }),
      source,
    );
  }
  const cfg = result.data;
  const kebab = cfg.service.name;
  const pascal = kebab
    .split('-')
    .map((p) => p[0].toUpperCase() + p.slice(1))
    .join('');
  const dependencies = cfg.dependencies.map((dep) => ({ ...dep, envVar: dependencyUrlVar(dep), tokenVar: dependencyTokenVar(dep), envPrefix: dependencyEnvPrefix(dep.name) }));
  return {
    ...cfg,
    names: { kebab, snake: snake(kebab), pascal, constant: snake(kebab).toUpperCase() },
    metricsPrefix: cfg.observability.metricsPrefix ?? snake(kebab),
    http: { ...cfg.http, ...serverTimeouts(cfg.http, cfg.dependencies), apiPrefix: apiPrefix(cfg.http.basePath) },
    image: `${cfg.deploy.registry.replace(/\/$/, '')}/${cfg.deploy.image ?? kebab}`,
    environments: cfg.deploy.environments.map((env) => ({
      ...env,
      namespace: env.namespace ?? `${kebab}-${env.name}`,
      requireApproval: env.requireApproval ?? env.name === 'prod',
    })),
    dependencies,
    rateLimitRedisEnvVar:
      cfg.rateLimits.store === 'redis' ? (dependencies.find((d) => d.kind === 'redis')?.envVar ?? 'REDIS_URL') : undefined,
  };
}

/** Parse `ready.yaml` text. YAML syntax errors are reported with the line and column of the mistake. */
export function parseConfigYaml(text: string, source = 'ready.yaml'): ReadyModel {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    const issues = doc.errors.map((error) => yamlIssue(doc, error, lineCounter));
    const unique = issues.filter((issue, i) => issues.findIndex((o) => o.path === issue.path && o.message === issue.message) === i);
    throw new ReadyConfigError(unique, source);
  }
  return normalizeConfig(doc.toJS() ?? {}, source);
}

/**
 * The parser reports an unclosed quote or flow collection where it gave up (often the next key, or the end
 * of the file); the mistake is where the quote or bracket was opened, so point there.
 */
function yamlIssue(doc: Document, error: YAMLError, lineCounter: LineCounter): { path: string; message: string } {
  const at = error.pos[0];
  let unclosed: { start: number; message: string } | undefined;
  visit(doc, {
    Node(_key, node) {
      const [start, , end] = node.range ?? [];
      if (start === undefined || end === undefined || start >= at || at > end) return;
      if (isCollection(node) && node.flow) {
        const [open, close] = isSeq(node) ? ['[', ']'] : ['{', '}'];
        unclosed = { start, message: `"${open}" is not closed; end it with "${close}" or put the value on one line` };
      } else if (isScalar(node) && (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE')) {
        const quote = node.type === 'QUOTE_DOUBLE' ? '"' : "'";
        unclosed = { start, message: `the quoted string is not closed; end it with ${quote}` };
      }
    },
  });
  const { line, col } = lineCounter.linePos(unclosed?.start ?? at);
  return { path: `line ${line}:${col}`, message: unclosed?.message ?? plainYamlMessage(error) };
}

/** The parser's words for the two commonest slips, a missing ":" and a missing space after it, made plain. */
function plainYamlMessage(error: YAMLError): string {
  const message = error.message.split('\n')[0];
  if (error.code === 'MULTILINE_IMPLICIT_KEY' || /^Implicit map keys need to be followed by map values/.test(message)) {
    return `expected "key: value" on one line (a missing ":", or no space after it?); the parser says: ${message}`;
  }
  return message;
}

/** The smallest valid config for a service name, used by generators and the CLI when no file is given. */
export function defaultConfig(name: string, overrides: Partial<ReadyConfigInput> = {}): ReadyConfigInput {
  return { apiVersion: 'ready/v1', ...overrides, service: { name, ...(overrides.service ?? {}) } } as ReadyConfigInput;
}
