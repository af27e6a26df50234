import { neo4jDriverVersion } from '../../utils/versions';
import { healthcheck, type KindSpec } from '../kind-spec';

/**
 * Neo4j through the official neo4j-driver over Bolt. Credentials travel in the URL
 * (`neo4j://user:password@host:7687`); the client moves them into the driver's basic auth.
 *
 * Not `pooled`: the driver keeps its own connection pool (one per server of a cluster), but exposes no
 * numbers of it, so db_pool_connections could not be reported without reading its private internals;
 * `pool` is refused for the kind and the driver's own maximum (100 per server) applies.
 */
export const spec: KindSpec = {
  kind: 'neo4j',
  title: 'Neo4j',
  defaultPort: 7687,
  egressPort: 7687,
  urlScheme: 'neo4j',
  // The built-in admin user. Neo4j has no usable default password (a fresh install forces a change of
  // "neo4j"; the container sets the one of <DEP>_PASSWORD, 8 characters at least): "password" stands for it.
  localUrl: () => 'neo4j://neo4j:password@127.0.0.1:7687',
  packages: { dependencies: { 'neo4j-driver': neo4jDriverVersion }, devDependencies: {} },
  clientClass: 'Neo4jClient',
  clientTemplate: 'neo4j.ts__tmpl__',
  testTemplate: 'neo4j.test.ts__tmpl__',
  container: {
    image: 'neo4j:5.26.0',
    hostPort: 7687,
    password: true,
    build: ({ dep, password, requiredPassword }) => ({
      url: `neo4j://neo4j:\${${password}}@${dep.name}:7687`,
      service: {
        // Sets the password of the admin user "neo4j" on first start (Neo4j refuses one shorter than 8 characters).
        environment: { NEO4J_AUTH: `neo4j/${requiredPassword}` },
        // The image ships wget (its Dockerfiles install it); the HTTP connector answers once the DBMS has started.
        // cypher-shell would need the password on the command line and start a JVM every interval.
        healthcheck: healthcheck(['CMD', 'wget', '-q', '--spider', 'http://127.0.0.1:7474']),
      },
    }),
  },
  pooled: false,
  stateful: true,
  backup: {
    holds: () => 'graph store and transaction logs',
    backup: (dep) =>
      `Enterprise or Aura: online full plus differential backups (\`neo4j-admin database backup --from=HOST:6362 --to-path=/backups neo4j\` daily, or Aura's scheduled snapshots), kept 14 days. Community has offline backups only: stop the server (it cannot stop one database), then \`neo4j-admin database dump neo4j --to-path=/backups/${dep.name}-$(date +%F)\` and start it again.`,
    restore: (dep) =>
      `into a new instance, as the neo4j user. Enterprise: \`STOP DATABASE neo4j\` in the system database, \`neo4j-admin database restore --from-path=/backups/neo4j-DATE.backup --overwrite-destination=true neo4j\`, then \`START DATABASE neo4j\`. Community: with the server stopped, \`neo4j-admin database load --from-path=/backups/${dep.name}-DATE --overwrite-destination=true neo4j\` (a dump; since 5.20 also a full backup artifact), then start it. Then switch \`${dep.envVar}\`.`,
  },
  alerts: ['circuit-breaker'],
  troubleshooting: (dep, { job }) => [
    {
      symptom: 'Calls fail with ServiceUnavailable "Could not perform discovery" or SessionExpired',
      causes:
        'the server or cluster is down or electing a leader, the routing table lists addresses the pods cannot reach (server.default_advertised_address), or a neo4j:// URL points at a server without routing (use bolt:// for a single server behind a proxy)',
      promql: `sum by (outcome) (rate(dependency_requests_total{job="${job}",dependency="${dep.name}"}[5m]))`,
      fix: `\`SHOW SERVERS\` and \`SHOW DATABASES\` in the system database; check the advertised addresses resolve from the cluster; for one server behind a load balancer use a bolt:// URL in \`${dep.envVar}\``,
    },
    {
      symptom: 'Calls fail with Neo.ClientError.Transaction.TransactionTimedOut (or TransactionTimedOutClientConfiguration)',
      causes: `a query runs longer than timeoutMs ${dep.timeoutMs} (the client sets it, plus 100 ms, as the transaction timeout), or than the server's db.transaction.timeout; missing indexes, unbounded variable-length paths`,
      promql: `histogram_quantile(0.99, sum by (le) (rate(dependency_request_duration_seconds_bucket{job="${job}",dependency="${dep.name}"}[5m])))`,
      fix: '`PROFILE` the query; add the index or constraint it scans without (`SHOW INDEXES`); bound path lengths; `SHOW TRANSACTIONS` lists running ones and `TERMINATE TRANSACTION` stops one',
    },
  ],
  cli: true,
};
