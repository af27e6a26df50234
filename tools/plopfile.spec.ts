import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '..');

describe('npm run new:generator (plop)', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ready-plop-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('scaffolds a feature generator whose own spec passes', async () => {
    // A minimal copy of the repo: what a new generator imports, plus the plugin manifest it registers in.
    cpSync(path.join(root, 'generators/utils'), path.join(dir, 'generators/utils'), { recursive: true });
    cpSync(path.join(root, 'packages/config/src'), path.join(dir, 'packages/config/src'), { recursive: true });
    cpSync(path.join(root, 'packages/ready/generators.json'), path.join(dir, 'packages/ready/generators.json'));
    symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
    writeFileSync(
      path.join(dir, 'vitest.config.mjs'),
      `export default { resolve: { alias: { '@ready-tools/config': ${JSON.stringify(path.join(dir, 'packages/config/src/index.ts'))} } } };\n`,
    );

    const { default: nodePlop } = await import('node-plop');
    const plop = await nodePlop(path.join(root, 'tools/plopfile.mjs'), { destBasePath: dir, force: false });
    const result = await plop.getGenerator('generator').runActions({ feature: 'feature-flags', description: 'Add feature flags' });
    expect(result.failures).toEqual([]);

    const manifest = JSON.parse(readFileSync(path.join(dir, 'packages/ready/generators.json'), 'utf-8'));
    expect(manifest.generators['add-feature-flags']).toMatchObject({ factory: './dist/generators/feature-flags/generator' });

    const run = await execa('npx', ['vitest', 'run', '--root', dir, 'generators/feature-flags'], { cwd: dir, reject: false, env: { CI: 'true' } });
    expect(run.stdout + run.stderr).toMatch(/3 passed/);
    expect(run.exitCode).toBe(0);
  });
});
