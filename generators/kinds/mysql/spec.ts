import { mysql2Version } from '../../utils/versions';
import { healthcheck, poolTroubleshooting, type KindSpec } from '../kind-spec';

/**
 * MySQL and MariaDB through mysql2's pool: the same wire protocol, so one kind serves both (the client
 * picks each server's own statement time limit).
 */
/** The schemas a MySQL or MariaDB server keeps for itself. */
const SYSTEM_SCHEMAS = ['mysql', 'information_schema', 'performance_schema', 'sys'];
/** The service's database: never one of the server's own schemas (a dependency named "mysql" gets mysql_app). */
const appDatabase = (db: string) => (SYSTEM_SCHEMAS.includes(db) ? `${db}_app` : db);

export const spec: KindSpec = {
  kind: 'mysql',
  title: 'MySQL',
  defaultPort: 3306,
  egressPort: 3306,
  urlScheme: 'mysql',
  // A local server's root account over TCP.
  localUrl: (db) => `mysql://root@127.0.0.1:3306/${appDatabase(db)}`,
  packages: { dependencies: { mysql2: mysql2Version }, devDependencies: {} },
  clientClass: 'MysqlClient',
  clientTemplate: 'mysql.ts__tmpl__',
  testTemplate: 'mysql.test.ts__tmpl__',
  container: {
    image: 'mysql:8.4.3',
    hostPort: 3306,
    password: true,
    build: ({ dep, db, password, requiredPassword }) => ({
      url: `mysql://root:\${${password}}@${dep.name}:3306/${appDatabase(db)}`,
      service: {
        environment: { MYSQL_ROOT_PASSWORD: requiredPassword, MYSQL_DATABASE: appDatabase(db) },
        // mysqladmin ping exits 0 once the server answers, with or without valid credentials.
        healthcheck: healthcheck(['CMD', 'mysqladmin', 'ping', '-h', '127.0.0.1', '--silent']),
      },
    }),
  },
  pooled: true,
  stateful: true,
  backup: {
    holds: () => 'tables and binary log',
    backup: (dep) =>
      `binary logging (\`log_bin\`, row format) plus a daily consistent dump (managed service snapshots with point-in-time recovery, or Percona XtraBackup), kept 14 days. Ad hoc, with the host, user and database of \`${dep.envVar}\`: \`mysqldump --single-transaction --routines --triggers --host=HOST --user=USER -p DATABASE > ${dep.name}-$(date +%F).sql\`.`,
    restore: (dep) =>
      `\`mysql --host=RESTORE_HOST --user=USER -p DATABASE < ${dep.name}-DATE.sql\` into a new instance, then replay the binary log up to just before the incident (\`mysqlbinlog --stop-datetime=...\`); then switch \`${dep.envVar}\`.`,
  },
  alerts: ['circuit-breaker', 'pool-exhausted'],
  troubleshooting: (dep, ctx) => [
    poolTroubleshooting(dep, ctx),
    {
      symptom: "Calls fail with ER_CON_COUNT_ERROR (Too many connections)",
      causes: `pool.max ${dep.pool.max} × replicas above the server's max_connections, or other clients holding connections`,
      promql: `sum(db_pool_connections{job="${ctx.job}",dependency="${dep.name}",state=~"idle|used"})`,
      fix: `lower \`dependencies[${ctx.index}].pool.max\` or raise max_connections; check \`SHOW PROCESSLIST\` for sleeping connections of other clients`,
    },
  ],
  cli: true,
  localDatabase: { create: (db) => `mysql -h 127.0.0.1 -u root -e 'CREATE DATABASE IF NOT EXISTS ${db}'`, builtIn: SYSTEM_SCHEMAS },
};
