import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from './cli';
import { tempDir, testContext } from './test-support';

let root: string;
beforeAll(() => {
  root = tempDir('crs-adopt-');
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A small Express app on disk, as a user has it before ready. */
function expressApp(name: string, lockfile?: string): string {
  const dir = path.join(root, name);
  mkdirSync(path.join(dir, 'src'), { recursive: true });
  writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify({ name, scripts: { dev: 'tsx watch src/server.ts' }, dependencies: { express: '4.21.2' } }, null, 2)}\n`);
  writeFileSync(path.join(dir, 'src/server.ts'), "import express from 'express';\n\nconst app = express();\napp.listen(Number(process.env.PORT ?? 4321));\n");
  if (lockfile) writeFileSync(path.join(dir, lockfile), '');
  return dir;
}

const listing = (dir: string) => readdirSync(dir, { recursive: true }).map(String).sort();

describe('create-ready-service --adopt', () => {
  it('refuses a directory without package.json, writing nothing', async () => {
    const dir = path.join(root, 'empty');
    mkdirSync(dir);
    const { context, stderr } = testContext(root);
    expect(await main(['--adopt', 'empty'], context)).toBe(1);
    expect(stderr.text).toContain('empty has no package.json: --adopt takes an existing Node app');
    expect(readdirSync(dir)).toEqual([]);
  });

  it("refuses a --package-manager that contradicts the app's lockfile", async () => {
    const dir = expressApp('locked', 'yarn.lock');
    const before = listing(dir);
    const { context, stderr } = testContext(root);
    expect(await main(['--adopt', 'locked', '--package-manager', 'npm', '--skip-install'], context)).toBe(1);
    expect(stderr.text).toContain("--package-manager npm, but the app's lockfile is yarn.lock (yarn)");
    expect(listing(dir)).toEqual(before);
  });

  it('--dry-run lists what it would write and writes nothing', async () => {
    const dir = expressApp('dry');
    const before = listing(dir);
    const { context, stdout } = testContext(root);
    expect(await main(['--adopt', 'dry', '--dry-run'], context)).toBe(0);
    expect(stdout.text).toMatch(/CREATE dry\/project\.json[\s\S]*CREATE dry\/ready\.yaml[\s\S]*Nothing was written/);
    expect(listing(dir)).toEqual(before);
  });

  it('writes the project, nx.json and a ready.yaml with the entry and port it found, then names the next step', async () => {
    const dir = expressApp('orders');
    execFileSync('git', ['init', '-q'], { cwd: dir });
    const { context, stdout } = testContext(root);
    expect(await main(['--adopt', 'orders', '--skip-install'], context)).toBe(0);
    expect(listing(dir)).toEqual(expect.arrayContaining(['nx.json', 'project.json', 'ready.yaml', '.gitignore']));
    const config = readFileSync(path.join(dir, 'ready.yaml'), 'utf-8');
    expect(config).toMatch(/framework: express\n  entry: src\/server\.ts/);
    expect(config).toMatch(/port: 4321/);
    expect(stdout.text).toContain('cd orders && npx nx g ready:add-observability orders');
  });
});
