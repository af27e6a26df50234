import { describe, expect, it } from 'vitest';
import { KIND_SPECS } from '../../../generators/kinds';
import { nextStepCommands, type NextStepsInput } from './next-steps';
import { shellQuote } from './shell';

const shop: NextStepsInput = {
  shownDir: 'shop-workspace',
  absoluteDir: '/work/shop-workspace',
  name: 'shop',
  port: 3300,
  packageManager: 'npm',
  installed: true,
  configPath: 'apps/shop/ready.yaml',
  localEnv: 'apps/shop/.env',
  authMode: 'both',
  protectedRoute: '/v1/items',
  token: { role: 'admin', bare: 'node --env-file=apps/shop/.env apps/shop/scripts/token.mjs --role admin', header: 'bearer' },
};

describe('next steps', () => {
  it('serve first, then from a second terminal the probes, a token and an authenticated call, in that order', () => {
    expect(nextStepCommands(shop)).toEqual({
      first: ['cd shop-workspace', 'npx nx serve shop'],
      second: [
        'cd /work/shop-workspace',
        'curl -i http://localhost:3300/health/live',
        'curl -i http://localhost:3300/health/ready',
        'npx nx run shop:token --role admin',
        'curl -i -H "Authorization: Bearer $(node --env-file=apps/shop/.env apps/shop/scripts/token.mjs --role admin)" http://localhost:3300/v1/items',
        'npx nx test shop',
      ],
    });
  });

  it('creates the local database of each postgres dependency before the first start', () => {
    const createDatabases = ['orders_db', 'audit_db'].map((db) => KIND_SPECS.postgres.localDatabase!.create(db));
    expect(nextStepCommands({ ...shop, createDatabases }).first).toEqual([
      'cd shop-workspace',
      'createdb -h 127.0.0.1 -U postgres orders_db',
      'createdb -h 127.0.0.1 -U postgres audit_db',
      'npx nx serve shop',
    ]);
  });

  it('adds the install when it was skipped, skips cd for ".", and uses the package manager that ran the CLI', () => {
    const { first } = nextStepCommands({ ...shop, shownDir: '.', installed: false, packageManager: 'pnpm' });
    expect(first).toEqual(['pnpm install', 'pnpm exec nx serve shop']);
  });

  it('calls the example route without credentials when auth is off', () => {
    const { second } = nextStepCommands({ ...shop, authMode: 'none', token: undefined });
    expect(second).toContain('curl -i http://localhost:3300/v1/items');
    expect(second.join('\n')).not.toContain('Authorization');
  });

  it('quotes directories that need it', () => {
    expect(nextStepCommands({ ...shop, shownDir: 'my service', absoluteDir: "/home/o'neil/my service" }).first[0]).toBe("cd 'my service'");
    expect(shellQuote("/home/o'neil/my service")).toBe("'/home/o'\\''neil/my service'");
    expect(shellQuote('/tmp/plain-dir_1.2')).toBe('/tmp/plain-dir_1.2');
  });
});
