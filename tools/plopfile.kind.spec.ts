import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '..');

/** path → content hash of every file under `dir` (node_modules left out). */
function snapshot(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (rel: string) => {
    for (const name of readdirSync(path.join(dir, rel))) {
      const p = path.join(rel, name);
      if (name === 'node_modules') continue;
      if (statSync(path.join(dir, p)).isDirectory()) walk(p);
      else files.set(p, createHash('sha1').update(readFileSync(path.join(dir, p))).digest('hex'));
    }
  };
  walk('');
  return files;
}

describe('npm run new:dependency-kind (plop)', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ready-plop-kind-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('scaffolds a kind that typechecks and conforms, touching only its folder, the enum and the derived schema', async () => {
    // A copy of the repo's sources: the new kind must typecheck with everything that reads KIND_SPECS.
    for (const p of ['generators', 'packages/config', 'packages/create-ready-service/src', 'packages/create-ready-service/package.json', 'packages/ready/src', 'packages/ready/package.json', 'packages/ready/ready.schema.json', 'packages/ready/generators.json', 'tools', 'tests', 'templates', 'docs-templates', 'README.md', 'package.json', 'tsconfig.json', 'tsconfig.base.json', 'vitest.config.mts']) {
      cpSync(path.join(root, p), path.join(dir, p), { recursive: true, filter: (src) => !src.includes(`${path.sep}node_modules`) && !src.endsWith(`${path.sep}dist`) });
    }
    symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
    const before = snapshot(dir);

    const { default: nodePlop } = await import('node-plop');
    const plop = await nodePlop(path.join(dir, 'tools/plopfile.mjs'), { destBasePath: dir, force: false });
    const result = await plop
      .getGenerator('dependency-kind')
      .runActions({ kind: 'cassandra', title: 'Apache Cassandra', port: 9042, scheme: 'cassandra', stateful: true, image: 'cassandra:5.0.2', healthcheck: 'nodetool status' });
    expect(result.failures).toEqual([]);

    const after = snapshot(dir);
    const touched = [...after.keys()].filter((f) => before.get(f) !== after.get(f)).sort();
    expect(touched).toEqual([
      'README.md',
      'generators/kinds/all.ts',
      'generators/kinds/cassandra/files/cassandra.test.ts__tmpl__',
      'generators/kinds/cassandra/files/cassandra.ts__tmpl__',
      'generators/kinds/cassandra/spec.ts',
      'packages/config/src/schema.ts',
      'packages/ready/ready.schema.json',
    ]);
    expect([...before.keys()].filter((f) => !after.has(f))).toEqual([]);
    expect(readFileSync(path.join(dir, 'packages/config/src/schema.ts'), 'utf-8')).toMatch(/const dependencyKinds = \[[^\]]*'custom', 'cassandra'\] as const;/);

    const tsc = await execa('npx', ['tsc', '-p', 'tsconfig.json', '--noEmit'], { cwd: dir, reject: false });
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.exitCode).toBe(0);

    // The conformance spec covers the new kind (its own it.each row), and renders its test template.
    const run = await execa('npx', ['vitest', 'run', '--project', 'unit', 'generators/kinds/kinds.spec.ts', '--reporter=verbose'], { cwd: dir, reject: false, env: { CI: 'true', NO_COLOR: '1', FORCE_COLOR: '0' } });
    expect(run.stdout + run.stderr).toMatch(/cassandra conforms/);
    expect(run.stdout + run.stderr).toMatch(/Tests\s+\d+ passed/);
    expect(run.exitCode).toBe(0);
  }, 300_000);
});
