import { nodePgMigrateVersion, pgVersion, typesPgVersion } from '../../utils/versions';
import { healthcheck, poolTroubleshooting, type Dependency, type KindSpec } from '../kind-spec';

/** One node-pg-migrate table per dependency: `orders-db` → `orders_db_migrations`. */
const migrationsTable = (dep: Dependency) => `${dep.name.replace(/-/g, '_')}_migrations`;

export const spec: KindSpec = {
  kind: 'postgres',
  title: 'PostgreSQL',
  defaultPort: 5432,
  egressPort: 5432,
  urlScheme: 'postgres',
  localUrl: (db) => `postgres://postgres:postgres@127.0.0.1:5432/${db}`,
  packages: { dependencies: { pg: pgVersion, 'node-pg-migrate': nodePgMigrateVersion }, devDependencies: { '@types/pg': typesPgVersion } },
  clientClass: 'PostgresClient',
  clientTemplate: 'postgres.ts__tmpl__',
  container: {
    image: 'postgres:17.2-bookworm',
    hostPort: 5432,
    password: true,
    build: ({ dep, db, password, requiredPassword }) => ({
      url: `postgres://postgres:\${${password}}@${dep.name}:5432/${db}`,
      service: {
        environment: { POSTGRES_USER: 'postgres', POSTGRES_DB: db, POSTGRES_PASSWORD: requiredPassword },
        healthcheck: healthcheck(['CMD', 'pg_isready', '-U', 'postgres', '-d', db]),
      },
    }),
  },
  pooled: true,
  stateful: true,
  backup: {
    holds: () => 'tables and WAL',
    backup: (dep) =>
      `continuous WAL archiving plus a daily base backup (managed service point-in-time recovery, or pgBackRest/WAL-G), kept 14 days. Ad hoc: \`pg_dump --format=custom --dbname="$${dep.envVar}" --file=${dep.name}-$(date +%F).dump\`.`,
    restore: (dep) =>
      `\`pg_restore --clean --if-exists --dbname="$RESTORE_URL" ${dep.name}-DATE.dump\` into a new instance, or point-in-time recovery to just before the incident; then switch \`${dep.envVar}\`.`,
  },
  alerts: ['circuit-breaker', 'pool-exhausted'],
  troubleshooting: (dep, ctx) => [poolTroubleshooting(dep, ctx)],
  cli: true,
  localDatabase: { create: (db) => `createdb -h 127.0.0.1 -U postgres ${db}`, builtIn: ['postgres', 'template0', 'template1'] },
  migrations: {
    tool: 'node-pg-migrate',
    table: migrationsTable,
    firstMigration: { file: '1735689600000_create-items.mjs', template: 'first-migration.mjs.ejs' },
    command: (dep, dir) => `node-pg-migrate --migrations-dir ${dir} --database-url-var ${dep.envVar} --migrations-table ${migrationsTable(dep)} --migration-file-language js --check-order`,
  },
};
