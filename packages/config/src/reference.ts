import { readyJsonSchema } from './json-schema';

type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  description?: string;
  minimum?: number;
  maximum?: number;
  pattern?: string;
  anyOf?: JsonSchema[];
  required?: string[];
};

function typeOf(s: JsonSchema): string {
  if (s.const !== undefined) return `\`${JSON.stringify(s.const)}\``;
  if (s.enum) return s.enum.map((v) => `\`${String(v)}\``).join(' \\| ');
  if (s.anyOf) return s.anyOf.map(typeOf).join(' \\| ');
  const t = Array.isArray(s.type) ? s.type.join(' \\| ') : (s.type ?? 'any');
  if (t === 'array' && s.items) return `list of ${s.items.type === 'object' ? 'objects' : typeOf(s.items)}`;
  const range = s.minimum !== undefined || s.maximum !== undefined ? ` (${s.minimum ?? ''}…${s.maximum ?? ''})` : '';
  return `${t}${range}`;
}

/** Markdown table of every ready.yaml field, derived from the JSON Schema (README "Config reference"). */
export function renderConfigReference(): string {
  const rows: string[] = [];
  const walk = (schema: JsonSchema, prefix: string, required: boolean) => {
    if (prefix) {
      const def = schema.default === undefined ? (required ? 'required' : '') : `\`${JSON.stringify(schema.default)}\``;
      rows.push(`| \`${prefix}\` | ${typeOf(schema)} | ${def} | ${(schema.description ?? '').replace(/\|/g, '\\|')} |`);
    }
    const props = schema.properties ?? (schema.type === 'array' ? schema.items?.properties : undefined);
    const req = schema.required ?? (schema.type === 'array' ? schema.items?.required : undefined) ?? [];
    if (!props) return;
    for (const [key, child] of Object.entries(props)) {
      walk(child, prefix ? `${prefix}${schema.type === 'array' ? '[]' : ''}.${key}` : key, req.includes(key));
    }
  };
  walk(readyJsonSchema() as JsonSchema, '', true);
  return ['| Field | Type | Default | Description |', '|---|---|---|---|', ...rows].join('\n');
}
