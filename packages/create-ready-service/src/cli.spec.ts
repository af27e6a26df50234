import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import prompts from 'prompts';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseConfigYaml } from '@ready-tools/config';
import { main } from './cli';
import { findReadyCheckout, resolveReadyPackage } from './plugin-source';
import { tempDir, testContext } from './test-support';

/** Where a checkout's plugin is packed to: tools/ready-tools-ready-<version>.tgz. */
const TARBALL = `tools/ready-tools-ready-${(JSON.parse(readFileSync(path.resolve(__dirname, '../../ready/package.json'), 'utf-8')) as { version: string }).version}.tgz`;

const READY_SPEC = 'file:/tmp/ready-tools-ready-0.1.0.tgz';
const builtCli = path.resolve(__dirname, '../bin/create-ready-service.js');

function runBuiltCli(cwd: string, args: string[]) {
  const res = spawnSync(process.execPath, [builtCli, ...args], {
    cwd,
    encoding: 'utf-8',
    input: '',
    env: { PATH: process.env.PATH, CI: 'true', READY_PACKAGE_SPEC: READY_SPEC },
    timeout: 60_000,
  });
  return { status: res.status, stdout: res.stdout, stderr: res.stderr };
}
let root: string;
beforeAll(() => {
  root = tempDir();
});
afterEach(() => {
  vi.unstubAllEnvs();
});
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

describe('create-ready-service', () => {
  it('exits 2 on an unknown flag with one line and a suggestion, not the whole usage', async () => {
    const { context, stderr } = testContext(root);
    expect(await main(['svc-unknown', '--prot', '8080'], context)).toBe(2);
    expect(stderr.text).toBe('error Unknown option --prot; did you mean --port?\nRun "create-ready-service --help" for all options.\n');
    expect(existsSync(path.join(root, 'svc-unknown'))).toBe(false);
  });

  it('exits 2 without a directory when it cannot ask', async () => {
    const { context, stderr } = testContext(root);
    expect(await main(['--yes'], context)).toBe(2);
    expect(stderr.text).toContain('Missing the target directory');
  });

  it('prints help and version', async () => {
    const help = testContext(root);
    expect(await main(['--help'], help.context)).toBe(0);
    expect(help.stdout.text).toContain('--skip-install');
    const version = testContext(root);
    expect(await main(['--version'], version.context)).toBe(0);
    expect(version.stdout.text.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('refuses a non-empty target directory, naming what is there, and writes nothing', async () => {
    const target = path.join(root, 'occupied');
    mkdirSync(target);
    writeFileSync(path.join(target, 'keep.txt'), 'mine');
    const { context, stderr } = testContext(root);
    expect(await main(['occupied', '--yes'], context)).toBe(1);
    expect(stderr.text).toContain('Target directory occupied is not empty (keep.txt); choose another name or empty it');
    expect(readdirSync(target)).toEqual(['keep.txt']);
  });

  it('refuses a dotfile the workspace would overwrite, and writes nothing', async () => {
    const target = path.join(root, 'has-gitignore');
    mkdirSync(target);
    writeFileSync(path.join(target, '.gitignore'), 'mine\n');
    const { context, stderr } = testContext(root);
    expect(await main(['has-gitignore', '--yes', '--skip-install', '--skip-git'], context)).toBe(1);
    expect(stderr.text).toContain('already holds .gitignore, which the new workspace would overwrite');
    expect(readdirSync(target)).toEqual(['.gitignore']);
  });

  // Nx's native project glob never returns on an existing empty directory: these run the built CLI
  // (real Nx, real disk) with a deadline, so a hang fails the test instead of stalling the suite.
  describe.each([
    ['an existing empty directory', 'empty-dir', [] as string[]],
    ['a directory holding only .keep', 'keep-dir', ['.keep']],
    ['a directory holding only .git', 'git-dir', ['.git']],
  ])('into %s', (_what, dir, entries) => {
    beforeAll(() => {
      mkdirSync(path.join(root, dir));
      for (const entry of entries) {
        if (entry === '.git') spawnSync('git', ['init', '-q', path.join(root, dir)]);
        else writeFileSync(path.join(root, dir, entry), '');
      }
    });

    it('lists the files on --dry-run without writing', () => {
      const res = runBuiltCli(root, [dir, '--yes', '--dry-run']);
      expect(res.status, res.stderr).toBe(0);
      expect(res.stdout).toContain(`CREATE ${dir}/apps/${dir}/project.json`);
      expect(res.stdout).not.toContain('workspace root does not exist');
      expect(readdirSync(path.join(root, dir)).sort()).toEqual(entries);
    });

    it('creates the workspace next to what is there', () => {
      const res = runBuiltCli(root, [dir, '--yes', '--skip-install', ...(entries.includes('.git') ? [] : ['--skip-git'])]);
      expect(res.status, res.stderr).toBe(0);
      expect(res.stdout).toContain(`Created ${dir} in ${dir}`);
      expect(existsSync(path.join(root, dir, `apps/${dir}/project.json`))).toBe(true);
      for (const entry of entries) expect(existsSync(path.join(root, dir, entry))).toBe(true);
      if (entries.includes('.git')) {
        // The directory's own repository gets the first commit (an enclosing one would be left alone).
        const log = spawnSync('git', ['log', '--format=%s'], { cwd: path.join(root, dir), encoding: 'utf-8' });
        expect(log.stdout.trim()).toBe('Initial commit from create-ready-service');
      }
    });
  });

  it('creates into the current directory when it is empty, naming the service after it', () => {
    const here = path.join(root, 'dot-svc');
    mkdirSync(here);
    const res = runBuiltCli(here, ['.', '--yes', '--dry-run']);
    expect(res.status, res.stderr).toBe(0);
    expect(res.stdout).toContain('CREATE apps/dot-svc/project.json');
    expect(res.stdout).toContain('would be created in .');
    expect(readdirSync(here)).toEqual([]);
  });

  it('rejects an invalid --config naming the field, and creates nothing', async () => {
    const file = path.join(root, 'bad-ready.yaml');
    writeFileSync(file, 'apiVersion: ready/v1\nservice:\n  name: payments\nhttp:\n  port: 0\n');
    const { context, stderr } = testContext(root);
    expect(await main(['bad-config', '--config', file], context)).toBe(1);
    expect(stderr.text).toMatch(/http\.port: expected an integer ≥ 1, got 0/);
    expect(stderr.text).toContain('Nothing was written');
    expect(existsSync(path.join(root, 'bad-config'))).toBe(false);
  });

  it('rejects a config made invalid by the answers, naming the field', async () => {
    const { context, stderr } = testContext(root);
    expect(await main(['bad-port', '--yes', '--owner', ''], context)).toBe(1);
    expect(stderr.text).toMatch(/service\.owner: expected at least 1 character/);
    expect(existsSync(path.join(root, 'bad-port'))).toBe(false);
  });

  it('normalises a name that is not kebab-case, and says so', async () => {
    const fromFlag = testContext(root);
    expect(await main(['named', '--yes', '--dry-run', '--name', 'MyService'], fromFlag.context)).toBe(0);
    expect(fromFlag.stdout.text).toContain('Service name: my-service (--name "MyService" is not kebab-case)');
    expect(fromFlag.stdout.text).toContain('apps/my-service/project.json');
    const fromDir = testContext(root);
    expect(await main(['PaymentsAPI', '--yes', '--dry-run'], fromDir.context)).toBe(0);
    expect(fromDir.stdout.text).toContain('Service name: payments-api (from the directory name "PaymentsAPI"; pass --name to choose another)');
  });

  it('prints a directory that needs quoting quoted, and refuses control characters', async () => {
    const spaced = testContext(root);
    expect(await main(['my service', '--yes', '--skip-install', '--skip-git'], spaced.context)).toBe(0);
    expect(spaced.stdout.text).toContain("  cd 'my service'\n");
    expect(spaced.stdout.text).toContain(`  cd '${path.join(root, 'my service')}'\n`);
    expect(existsSync(path.join(root, 'my service/apps/my-service/project.json'))).toBe(true);
    const control = testContext(root);
    expect(await main(['bad\u0015dir', '--yes'], control.context)).toBe(2);
    expect(control.stderr.text).toContain('holds control characters');
  });

  it('says in one line that the --config file is missing', async () => {
    const { context, stderr } = testContext(root);
    expect(await main(['no-config', '--config', 'nope.yaml'], context)).toBe(1);
    expect(stderr.text).toBe(`error Cannot read --config nope.yaml: no such file (${path.join(root, 'nope.yaml')})\n`);
    expect(existsSync(path.join(root, 'no-config'))).toBe(false);
  });

  it('names the line of a YAML mistake in --config, and the field a typo meant', async () => {
    const file = path.join(root, 'typo-ready.yaml');
    writeFileSync(file, 'apiVersion: ready/v1\nservice:\n  name: payments\n  owner: [a, b\nhttp:\n  port: 1\n');
    const yamlError = testContext(root);
    expect(await main(['typo', '--config', file], yamlError.context)).toBe(1);
    expect(yamlError.stderr.text).toContain('line 4:10: "[" is not closed');
    writeFileSync(file, 'apiVersion: ready/v1\nservice:\n  name: payments\nhtpp:\n  port: 8080\n');
    const unknown = testContext(root);
    expect(await main(['typo', '--config', file], unknown.context)).toBe(1);
    expect(unknown.stderr.text).toContain('htpp: unknown field; did you mean "http"?');
    expect(existsSync(path.join(root, 'typo'))).toBe(false);
  });

  it('lists the files on --dry-run and writes nothing', async () => {
    const { context, stdout } = testContext(root);
    expect(await main(['dry', '--yes', '--dependencies', 'postgres', '--dry-run'], context)).toBe(0);
    expect(stdout.text).toContain(path.join('dry', 'apps/dry/ready.yaml'));
    expect(stdout.text).toContain(path.join('dry', 'package.json'));
    expect(stdout.text).toContain(path.join('dry', 'nx.json'));
    expect(stdout.text).toContain('Nothing was written');
    expect(existsSync(path.join(root, 'dry'))).toBe(false);
  });

  describe('a --skip-install --skip-git run', () => {
    let target: string;
    let stdout: { text: string };
    beforeAll(async () => {
      const run = testContext(root);
      stdout = run.stdout;
      const code = await main(
        ['payments', '--yes', '--skip-install', '--skip-git', '--owner', 'team-pay', '--port', '8080', '--dependencies', 'postgres,redis', '--auth', 'api-key', '--environments', 'dev,prod'],
        run.context,
      );
      expect(run.stderr.text).toBe('');
      expect(code).toBe(0);
      target = path.join(root, 'payments');
    });

    it('writes apps/<name>/ready.yaml from the flags', () => {
      const model = parseConfigYaml(readFileSync(path.join(target, 'apps/payments/ready.yaml'), 'utf-8'));
      expect(model.service).toMatchObject({ name: 'payments', owner: 'team-pay' });
      expect(model.http.port).toBe(8080);
      expect(model.auth.mode).toBe('api-key');
      expect(model.dependencies.map((d) => [d.name, d.kind])).toEqual([['postgres', 'postgres'], ['redis', 'redis']]);
      expect(model.environments.map((e) => e.name)).toEqual(['dev', 'prod']);
    });

    it('writes package.json with the plugin under the alias "ready", and nx.json', () => {
      const pkg = JSON.parse(readFileSync(path.join(target, 'package.json'), 'utf-8'));
      expect(pkg.devDependencies.ready).toBe(READY_SPEC);
      expect(pkg.devDependencies.nx).toBe('22.7.9');
      expect(existsSync(path.join(target, 'nx.json'))).toBe(true);
      expect(existsSync(path.join(target, 'node_modules'))).toBe(false);
      expect(existsSync(path.join(target, '.git'))).toBe(false);
    });

    it('prints next steps with the real port and where ready.yaml is', () => {
      expect(stdout.text).toContain('  cd payments\n  npm install\n  npx nx serve payments\n');
      expect(stdout.text).toContain('npx nx test payments');
      expect(stdout.text).toContain('curl -i http://localhost:8080/health/live');
      expect(stdout.text).toContain('apps/payments/ready.yaml');
      expect(stdout.text).not.toMatch(/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]/);
    });

    it('prints an authenticated curl whose $(...) yields the local API key of the .env, through the token target', () => {
      expect(stdout.text).toContain('  npx nx run payments:token --role admin\n');
      const curl = stdout.text.split('\n').find((line) => line.includes('curl -i -H'))?.trim() ?? '';
      expect(curl).toBe('curl -i -H "Authorization: Bearer $(node --env-file=apps/payments/.env apps/payments/scripts/token.mjs --role admin)" http://localhost:8080/v1/items');
      const inner = /\$\((.*)\)"/.exec(curl)?.[1] ?? '';
      const printed = spawnSync('sh', ['-c', inner], { cwd: target, encoding: 'utf-8' }).stdout.trim();
      expect(printed).toBe(/^LOCAL_API_KEY=(\S+)$/m.exec(readFileSync(path.join(target, 'apps/payments/.env'), 'utf-8'))?.[1]);
    });

    it('writes a git-ignored apps/<name>/.env for local runs: development mode, a fresh API key, local dependency URLs', () => {
      const env = readFileSync(path.join(target, 'apps/payments/.env'), 'utf-8');
      expect(env).toMatch(/^NODE_ENV=development$/m);
      expect(env).not.toMatch(/^JWT_SECRET=/m);
      const key = /^LOCAL_API_KEY=(\S+)$/m.exec(env)?.[1] ?? '';
      const hash = createHash('sha256').update(key).digest('hex');
      expect(key.length).toBeGreaterThanOrEqual(32);
      expect(env).toMatch(new RegExp(`^API_KEYS=local:${hash}:reader\\+admin$`, 'm'));
      expect(env).toMatch(/^POSTGRES_URL=postgres:\/\/postgres:postgres@127\.0\.0\.1:5432\/postgres$/m);
      expect(env).toMatch(/^REDIS_URL=redis:\/\/127\.0\.0\.1:6379$/m);
      const gitignore = readFileSync(path.join(target, '.gitignore'), 'utf-8').split('\n');
      expect(gitignore).toContain('.env');
      expect(readFileSync(path.join(target, 'apps/payments/.env.example'), 'utf-8')).not.toContain(key);
    });
  });

  it("uses the service's token target when it has one: nx run prints a token, node with the local .env feeds the curl", async () => {
    const { context, stdout } = testContext(root);
    const plugin = context.plugin!;
    const withToken: typeof plugin = {
      ...plugin,
      presetGenerator: async (tree, options) => {
        const callback = await plugin.presetGenerator(tree, options);
        const file = `apps/${options.name}/project.json`;
        const project = JSON.parse(tree.read(file, 'utf-8')!);
        project.targets.token = { executor: 'nx:run-commands', options: { command: 'node scripts/token.mjs', cwd: `apps/${options.name}` } };
        tree.write(file, JSON.stringify(project));
        return callback;
      },
    };
    expect(await main(['tokened', '--yes', '--skip-install', '--skip-git'], { ...context, plugin: withToken })).toBe(0);
    expect(stdout.text).toContain(
      [
        '  npx nx run tokened:token --role admin',
        '  curl -i -H "Authorization: Bearer $(node --env-file=apps/tokened/.env apps/tokened/scripts/token.mjs --role admin)" http://localhost:3000/v1/items',
      ].join('\n'),
    );
  });

  it('takes the service from --config, keeps its comments and applies --name on top', async () => {
    const file = path.join(root, 'orders.ready.yaml');
    writeFileSync(file, '# our orders service\napiVersion: ready/v1\nservice:\n  name: orders\n  owner: team-orders # pager\nhttp:\n  port: 4000\n');
    const fromFile = testContext(root);
    expect(await main(['orders-ws', '--config', file, '--skip-install', '--skip-git'], fromFile.context)).toBe(0);
    expect(readFileSync(path.join(root, 'orders-ws/apps/orders/ready.yaml'), 'utf-8')).toBe(readFileSync(file, 'utf-8'));

    const renamed = testContext(root);
    expect(await main(['orders-ws2', '--config', file, '--name', 'orders-v2', '--skip-install', '--skip-git'], renamed.context)).toBe(0);
    const text = readFileSync(path.join(root, 'orders-ws2/apps/orders-v2/ready.yaml'), 'utf-8');
    expect(text).toContain('# pager');
    expect(parseConfigYaml(text).service).toMatchObject({ name: 'orders-v2', owner: 'team-orders' });
  });

  it('asks the questions on a terminal, then shows a summary and asks to confirm', async () => {
    const { context, stderr, stdout } = testContext(root);
    prompts.inject(['inventory', 'Tracks stock', 'team-stock', 9000, ['postgres', 'kafka'], 'both', ['dev', 'qa', 'prod'], true]);
    const code = await main(['asked', '--skip-install', '--skip-git'], { ...context, stdinIsTTY: true });
    expect(stderr.text).toBe('');
    expect(code).toBe(0);
    expect(stdout.text).toContain('About to create:');
    expect(stdout.text).toMatch(/Service +inventory \(owner team-stock\), port 9000/);
    expect(stdout.text).toMatch(/Dependencies +postgres, kafka/);
    const env = readFileSync(path.join(root, 'asked/apps/inventory/.env'), 'utf-8');
    expect(env).toMatch(/^JWT_SECRET=[A-Za-z0-9_-]{43}$/m);
    expect(env).toMatch(/^API_KEYS=local:[0-9a-f]{64}:reader\+admin$/m);
    const model = parseConfigYaml(readFileSync(path.join(root, 'asked/apps/inventory/ready.yaml'), 'utf-8'));
    expect(model.service).toMatchObject({ name: 'inventory', description: 'Tracks stock', owner: 'team-stock' });
    expect(model.http.port).toBe(9000);
    expect(model.auth.mode).toBe('both');
    expect(model.dependencies.map((d) => d.kind)).toEqual(['postgres', 'kafka']);
    expect(model.environments.map((e) => e.name)).toEqual(['dev', 'qa', 'prod']);
  });

  it('writes nothing when the summary is not confirmed', async () => {
    const { context, stderr } = testContext(root);
    prompts.inject(['declined', 'd', 'team', 3000, [], 'jwt', ['dev'], false]);
    expect(await main(['declined', '--skip-install', '--skip-git'], { ...context, stdinIsTTY: true })).toBe(1);
    expect(stderr.text).toContain('Not created; nothing was written');
    expect(existsSync(path.join(root, 'declined'))).toBe(false);
  });

  it('exits 130 when a question is cancelled (Ctrl-C), writing nothing', async () => {
    const { context, stderr } = testContext(root);
    prompts.inject([new Error('cancelled')]);
    expect(await main(['cancelled', '--skip-install', '--skip-git'], { ...context, stdinIsTTY: true })).toBe(130);
    expect(stderr.text).toContain('Cancelled. Nothing was written.');
    expect(existsSync(path.join(root, 'cancelled'))).toBe(false);
  });

  it('installs the dev dependencies too when the shell exports NODE_ENV=production', async () => {
    const bin = path.join(root, 'env-bin');
    mkdirSync(bin);
    const seen = path.join(root, 'install-env.txt');
    writeFileSync(path.join(bin, 'npm'), `#!/bin/sh\necho "NODE_ENV=\${NODE_ENV-unset} omit=\${npm_config_omit-unset}" >> ${JSON.stringify(seen)}\n`);
    chmodSync(path.join(bin, 'npm'), 0o755);
    vi.stubEnv('PATH', `${bin}${path.delimiter}${process.env.PATH}`);
    vi.stubEnv('NODE_ENV', 'production');
    vi.stubEnv('npm_config_omit', 'dev');
    const { context } = testContext(root);
    expect(await main(['prod-shell', '--yes', '--skip-git'], context)).toBe(0);
    // Every install (the CLI's, and any the generator's tasks run after it) without them.
    const installs = readFileSync(seen, 'utf-8').trim().split('\n');
    expect(installs.length).toBeGreaterThan(0);
    expect(new Set(installs)).toEqual(new Set(['NODE_ENV=unset omit=unset']));
  });

  it('leaves the files in place and says how to retry when the install fails', async () => {
    const bin = path.join(root, 'fake-bin');
    mkdirSync(bin);
    writeFileSync(path.join(bin, 'npm'), '#!/bin/sh\necho "resolving packages"\necho "npm error code E404" >&2\nexit 1\n');
    chmodSync(path.join(bin, 'npm'), 0o755);
    vi.stubEnv('PATH', `${bin}${path.delimiter}${process.env.PATH}`);
    const { context, stderr } = testContext(root);
    expect(await main(['broken-install', '--yes', '--skip-git'], context)).toBe(1);
    expect(stderr.text).toContain('npm error code E404');
    expect(stderr.text).toContain('Install failed. Your files are in broken-install. Retry with: cd broken-install && npm install');
    expect(stderr.text).not.toContain('Usage:');
    expect(existsSync(path.join(root, 'broken-install/package.json'))).toBe(true);
  });
});

describe('plugin source', () => {
  it('recognises this checkout from the CLI folder', () => {
    expect(findReadyCheckout(__dirname)).toBe(path.resolve(__dirname, '../../ready'));
    expect(findReadyCheckout(root)).toBeUndefined();
  });

  it('lets READY_PACKAGE_SPEC override detection', async () => {
    expect(await resolveReadyPackage({ env: { READY_PACKAGE_SPEC: READY_SPEC }, cliDir: __dirname })).toEqual({ spec: READY_SPEC });
  });

  it('uses the published version outside a checkout', async () => {
    expect(await resolveReadyPackage({ env: {}, cliDir: root })).toEqual({});
  });

  it('packs a checkout into the workspace tools/ folder, referred to by a relative path, leaving no temp directory', async () => {
    const before = readdirSync(os.tmpdir()).filter((e) => e.startsWith('create-ready-service-'));
    const { spec, tarball } = await resolveReadyPackage({ env: {}, cliDir: __dirname });
    expect(spec).toBe(`file:./${TARBALL}`);
    expect(tarball?.path).toBe(TARBALL);
    expect(tarball?.content.subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b])); // gzip
    expect(readdirSync(os.tmpdir()).filter((e) => e.startsWith('create-ready-service-'))).toEqual(before);
  });
});
