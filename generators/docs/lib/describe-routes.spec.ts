import { parseConfigYaml } from '@ready-tools/config';
import { describe, expect, it } from 'vitest';
import { describeRoutes } from './describe-routes';

const itemPaths = (basePath?: string) =>
  describeRoutes(parseConfigYaml(`apiVersion: ready/v1\nservice: { name: shop }\n${basePath ? `http: { basePath: ${basePath} }\n` : ''}`))
    .filter((r) => r.path.includes('/items'))
    .map((r) => `${r.method} ${r.path}`);

describe('describeRoutes', () => {
  it('documents the example resource where the service serves it: under the base path, versioned once', () => {
    expect(itemPaths()).toEqual(['GET /v1/items', 'POST /v1/items', 'GET /v1/items/:id', 'DELETE /v1/items/:id']);
    expect(itemPaths('/api')).toEqual(['GET /api/v1/items', 'POST /api/v1/items', 'GET /api/v1/items/:id', 'DELETE /api/v1/items/:id']);
    expect(itemPaths('/api/v1')).toEqual(['GET /api/v1/items', 'POST /api/v1/items', 'GET /api/v1/items/:id', 'DELETE /api/v1/items/:id']);
  });
});
