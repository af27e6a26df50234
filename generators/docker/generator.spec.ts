import { addProjectConfiguration, logger, readJson, readProjectConfiguration, updateProjectConfiguration, type Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { parseConfigYaml } from '@ready-tools/config';
import { render } from 'ejs';
import { FsTree } from 'nx/src/generators/tree';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse as parseYaml, parseDocument } from 'yaml';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { E2E_CONFIG, E2E_SERVICE } from '../../tests/e2e/support/global-setup';
import { serviceEnvVars } from '../features';
import { KIND_SPECS, passwordVariable } from '../kinds';
import { docsTemplatesDir } from '../utils/paths';
import { dockerGenerator } from './generator';
import { DOCKERIGNORE_BLOCK_END, DOCKERIGNORE_BLOCK_START } from './lib/update-dockerignore';
import { snapshotTree as snapshot } from '../utils/testing';

const name = E2E_SERVICE;
const root = `apps/${name}`;
const DOCKERFILE = `${root}/Dockerfile`;
const COMPOSE = `${root}/docker-compose.yaml`;

// ---------------------------------------------------------------------------------------------
// A Dockerfile reader: continuation lines joined, comments dropped, one entry per instruction.
interface Instruction {
  keyword: string;
  args: string;
  /** Index of the stage (FROM) the instruction belongs to; -1 before the first FROM. */
  stage: number;
}

function parseDockerfile(text: string): Instruction[] {
  const out: Instruction[] = [];
  let stage = -1;
  let pending = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!pending && (line === '' || line.startsWith('#'))) continue;
    if (line.endsWith('\\')) {
      pending += `${line.slice(0, -1)} `;
      continue;
    }
    const full = (pending + line).trim();
    pending = '';
    const match = /^([A-Za-z]+)\s+(.*)$/s.exec(full);
    if (!match) throw new Error(`not an instruction: ${full}`);
    const keyword = match[1].toUpperCase();
    if (keyword === 'FROM') stage++;
    out.push({ keyword, args: match[2].trim(), stage });
  }
  return out;
}

/** Stage names in order, from `FROM <image> AS <name>`. */
function stageNames(instructions: Instruction[]): string[] {
  return instructions.filter((i) => i.keyword === 'FROM').map((i) => /\s+AS\s+(\S+)$/i.exec(i.args)?.[1] ?? '');
}

/** Variables set by ARG/ENV (`ENV A=1 B=2`, `ARG NAME=default`). */
function declaredNames(i: Instruction): string[] {
  return i.args
    .split(/\s+/)
    .map((pair) => pair.split('=')[0])
    .filter((n) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(n));
}

// ---------------------------------------------------------------------------------------------
// .dockerignore with Docker's rules: patterns relative to the context root, `**` any depth,
// `!` re-includes, and the last matching line wins.
function globToRegExp(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*' && pattern[i + 1] === '*') {
      re += pattern[i + 2] === '/' ? '(?:.*/)?' : '.*';
      i += pattern[i + 2] === '/' ? 2 : 1;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  // A pattern that matches a folder also excludes everything inside it.
  return new RegExp(`^${re}(?:/.*)?$`);
}

function dockerIgnores(dockerignore: string, file: string): boolean {
  let ignored = false;
  for (const raw of dockerignore.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const negated = line.startsWith('!');
    const pattern = path.posix.normalize((negated ? line.slice(1) : line).replace(/^\/+/, ''));
    if (globToRegExp(pattern).test(file)) ignored = !negated;
  }
  return ignored;
}

// ---------------------------------------------------------------------------------------------
/** Write every file of the tree to a fresh folder: the assertions below read what would land on disk. */
const tempRoots: string[] = [];
function writeTreeToDisk(tree: Tree): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'ready-docker-'));
  tempRoots.push(dir);
  const walk = (p: string) => {
    for (const child of tree.children(p)) {
      const file = p ? `${p}/${child}` : child;
      if (tree.isFile(file)) {
        mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
        writeFileSync(path.join(dir, file), tree.read(file)!);
      } else walk(file);
    }
  };
  walk('');
  return dir;
}

afterAll(() => {
  for (const dir of tempRoots) rmSync(dir, { recursive: true, force: true });
});

function addShop(tree: Tree, config = E2E_CONFIG): void {
  addProjectConfiguration(tree, name, {
    root,
    sourceRoot: `${root}/src`,
    projectType: 'application',
    tags: ['ready:service'],
    targets: {
      build: { executor: 'nx:run-commands', outputs: [`{workspaceRoot}/dist/${root}`], options: { command: `tsc -p ${root}/tsconfig.app.json` } },
    },
  });
  tree.write(`${root}/ready.yaml`, config);
}


function changedFiles(before: Map<string, string>, after: Map<string, string>): string[] {
  const paths = new Set([...before.keys(), ...after.keys()]);
  return [...paths].filter((p) => before.get(p) !== after.get(p)).sort();
}

describe('ready:add-docker on the e2e service (postgres, redis, a queue, dev/staging/prod)', () => {
  let tree: Tree;
  let disk: string;
  let dockerfile: Instruction[];
  let finalStage: Instruction[];

  beforeEach(async () => {
    tree = createTreeWithEmptyWorkspace();
    addShop(tree);
    await dockerGenerator(tree, { project: name });
    disk = writeTreeToDisk(tree);
    dockerfile = parseDockerfile(readFileSync(path.join(disk, DOCKERFILE), 'utf-8'));
    const last = Math.max(...dockerfile.map((i) => i.stage));
    finalStage = dockerfile.filter((i) => i.stage === last);
  });

  it('DF-01: multi-stage; the runtime stage copies only the build output and production node_modules', () => {
    const stages = stageNames(dockerfile);
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(new Set(stages).size).toBe(stages.length);
    const byStage = (stage: string) => dockerfile.filter((i) => i.stage === stages.indexOf(stage));
    const runs = (stage: string) => byStage(stage).filter((i) => i.keyword === 'RUN').map((i) => i.args);

    const copies = finalStage.filter((i) => i.keyword === 'COPY');
    expect(copies.length).toBeGreaterThan(0);
    const sources = copies.map((c) => {
      const m = /^--from=(\S+)\s+(\S+)\s+(\S+)$/.exec(c.args);
      expect(m, `runtime COPY without --from: ${c.args}`).not.toBeNull();
      return { from: m![1], src: m![2], dest: m![3] };
    });
    // Exactly two things reach the runtime image.
    const nodeModules = sources.filter((s) => s.src.endsWith('/node_modules'));
    const dist = sources.filter((s) => s.src.endsWith(`/dist/${root}`));
    expect(nodeModules).toHaveLength(1);
    expect(dist).toHaveLength(1);
    expect(sources).toHaveLength(2);
    // node_modules comes from a stage that installed without devDependencies, from the lockfile.
    expect(runs(nodeModules[0].from).join('\n')).toMatch(/npm ci\b.*--omit=dev/);
    expect(byStage(nodeModules[0].from).some((i) => i.keyword === 'COPY' && /package-lock\.json/.test(i.args))).toBe(true);
    // dist comes from a stage that installed everything and ran the project's build.
    expect(runs(dist[0].from).join('\n')).toMatch(/npm ci\b(?!.*--omit)/);
    expect(runs(dist[0].from).join('\n')).toContain(`nx run ${name}:build`);
    expect(finalStage.filter((i) => i.keyword === 'RUN').map((i) => i.args).join('\n')).not.toMatch(/\bnpm\b|\bnpx\b/);
  });

  it('DF-02: the base image has an explicit tag from runtime.node, and the file says how to pin its digest', () => {
    const arg = dockerfile.find((i) => i.keyword === 'ARG' && i.args.startsWith('NODE_IMAGE='));
    expect(arg?.stage).toBe(-1);
    const image = arg!.args.slice('NODE_IMAGE='.length);
    expect(image).toBe('node:22-bookworm-slim');
    expect(image).not.toMatch(/:latest$/);
    const stages = stageNames(dockerfile);
    for (const from of dockerfile.filter((i) => i.keyword === 'FROM')) {
      const ref = from.args.split(/\s+/)[0];
      // Each stage starts from the pinned ARG or from an earlier stage.
      expect(ref === '${NODE_IMAGE}' || stages.slice(0, from.stage).includes(ref), ref).toBe(true);
    }
    const text = readFileSync(path.join(disk, DOCKERFILE), 'utf-8');
    expect(text).toMatch(/NODE_IMAGE=node:22-bookworm-slim@sha256:/);
  });

  it('DF-02: a different runtime.node changes the base image tag', async () => {
    tree.write(`${root}/ready.yaml`, E2E_CONFIG.replace('http:\n', 'runtime:\n  node: "20"\nhttp:\n'));
    await dockerGenerator(tree, { project: name, skipFormat: true });
    expect(tree.read(DOCKERFILE, 'utf-8')).toContain('ARG NODE_IMAGE=node:20-bookworm-slim\n');
  });

  it('DF-03: the final USER is numeric and not root (uid > 10000, matching the Kubernetes securityContext)', () => {
    const users = finalStage.filter((i) => i.keyword === 'USER');
    expect(users.length).toBeGreaterThan(0);
    const user = users.at(-1)!.args;
    expect(user).toMatch(/^\d+:\d+$/);
    const [uid, gid] = user.split(':').map(Number);
    expect(uid).toBeGreaterThan(10000);
    expect(gid).toBeGreaterThan(10000);
    // Nothing after USER switches back.
    const userIndex = finalStage.lastIndexOf(users.at(-1)!);
    expect(finalStage.slice(userIndex + 1).filter((i) => i.keyword === 'RUN' || i.keyword === 'USER')).toEqual([]);
    // The passwd entry exists for tools that look the user up; useradd with a high uid needs -l/--no-log-init (DL3046).
    const useradd = finalStage.find((i) => i.keyword === 'RUN' && /useradd/.test(i.args));
    expect(useradd?.args).toMatch(new RegExp(`--uid ${uid}\\b`));
    expect(useradd?.args).toMatch(/--no-log-init|\s-l\s/);
  });

  it('DF-04: exec-form CMD runs node on the built entry directly (no npm, no shell)', () => {
    const cmds = finalStage.filter((i) => i.keyword === 'CMD');
    expect(cmds).toHaveLength(1);
    const cmd = JSON.parse(cmds[0].args) as string[];
    expect(Array.isArray(cmd)).toBe(true);
    expect(cmd).toEqual(['node', `dist/${root}/main.js`]);
    expect(finalStage.some((i) => i.keyword === 'ENTRYPOINT')).toBe(false);
    // The entry is inside what the runtime stage copied, relative to its WORKDIR.
    const workdir = finalStage.filter((i) => i.keyword === 'WORKDIR').at(-1)!.args;
    const distCopy = finalStage.find((i) => i.keyword === 'COPY' && i.args.includes(`/dist/${root}`))!;
    const dest = path.posix.resolve(workdir, distCopy.args.split(/\s+/).at(-1)!);
    expect(path.posix.resolve(workdir, cmd[1]).startsWith(`${dest}/`)).toBe(true);
  });

  it('DF-05: NODE_ENV=production in the runtime stage, COPY not ADD, absolute WORKDIRs', () => {
    const env = finalStage.filter((i) => i.keyword === 'ENV').map((i) => i.args);
    expect(env.some((e) => /(^|\s)NODE_ENV=production(\s|$)/.test(e))).toBe(true);
    expect(dockerfile.filter((i) => i.keyword === 'ADD')).toEqual([]);
    const workdirs = dockerfile.filter((i) => i.keyword === 'WORKDIR');
    expect(workdirs.length).toBeGreaterThan(0);
    for (const w of workdirs) expect(w.args, w.args).toMatch(/^\//);
    // Every stage sets its own WORKDIR before copying into it.
    for (const stage of new Set(dockerfile.filter((i) => i.stage >= 0).map((i) => i.stage))) {
      const inStage = dockerfile.filter((i) => i.stage === stage);
      const firstWorkdir = inStage.findIndex((i) => i.keyword === 'WORKDIR');
      const firstCopy = inStage.findIndex((i) => i.keyword === 'COPY');
      expect(firstWorkdir).toBeGreaterThan(-1);
      expect(firstWorkdir).toBeLessThan(firstCopy);
    }
  });

  it('DF-06: no unpinned apt/apk installs, no pipes without pipefail', () => {
    const runs = dockerfile.filter((i) => i.keyword === 'RUN');
    const hasPipefail = dockerfile.some((i) => i.keyword === 'SHELL' && /pipefail/.test(i.args));
    for (const run of runs) {
      for (const m of run.args.matchAll(/\b(?:apt-get|apk)\s+(?:install|add)\s+([^&;]+)/g)) {
        const packages = m[1].split(/\s+/).filter((w) => w && !w.startsWith('-'));
        for (const pkg of packages) expect(pkg, `unpinned package ${pkg}`).toMatch(/=/);
      }
      if (/[^|]\|[^|]/.test(run.args)) expect(hasPipefail, `pipe without pipefail: ${run.args}`).toBe(true);
    }
  });

  it('DF-07: no ARG or ENV is named like a secret', () => {
    const names = dockerfile.filter((i) => i.keyword === 'ARG' || i.keyword === 'ENV').flatMap(declaredNames);
    expect(names.length).toBeGreaterThan(0);
    for (const n of names) expect(n).not.toMatch(/SECRET|TOKEN|PASSWORD|PASSWD|KEY|CREDENTIAL/i);
  });

  it('DF-07: .dockerignore keeps node_modules, .git, dist and local .env files out of the context, but not .env.example', () => {
    const ignore = readFileSync(path.join(disk, '.dockerignore'), 'utf-8');
    const excluded = [
      'node_modules/fastify/package.json',
      `${root}/node_modules/x/index.js`,
      '.git/HEAD',
      '.env',
      '.env.local',
      `${root}/.env`,
      `${root}/.env.production`,
      `dist/${root}/main.js`,
      'coverage/lcov.info',
      '.nx/workspace-data/project-graph.json',
      'tmp/x',
    ];
    const included = ['package.json', 'package-lock.json', '.env.example', `${root}/.env.example`, `${root}/src/main.ts`, DOCKERFILE, 'tsconfig.base.json'];
    for (const f of excluded) expect(dockerIgnores(ignore, f), f).toBe(true);
    for (const f of included) expect(dockerIgnores(ignore, f), f).toBe(false);
  });

  it('DF-07: the .dockerignore block is merged: user lines kept, the block refreshed in place, a second run identical', async () => {
    const t = createTreeWithEmptyWorkspace();
    addShop(t);
    t.write('.dockerignore', '# ours\n*.md\n!README.md\n');
    await dockerGenerator(t, { project: name, skipFormat: true });
    const first = t.read('.dockerignore', 'utf-8')!;
    // The block goes first, so the team's lines after it still win.
    expect(first.startsWith(DOCKERIGNORE_BLOCK_START)).toBe(true);
    expect(first.endsWith('# ours\n*.md\n!README.md\n')).toBe(true);
    await dockerGenerator(t, { project: name, skipFormat: true });
    expect(t.read('.dockerignore', 'utf-8')).toBe(first);

    // A stale block (another version of ready) is replaced where it stands; lines around it stay.
    t.write('.dockerignore', `# top\n${DOCKERIGNORE_BLOCK_START}\nold-line\n${DOCKERIGNORE_BLOCK_END}\n# bottom\n`);
    await dockerGenerator(t, { project: name, skipFormat: true });
    const merged = t.read('.dockerignore', 'utf-8')!;
    expect(merged).not.toContain('old-line');
    expect(merged.startsWith('# top\n')).toBe(true);
    expect(merged.endsWith('# bottom\n')).toBe(true);
    expect(merged.split(DOCKERIGNORE_BLOCK_START)).toHaveLength(2);
  });

  it('compose: one healthy, pinned container per declared postgres/redis dependency, wired to its URL variable', () => {
    const compose = parseYaml(readFileSync(path.join(disk, COMPOSE), 'utf-8'));
    const model = parseConfigYaml(E2E_CONFIG);
    const services = compose.services as Record<string, Record<string, any>>;
    expect(Object.keys(services).sort()).toEqual([name, ...model.dependencies.map((d) => d.name)].sort());
    const app = services[name];
    const envNames = new Set(serviceEnvVars(model).map((v) => v.name));
    for (const dep of model.dependencies) {
      const svc = services[dep.name];
      expect(svc.image).toMatch(/^[a-z0-9./-]+:\d[\w.-]*$/);
      expect(svc.image).toContain(dep.kind === 'postgres' ? 'postgres:' : 'redis:');
      expect(svc.healthcheck.test[0]).toMatch(/^CMD(-SHELL)?$/);
      expect(app.depends_on[dep.name]).toEqual({ condition: 'service_healthy' });
      // The URL variable is the one the env schema declares, and points at the dependency's container.
      expect(envNames.has(dep.envVar)).toBe(true);
      expect(new URL(app.environment[dep.envVar]).hostname).toBe(dep.name);
    }
    expect(app.environment.PORT).toBe(String(model.http.port));
    expect(app.environment.HOST).toBe('0.0.0.0');
    expect(app.healthcheck.test.join(' ')).toContain(`/health/ready`);
  });

  it('compose: the app is built from the generated Dockerfile with the workspace root as context', () => {
    const compose = parseYaml(readFileSync(path.join(disk, COMPOSE), 'utf-8'));
    const build = compose.services[name].build;
    const context = path.resolve(disk, root, build.context);
    expect(context).toBe(disk);
    expect(statSync(path.join(context, build.dockerfile)).isFile()).toBe(true);
    expect(path.join(context, build.dockerfile)).toBe(path.join(disk, DOCKERFILE));
    expect(compose.services[name].image).toBe('ghcr.io/example-org/shop:local');
  });

  it('compose: secrets come from the env_file; credentials in URLs are interpolated, never written inline', () => {
    const text = readFileSync(path.join(disk, COMPOSE), 'utf-8');
    const compose = parseYaml(text);
    const model = parseConfigYaml(E2E_CONFIG);
    const app = compose.services[name];
    expect(app.env_file).toEqual(['.env']);
    const secrets = serviceEnvVars(model).filter((v) => v.secret);
    expect(secrets.length).toBeGreaterThan(0);
    for (const spec of secrets) {
      const value = app.environment[spec.name] as string | undefined;
      if (value === undefined) continue;
      const url = new URL(value.replace(/\$\{[^}]+\}/g, 'INTERPOLATED'));
      if (url.password) expect(url.password).toBe('INTERPOLATED');
    }
    // Every password-like setting of any container is an interpolation from .env.
    for (const svc of Object.values(compose.services as Record<string, { environment?: Record<string, string> }>)) {
      for (const [key, value] of Object.entries(svc.environment ?? {})) {
        if (/PASS|SECRET|TOKEN|KEY/.test(key)) expect(value, key).toMatch(/^\$\{[A-Z0-9_]+:\?[^}]+\}$/);
      }
    }
    // The local password of postgres is the one the app's URL uses.
    const pg = compose.services['orders-db'].environment.POSTGRES_PASSWORD as string;
    const pgVar = /^\$\{([A-Z0-9_]+):\?/.exec(pg)![1];
    expect(app.environment.ORDERS_DB_URL).toContain(`:\${${pgVar}}@`);
  });

  it('compose: every container image has a pinned, non-latest tag', () => {
    const compose = parseYaml(readFileSync(path.join(disk, COMPOSE), 'utf-8'));
    for (const [svc, spec] of Object.entries(compose.services as Record<string, { image: string }>)) {
      expect(spec.image, svc).toMatch(/:[^:/]+$/);
      expect(spec.image, svc).not.toMatch(/:latest$/);
    }
  });

  it('docker-build target: builds <image>:local from the workspace root with the generated Dockerfile', () => {
    const target = readProjectConfiguration(tree, name).targets!['docker-build'];
    expect(target.executor).toBe('nx:run-commands');
    expect(target.options.command).toBe(`docker build -f ${DOCKERFILE} -t ghcr.io/example-org/shop:local .`);
    expect(target.options.cwd).toBeUndefined();
  });

  it('marks derived files as generated with the command that regenerates them', () => {
    for (const file of [DOCKERFILE, COMPOSE]) {
      expect(readFileSync(path.join(disk, file), 'utf-8').split('\n')[0]).toBe(
        "# Generated by ready from ready.yaml — do not edit; regenerate with `npx nx sync`",
      );
    }
  });
});

describe('ready:add-docker: config-driven output', () => {
  it('a package installed from a file inside the workspace (file:./tools/x.tgz) is copied before each npm ci; one outside is not', async () => {
    const tree = createTreeWithEmptyWorkspace();
    addShop(tree);
    // The CLI writes the tarball after generating, so only the spec can tell the file is the workspace's.
    const pkg = readJson(tree, 'package.json');
    tree.write('package.json', JSON.stringify({ ...pkg, devDependencies: { ...pkg.devDependencies, ready: 'file:./tools/ready-tools-ready-0.1.0.tgz', other: 'file:../elsewhere/x.tgz' } }));
    await dockerGenerator(tree, { project: name });
    const steps = parseDockerfile(tree.read(DOCKERFILE, 'utf-8')!);
    const installs = steps.filter((i) => i.keyword === 'RUN' && i.args.startsWith('npm ci'));
    expect(installs).toHaveLength(2);
    for (const install of installs) {
      const before = steps.slice(0, steps.indexOf(install)).filter((i) => i.stage === install.stage && i.keyword === 'COPY');
      expect(before.map((i) => i.args)).toEqual(['package.json package-lock.json ./', 'tools/ready-tools-ready-0.1.0.tgz ./tools/ready-tools-ready-0.1.0.tgz']);
    }
  });

  it('compose has one container per dependency of each local kind, none for http/custom, and Prometheus when rules exist', async () => {
    const tree = createTreeWithEmptyWorkspace();
    addShop(
      tree,
      `apiVersion: ready/v1
service: { name: ${name} }
dependencies:
  - { name: orders-db, kind: postgres }
  - { name: audit-db, kind: postgres }
  - { name: cache, kind: redis }
  - { name: events, kind: rabbitmq }
  - { name: catalog, kind: mongodb }
  - { name: stream, kind: kafka }
  - { name: payments-api, kind: http }
  - { name: legacy, kind: custom }
`,
    );
    tree.write(`${root}/deploy/prometheus/rules.yaml`, 'groups: []\n');
    await dockerGenerator(tree, { project: name, skipFormat: true });
    const disk = writeTreeToDisk(tree);
    const compose = parseYaml(readFileSync(path.join(disk, COMPOSE), 'utf-8'));
    const services = compose.services as Record<string, Record<string, any>>;
    expect(Object.keys(services).sort()).toEqual([name, 'orders-db', 'audit-db', 'cache', 'events', 'catalog', 'stream', 'prometheus'].sort());
    const images = Object.fromEntries(Object.entries(services).map(([k, v]) => [k, String(v.image).split(':')[0]]));
    expect(images).toMatchObject({ 'orders-db': 'postgres', 'audit-db': 'postgres', cache: 'redis', events: 'rabbitmq', catalog: 'mongo', stream: 'apache/kafka' });
    for (const [svc, spec] of Object.entries(services)) expect(spec.healthcheck?.test?.length, svc).toBeGreaterThan(1);
    // Two dependencies of one kind cannot both take the kind's host port.
    const hostPorts = Object.values(services).flatMap((s) => (s.ports ?? []) as string[]);
    expect(new Set(hostPorts).size).toBe(hostPorts.length);
    // http/custom URLs stay whatever the developer's .env says.
    expect(services[name].environment.PAYMENTS_API_URL).toBeUndefined();
    expect(services[name].environment.LEGACY_URL).toBeUndefined();
    expect(new URL(services[name].environment.STREAM_URL).hostname).toBe('stream');

    // Prometheus scrapes the app under the job name the alert rules select on, with the generated rules mounted.
    const prom = services.prometheus;
    const promConfig = parseYaml(compose.configs.prometheus.content);
    expect(promConfig.scrape_configs[0].job_name).toBe(name);
    expect(promConfig.scrape_configs[0].static_configs[0].targets).toEqual([`${name}:3000`]);
    const mount = prom.volumes[0];
    expect(statSync(path.resolve(disk, root, mount.source)).isFile()).toBe(true);
    expect(promConfig.rule_files).toContain(mount.target);
    expect(prom.configs[0]).toEqual({ source: 'prometheus', target: '/etc/prometheus/prometheus.yml' });
  });

  it('compose leaves Prometheus out when the service has no generated rules', async () => {
    const tree = createTreeWithEmptyWorkspace();
    addShop(tree);
    await dockerGenerator(tree, { project: name, skipFormat: true });
    const compose = parseYaml(tree.read(COMPOSE, 'utf-8')!);
    expect(compose.services.prometheus).toBeUndefined();
    expect(compose.configs).toBeUndefined();
  });

  it('compose YAML quotes words older parsers read as booleans', async () => {
    const tree = createTreeWithEmptyWorkspace();
    addShop(tree);
    await dockerGenerator(tree, { project: name, skipFormat: true });
    const doc = parseDocument(tree.read(COMPOSE, 'utf-8')!, { version: '1.1' });
    expect(doc.errors).toEqual([]);
    expect(doc.toJS().services.cache.command).toContain('no');
  });

  it('uses the build target outputPath of an app that is not a ready:service', async () => {
    const tree = createTreeWithEmptyWorkspace();
    addProjectConfiguration(tree, 'api', {
      root: 'apps/api',
      targets: { build: { executor: '@nx/esbuild:esbuild', options: { outputPath: 'dist/apps/api-bundle', main: 'apps/api/src/main.ts' } } },
    });
    await dockerGenerator(tree, { project: 'api', skipFormat: true });
    const text = tree.read('apps/api/Dockerfile', 'utf-8')!;
    const cmd = parseDockerfile(text).find((i) => i.keyword === 'CMD')!;
    expect(JSON.parse(cmd.args)).toEqual(['node', 'dist/apps/api-bundle/main.js']);
    expect(text).toContain('COPY --from=build /workspace/dist/apps/api-bundle ./dist/apps/api-bundle');
    expect(text.split('\n')[0]).toContain('npx nx g ready:add-docker --project=api');
    // A default ready.yaml was written for the team to edit.
    expect(tree.exists('apps/api/ready.yaml')).toBe(true);
  });
});

describe("ready:add-docker next to the team's own compose file", () => {
  it('keeps their docker-compose.yml, writes no docker-compose.yaml beside it, says so, and is idempotent', async () => {
    const tree = createTreeWithEmptyWorkspace();
    addProjectConfiguration(tree, 'api', { root: 'apps/api', targets: {} });
    tree.write('apps/api/docker-compose.yml', 'services:\n  db:\n    image: postgres:16\n');
    const warn = vi.spyOn(logger, 'warn').mockImplementation(() => undefined);
    await dockerGenerator(tree, { project: 'api', skipFormat: true });
    expect(tree.exists('apps/api/docker-compose.yaml')).toBe(false);
    expect(tree.read('apps/api/docker-compose.yml', 'utf-8')).toBe('services:\n  db:\n    image: postgres:16\n');
    expect(warn.mock.calls.flat().join('\n')).toContain('kept your apps/api/docker-compose.yml; no apps/api/docker-compose.yaml is written beside it');
    expect(tree.exists('apps/api/Dockerfile')).toBe(true);
    const before = snapshot(tree);
    await dockerGenerator(tree, { project: 'api', skipFormat: true });
    expect(snapshot(tree)).toEqual(before);
    warn.mockRestore();
  });
});

describe("ready:add-docker runs the app's own entry", () => {
  const cases: [string, Record<string, unknown>, string][] = [
    ['esbuild bundles src/server.ts to server.js', { executor: '@nx/esbuild:esbuild', options: { outputPath: 'dist/apps/api', main: 'apps/api/src/server.ts' } }, 'dist/apps/api/server.js'],
    ["esbuild's outputFileName", { executor: '@nx/esbuild:esbuild', options: { outputPath: 'dist/apps/api', main: 'apps/api/src/server.ts', outputFileName: 'index.cjs' } }, 'dist/apps/api/index.cjs'],
    ['@nx/js:tsc keeps the source tree', { executor: '@nx/js:tsc', options: { outputPath: 'dist/apps/api', main: 'apps/api/src/server.ts' } }, 'dist/apps/api/src/server.js'],
    ['an ESM main (.mts)', { executor: '@nx/webpack:webpack', options: { outputPath: 'dist/apps/api', main: '{projectRoot}/src/main.mts' } }, 'dist/apps/api/main.mjs'],
  ];
  for (const [what, build, entry] of cases) {
    it(what, async () => {
      const tree = createTreeWithEmptyWorkspace();
      addProjectConfiguration(tree, 'api', { root: 'apps/api', targets: { build } });
      await dockerGenerator(tree, { project: 'api', skipFormat: true });
      const cmd = parseDockerfile(tree.read('apps/api/Dockerfile', 'utf-8')!).find((i) => i.keyword === 'CMD')!;
      expect(JSON.parse(cmd.args)).toEqual(['node', entry]);
    });
  }
});

describe('ready:add-docker: safe to run again', () => {
  let tree: Tree;
  beforeEach(() => {
    tree = createTreeWithEmptyWorkspace();
    addShop(tree);
  });

  it('a second run is byte-identical', async () => {
    await dockerGenerator(tree, { project: name });
    const first = snapshot(tree);
    await dockerGenerator(tree, { project: name });
    expect(changedFiles(first, snapshot(tree))).toEqual([]);
  });

  it('adds the docker-build target once and never replaces the team’s own', async () => {
    await dockerGenerator(tree, { project: name, skipFormat: true });
    await dockerGenerator(tree, { project: name, skipFormat: true });
    expect(Object.keys(readProjectConfiguration(tree, name).targets!).filter((t) => t === 'docker-build')).toHaveLength(1);

    const t = createTreeWithEmptyWorkspace();
    addShop(t);
    const project = readProjectConfiguration(t, name);
    const own = { executor: 'nx:run-commands', options: { command: 'make image' } };
    updateProjectConfiguration(t, name, { ...project, targets: { ...project.targets, 'docker-build': own } });
    await dockerGenerator(t, { project: name, skipFormat: true });
    expect(readProjectConfiguration(t, name).targets!['docker-build']).toEqual(own);
  });

  it('keeps a Dockerfile the team wrote (no generated marker) and warns', async () => {
    const warn = vi.spyOn(logger, 'warn').mockImplementation(() => undefined);
    tree.write(DOCKERFILE, 'FROM node:22-alpine\nCMD ["node", "main.js"]\n');
    await dockerGenerator(tree, { project: name, skipFormat: true });
    expect(tree.read(DOCKERFILE, 'utf-8')).toBe('FROM node:22-alpine\nCMD ["node", "main.js"]\n');
    expect(warn.mock.calls.flat().join('\n')).toContain(DOCKERFILE);
    // The other files are still ready's.
    expect(tree.read(COMPOSE, 'utf-8')).toMatch(/^# Generated by ready/);
    warn.mockRestore();
  });

  it('after a config change, only the files that depend on it change', async () => {
    await dockerGenerator(tree, { project: name, skipFormat: true });
    let before = snapshot(tree);

    // A new environment changes nothing docker renders.
    tree.write(`${root}/ready.yaml`, E2E_CONFIG.replace('    - name: prod\n', '    - name: qa\n    - name: prod\n'));
    before = snapshot(tree);
    await dockerGenerator(tree, { project: name, skipFormat: true });
    expect(changedFiles(before, snapshot(tree))).toEqual([]);

    // A new dependency changes the compose file only.
    tree.write(`${root}/ready.yaml`, E2E_CONFIG.replace('queues:\n', '  - name: events\n    kind: rabbitmq\nqueues:\n'));
    before = snapshot(tree);
    await dockerGenerator(tree, { project: name, skipFormat: true });
    expect(changedFiles(before, snapshot(tree))).toEqual([COMPOSE]);
    expect(parseYaml(tree.read(COMPOSE, 'utf-8')!).services.events.image).toMatch(/^rabbitmq:/);

    // A new port changes the Dockerfile (EXPOSE) and the compose file.
    tree.write(`${root}/ready.yaml`, E2E_CONFIG.replace('port: 3300', 'port: 3400'));
    before = snapshot(tree);
    await dockerGenerator(tree, { project: name, skipFormat: true });
    expect(changedFiles(before, snapshot(tree))).toEqual([DOCKERFILE, COMPOSE].sort());
  });

  it('refuses an invalid ready.yaml naming the field, and writes nothing', async () => {
    tree.write(`${root}/ready.yaml`, E2E_CONFIG.replace('port: 3300', 'port: 0'));
    const before = snapshot(tree);
    await expect(dockerGenerator(tree, { project: name, skipFormat: true })).rejects.toThrow(/http\.port/);
    expect(changedFiles(before, snapshot(tree))).toEqual([]);
  });

  it('--dry-run writes nothing: every change goes through the Tree', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ready-docker-dry-'));
    tempRoots.push(dir);
    writeFileSync(path.join(dir, 'nx.json'), '{}\n');
    writeFileSync(path.join(dir, 'package.json'), '{ "name": "ws", "private": true }\n');
    mkdirSync(path.join(dir, root), { recursive: true });
    writeFileSync(path.join(dir, root, 'project.json'), JSON.stringify({ name, root, targets: {} }, null, 2));
    writeFileSync(path.join(dir, root, 'ready.yaml'), E2E_CONFIG);
    const list = (d: string): string[] =>
      readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? list(path.join(d, e.name)) : [path.join(d, e.name)]));
    const before = list(dir).map((f) => [f, readFileSync(f, 'utf-8')]);
    const fsTree = new FsTree(dir, false);
    await dockerGenerator(fsTree, { project: name, skipFormat: true });
    expect(fsTree.listChanges().map((c) => c.path).sort()).toEqual(['.dockerignore', COMPOSE, DOCKERFILE, `${root}/project.json`].sort());
    expect(list(dir).map((f) => [f, readFileSync(f, 'utf-8')])).toEqual(before);
    expect(readJson(fsTree, `${root}/project.json`).targets['docker-build']).toBeDefined();
  });
});

describe('docs fragment', () => {
  it('renders from the model with real names and no placeholders', () => {
    const model = parseConfigYaml(E2E_CONFIG);
    const dir = docsTemplatesDir('docker');
    const files = readdirSync(dir).filter((f) => f.endsWith('.ejs'));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const out = render(readFileSync(path.join(dir, file), 'utf-8'), { ...model, model, kinds: KIND_SPECS, passwordVariable });
      expect(out).toContain(`${root}/Dockerfile`);
      expect(out).toContain('ghcr.io/example-org/shop:local');
      expect(out).toContain('ORDERS_DB_PASSWORD');
      expect(out).not.toMatch(/TODO|CHANGE_?ME|placeholder|<%|undefined|\[object Object\]/i);
    }
  });
});
