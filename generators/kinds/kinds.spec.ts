import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { render } from 'ejs';
import { credentialDependencyKinds, parseConfigYaml, pooledDependencyKinds, type ReadyModel } from '@ready-tools/config';
import { describe, expect, it } from 'vitest';
import { dependencyView } from '../resilience/lib/model-view';
import { DEPENDENCY_KINDS, KIND_SPECS, kindFile, type DependencyKind, type KindSpec } from './index';
import { renderKindsAll } from './render-all';

const SCREAMING_SNAKE = /^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/;

/** A model with one dependency of the kind (named after it), for rendering the kind's templates. */
function modelWith(kind: DependencyKind, name = `${kind}-dep`): ReadyModel {
  return parseConfigYaml(`apiVersion: ready/v1
service: { name: probe, description: Conformance, owner: team-a, onCall: "#a", tier: medium }
dependencies:
  - name: ${name}
    kind: ${kind}
`);
}

/** The checks every kind's spec must pass; a kind added by `npm run new:dependency-kind` runs them too. */
export function checkKindSpec(kind: DependencyKind, spec: KindSpec): void {
  expect(spec.kind).toBe(kind);
  expect(spec.title.trim()).not.toBe('');
  for (const port of [spec.defaultPort, spec.egressPort, ...(spec.container ? [spec.container.hostPort] : [])]) {
    expect(Number.isInteger(port) && port >= 1 && port <= 65_535, `${kind}: port ${port}`).toBe(true);
  }
  expect(spec.urlScheme).toMatch(/^[a-z][a-z0-9+.-]*$/);
  expect(spec.clientClass).toMatch(/^[A-Z][A-Za-z0-9]*Client$/);
  for (const [name, version] of Object.entries({ ...spec.packages.dependencies, ...spec.packages.devDependencies })) {
    expect(name, `${kind}: package name`).toMatch(/^(@[a-z0-9-~][a-z0-9-._~]*\/)?[a-z0-9-~][a-z0-9-._~]*$/);
    expect(version, `${kind}: ${name} is pinned by a range of generators/utils/versions.ts`).toMatch(/^[\^~]?\d+\.\d+\.\d+$/);
  }
  expect(spec.alerts, `${kind}: every dependency has a breaker alert`).toContain('circuit-breaker');
  expect(spec.alerts.includes('pool-exhausted'), `${kind}: the pool alert goes with a pool`).toBe(spec.pooled);
  expect(spec.backup !== undefined, `${kind}: a stateful kind has backup notes, only it`).toBe(spec.stateful);
  expect(spec.credential !== undefined, `${kind}: says how it sends an API key exactly when the schema gives it one`).toBe((credentialDependencyKinds as readonly string[]).includes(kind));

  const model = modelWith(kind);
  const dep = model.dependencies[0];
  expect(dep.envVar).toMatch(SCREAMING_SNAKE);

  // The client file is copied verbatim into src/dependencies/<kind>.ts and exports the class the registry imports.
  const client = readFileSync(kindFile(kind, spec.clientTemplate), 'utf-8');
  expect(client).toMatch(new RegExp(`export class ${spec.clientClass}\\b`));
  expect(client, `${kind}: the client file is not EJS`).not.toContain('<%');
  for (const pkg of Object.keys(spec.packages.dependencies)) {
    if (pkg !== 'node-pg-migrate') expect(client, `${kind}: the client imports ${pkg}`).toMatch(new RegExp(`from '${pkg}(/[\\w/-]+)?'`));
  }
  if (spec.testTemplate) {
    expect(existsSync(kindFile(kind, spec.testTemplate))).toBe(true);
    const vars = { tmpl: '', model, marker: '// generated', slowMs: model.observability.slowRequestMs, ...dependencyView(model) };
    const test = render(readFileSync(kindFile(kind, spec.testTemplate), 'utf-8'), vars);
    expect(test).toContain(`from '../src/dependencies/${kind}'`);
    expect(test).toMatch(/\bit\(/);
    expect(test, `${kind}: the test names the declared dependency`).toContain(`'${dep.name}'`);
  }

  // A kind with migrations scaffolds a first one from its own files/, rendered for the declared dependency.
  if (spec.migrations) {
    const first = render(readFileSync(kindFile(kind, spec.migrations.firstMigration.template), 'utf-8'), { dep, dir: `migrations/${dep.name}`, project: 'probe' });
    expect(first.trim().length, `${kind}: the first migration is not empty`).toBeGreaterThan(0);
    expect(first, `${kind}: no EJS left`).not.toContain('<%');
  }

  // A local URL uses the kind's scheme; an https kind's local stub is plain http (nothing local holds a certificate).
  if (spec.localUrl) expect(new URL(spec.localUrl('probe_db')).protocol).toBe(spec.urlScheme === 'https' ? 'http:' : `${spec.urlScheme}:`);
  if (spec.container) {
    expect(spec.container.image, `${kind}: pinned to an exact release`).toMatch(/^[a-z0-9./-]+:v?\d+(\.\d+)+[\w.-]*$/);
    const built = spec.container.build({ dep, db: 'probe_db', password: 'PROBE_PASSWORD', requiredPassword: '${PROBE_PASSWORD:?set it}' });
    expect(built.service.healthcheck.test[0]).toBe('CMD');
    expect(built.service.healthcheck.test.length).toBeGreaterThan(1);
    expect(built.service).not.toHaveProperty('image');
    expect(new URL(built.url).protocol).toBe(`${spec.urlScheme}:`);
    expect(new URL(built.url).hostname, `${kind}: reached by its compose service name`).toBe(dep.name);
    expect(JSON.stringify(built.service).includes('PROBE_PASSWORD'), `${kind}: a container reads a password only when it says so`).toBe(spec.container.password);
    for (const name of Object.keys((built.service.environment as Record<string, string> | undefined) ?? {})) expect(name).toMatch(SCREAMING_SNAKE);
  }
  if (spec.backup) {
    for (const queues of [false, true]) {
      for (const text of [spec.backup.holds({ queues }), spec.backup.backup(dep, { queues }), spec.backup.restore(dep, { queues })]) expect(text.trim()).not.toBe('');
      expect(spec.backup.restore(dep, { queues })).toContain(dep.envVar);
      // BACKUP_RECOVERY.md prints them as bullets after "**Backup:**" / "**Restore:**" and as a table cell.
      for (const text of [spec.backup.backup(dep, { queues }), spec.backup.restore(dep, { queues })]) expect(text, `${kind}: a backup note is a sentence`).toMatch(/\.$/);
      expect(spec.backup.holds({ queues })).not.toMatch(/[.\n]$/);
    }
  }
  for (const row of spec.troubleshooting(dep, { job: 'probe', index: 0 })) {
    for (const text of Object.values(row)) expect(text.trim()).not.toBe('');
    expect(row.promql).toContain(`dependency="${dep.name}"`);
  }
  if (spec.localDatabase) {
    expect(spec.localDatabase.create('probe_db')).toContain('probe_db');
    // The README takes the database to create from the path of the local URL.
    expect(spec.localUrl, `${kind}: a local database is reached by a local URL`).toBeDefined();
    expect(new URL(spec.localUrl?.('probe_db') ?? 'x:').pathname).toBe('/probe_db');
  }
  if (spec.migrations) {
    expect(spec.migrations.tool.trim()).not.toBe('');
    expect(spec.stateful, `${kind}: migrations change data that outlives a pod`).toBe(true);
    const other = modelWith(kind, `${kind}-other`).dependencies[0];
    for (const d of [dep, other]) expect(spec.migrations.table(d), `${kind}: the migrations table is a plain SQL identifier`).toMatch(/^[a-z_][a-z0-9_]*$/);
    expect(spec.migrations.table(dep), `${kind}: each dependency records its migrations in its own table`).not.toBe(spec.migrations.table(other));
    const dir = `apps/probe/migrations/${dep.name}`;
    const command = spec.migrations.command(dep, dir);
    expect(command, `${kind}: the migrate command applies the dependency's own migrations`).toContain(dir);
    expect(command, `${kind}: the migrate command reaches the dependency's database by its URL`).toContain(dep.envVar);
    expect(command, `${kind}: one line (nx appends the action to it)`).not.toMatch(/[\n;&|]/);
  }
}

describe('dependency kind specs', () => {
  it('has exactly one spec per kind of the schema enum', () => {
    expect(Object.keys(KIND_SPECS)).toEqual([...DEPENDENCY_KINDS]);
  });

  it('ships the all.ts that `npm run schema` writes from the enum (run it after changing the enum)', () => {
    expect(readFileSync(path.join(__dirname, 'all.ts'), 'utf-8')).toBe(renderKindsAll(DEPENDENCY_KINDS));
  });

  it.each(DEPENDENCY_KINDS.map((k) => [k]))('%s conforms', (kind) => {
    checkKindSpec(kind, KIND_SPECS[kind]);
  });

  it("agrees with the config package's own list of pooled kinds (it cannot import generators)", () => {
    expect(DEPENDENCY_KINDS.filter((k) => KIND_SPECS[k].pooled)).toEqual([...pooledDependencyKinds]);
  });

  it('documents the migrations the resilience generator writes (node-pg-migrate for postgres, one table per dependency)', () => {
    // generators/resilience/lib/add-migrate-target.ts runs each such dependency's migrations.command in the migrate target.
    expect(DEPENDENCY_KINDS.filter((k) => KIND_SPECS[k].migrations)).toEqual(['postgres']);
    const dep = modelWith('postgres', 'orders-db').dependencies[0];
    expect(KIND_SPECS.postgres.migrations?.tool).toBe('node-pg-migrate');
    expect(KIND_SPECS.postgres.migrations?.table(dep)).toBe('orders_db_migrations');
    expect(KIND_SPECS.postgres.migrations?.command(dep, 'apps/shop/migrations/orders-db')).toBe(
      'node-pg-migrate --migrations-dir apps/shop/migrations/orders-db --database-url-var ORDERS_DB_URL --migrations-table orders_db_migrations --migration-file-language js --check-order',
    );
  });

  it('finds the kind templates from the sources', () => {
    expect(kindFile('postgres', 'postgres.ts__tmpl__')).toBe(path.join(__dirname, 'postgres', 'files', 'postgres.ts__tmpl__'));
  });
});
