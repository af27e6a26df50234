import { z } from 'zod';
import { readyConfigSchema } from './schema';

/** JSON Schema of ready.yaml for editors (yaml-language-server). Describes the input side, so defaults are optional. */
export function readyJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(readyConfigSchema, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' }) as Record<string, unknown>;
  return {
    title: 'ready service config (ready/v1)',
    ...schema,
  };
}
