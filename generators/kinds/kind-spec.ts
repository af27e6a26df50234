import type { ReadyModel } from '@ready-tools/config';

export type Dependency = ReadyModel['dependencies'][number];
export type DependencyKind = Dependency['kind'];

/** The alerts a dependency of a kind gets (generators/alerts/lib/alerts/dependencies.ts builds each). */
export type DependencyAlert =
  /** circuit_breaker_state is open (every kind). */
  | 'circuit-breaker'
  /** db_pool_connections{state="waiting"} above zero (kinds whose client pools connections). */
  | 'pool-exhausted'
  /** llm_requests_total failure ratio (http dependencies marked `llm`). */
  | 'llm-failures';

/** What the local compose container of one dependency is given: names derived from the dependency. */
export interface LocalContainerInput {
  dep: Dependency;
  /** The dependency name as a database/user name: `orders-db` → `orders_db`. */
  db: string;
  /** `ORDERS_DB_PASSWORD`, read by compose from the service's .env (only for kinds with `password: true`). */
  password: string;
  /** `${ORDERS_DB_PASSWORD:?set ORDERS_DB_PASSWORD in apps/shop/.env}`: compose refuses to start without it. */
  requiredPassword: string;
}

/** A compose service for one dependency, and the URL the app uses to reach it inside the compose network. */
export interface LocalContainer {
  service: Record<string, unknown> & { healthcheck: { test: string[] } };
  url: string;
}

/** The local docker-compose container of a kind (generators/docker). */
export interface ContainerSpec {
  /** Pinned to an exact release so every developer runs the same thing; Dependabot does not read compose files. */
  image: string;
  /** Published on 127.0.0.1 for the first dependency of the kind (the port of the local .env URL). */
  hostPort: number;
  /** The container reads `<DEP>_PASSWORD` from the service's .env. */
  password: boolean;
  /** The compose service (the image is put first by the docker generator) and the URL inside the compose network. */
  build(input: LocalContainerInput): LocalContainer;
}

/** BACKUP_RECOVERY.md notes of a stateful kind. `queues` says whether the service declares queues. */
export interface BackupSpec {
  /** "What holds state" column. */
  holds(ctx: { queues: boolean }): string;
  /** The RPO does not apply: the data rebuilds itself (a cache without queue jobs). */
  noRpo?(ctx: { queues: boolean }): boolean;
  backup(dep: Dependency, ctx: { queues: boolean }): string;
  restore(dep: Dependency, ctx: { queues: boolean }): string;
}

/** One extra row of a dependency's TROUBLESHOOTING.md table. */
export interface TroubleshootingRow {
  symptom: string;
  causes: string;
  /** A PromQL query (rendered in backticks). */
  promql: string;
  fix: string;
}

/** Schema migrations of a kind, applied by `nx run <project>:migrate` from migrations/<dependency>/ (generators/resilience). */
export interface MigrationsSpec {
  /** The tool that applies them, e.g. "node-pg-migrate". */
  tool: string;
  /** The table in which the tool records the migrations applied to a dependency's database. */
  table(dep: Dependency): string;
  /**
   * The shell command of the migrate target that applies the migrations in `migrationsDir` to the database of
   * `dep.envVar`. nx appends the target's arguments to it: an action ("up" by default; `-- down`, `-- create <name>`).
   */
  command(dep: Dependency, migrationsDir: string): string;
  /**
   * The first migration scaffolded into an empty migrations folder, so the migrate target has something to apply:
   * its file name (a fixed timestamp prefix, so reruns find it) and its EJS template in the kind's files/.
   */
  firstMigration: { file: string; template: string };
}

/** The local database of a kind a developer creates once before the first start (create-ready-service next steps). */
export interface LocalDatabaseSpec {
  /** The shell command that creates database `db` on the local server. */
  create(db: string): string;
  /** Databases a fresh server already has. */
  builtIn: readonly string[];
}

/**
 * Everything ready knows about one kind of dependency, in one place (generators/kinds/<kind>/spec.ts).
 * Generators, docs and the CLI read KIND_SPECS (generators/kinds/index.ts) instead of tables of their own.
 */
export interface KindSpec {
  kind: DependencyKind;
  /** Product name, e.g. "PostgreSQL". */
  title: string;
  /** Where a server of the kind listens by default. */
  defaultPort: number;
  /** TCP port the NetworkPolicy opens for egress to a dependency of the kind (443 for HTTPS APIs). */
  egressPort: number;
  /** URL scheme of `<NAME>_URL`, e.g. "postgres" (https for HTTP APIs). */
  urlScheme: string;
  /** The value of `<NAME>_URL` in the local .env for a server on 127.0.0.1, or undefined when there is no local default. */
  localUrl?(db: string): string;
  /** Runtime and dev packages src/dependencies/<kind>.ts needs (versions from generators/utils/versions.ts). */
  packages: { dependencies: Record<string, string>; devDependencies: Record<string, string> };
  /**
   * How the client sends the API key of `<NAME>_TOKEN` (or `env.token`), e.g. "api-key header", for the kinds of
   * `credentialDependencyKinds` (packages/config/src/dependency-env.ts); their client takes it as a second argument.
   */
  credential?: string;
  /** The client class src/dependencies/<kind>.ts exports. */
  clientClass: string;
  /** File in generators/kinds/<kind>/files/ copied verbatim to src/dependencies/<kind>.ts. */
  clientTemplate: string;
  /** EJS file in generators/kinds/<kind>/files/ rendered once to test/dependencies.<kind>.test.ts, if the kind has one. */
  testTemplate?: string;
  /** The local compose container; none for kinds that are remote APIs. */
  container?: ContainerSpec;
  /** The client keeps a connection pool sized by `pool` and reports db_pool_connections. */
  pooled: boolean;
  /** Its data outlives a pod: it gets a section in BACKUP_RECOVERY.md and a restore drill. */
  stateful: boolean;
  backup?: BackupSpec;
  alerts: readonly DependencyAlert[];
  /** Kind-specific rows of the dependency's TROUBLESHOOTING.md table (after timeouts, before the breaker). */
  troubleshooting(dep: Dependency, ctx: { job: string; index: number }): TroubleshootingRow[];
  /** Offered by `create-ready-service --dependencies` (a custom dependency needs a hand-written check instead). */
  cli: boolean;
  localDatabase?: LocalDatabaseSpec;
  /** Its schema is changed by migrations the service keeps (README, "Database migrations"); none for schemaless kinds. */
  migrations?: MigrationsSpec;
}

/** Compose healthcheck of a dependency container: generous retries, since images start slowly on a cold machine. */
export const healthcheck = (test: string[]) => ({ test, interval: '5s', timeout: '5s', retries: 12, start_period: '10s' });

/** The pool row of the troubleshooting table, for kinds whose client pools connections. */
export function poolTroubleshooting(dep: Dependency, { job, index }: { job: string; index: number }): TroubleshootingRow {
  return {
    symptom: 'Pool exhausted: requests wait, latency climbs with load',
    causes: `pool.max ${dep.pool.max} too small for the load, slow queries holding connections, leaked connections`,
    promql: `max by (state) (db_pool_connections{job="${job}",dependency="${dep.name}"})`,
    fix: `find long-running calls; raise \`dependencies[${index}].pool.max\` within the server's connection limit × replicas`,
  };
}
