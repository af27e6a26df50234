import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const pkgDir = path.resolve(__dirname, '../../packages/ready');
const manifest = JSON.parse(readFileSync(path.join(pkgDir, 'package.json'), 'utf-8')) as { version: string; files: string[]; 'nx-migrations'?: { migrations: string } };
const collection = JSON.parse(readFileSync(path.join(pkgDir, 'migrations.json'), 'utf-8')) as {
  generators: Record<string, { version: string; description: string; implementation: string }>;
};
const semver = (v: string) => v.split('.').map(Number);
const compare = (a: string, b: string) => {
  const [x, y] = [semver(a), semver(b)];
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i] - y[i];
  return 0;
};

describe('the nx migrations the plugin ships (packages/ready/migrations.json)', () => {
  it('are declared in package.json and packed', () => {
    expect(manifest['nx-migrations']).toEqual({ migrations: './migrations.json' });
    expect(manifest.files).toContain('migrations.json');
    expect(manifest.files).toContain('CHANGELOG.md');
  });

  it('have an upgrade entry for the current version, none for a later one, and a changelog section for each', () => {
    const entries = Object.entries(collection.generators);
    expect(collection.generators[`upgrade-scaffold-files-${manifest.version}`]?.version).toBe(manifest.version);
    const changelog = readFileSync(path.join(pkgDir, 'CHANGELOG.md'), 'utf-8');
    for (const [name, entry] of entries) {
      expect(compare(entry.version, manifest.version), name).toBeLessThanOrEqual(0);
      expect(changelog, `CHANGELOG.md lacks ## [${entry.version}]`).toContain(`## [${entry.version}] - `);
      expect(entry.description.length, name).toBeGreaterThan(20);
    }
  });

  it('point at a function each built generator exports', async () => {
    for (const [name, entry] of Object.entries(collection.generators)) {
      const match = /^\.\/dist\/generators\/([a-z-]+)\/generator#(\w+)$/.exec(entry.implementation);
      expect(match, `${name}: ${entry.implementation}`).not.toBeNull();
      const module = (await import(path.resolve(__dirname, '..', match![1], 'generator.ts'))) as Record<string, unknown>;
      expect(typeof module[match![2]], `${name}: ${match![2]}`).toBe('function');
    }
  });

  it('keep the plugin, its generators.json and the CLI on one version', () => {
    const generators = JSON.parse(readFileSync(path.join(pkgDir, 'generators.json'), 'utf-8')) as { version: string };
    const cli = JSON.parse(readFileSync(path.resolve(pkgDir, '../create-ready-service/package.json'), 'utf-8')) as { version: string; dependencies: Record<string, string> };
    expect(generators.version).toBe(manifest.version);
    expect(cli.version).toBe(manifest.version);
    expect(cli.dependencies['@ready-tools/ready']).toBe(manifest.version);
  });
});
