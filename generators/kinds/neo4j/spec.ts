import { healthcheck, type KindSpec } from '../kind-spec';

/**
 * Neo4j: reached over TCP on port 7687 (neo4j://host:7687). The client checks that the port
 * accepts connections; wrap real calls in `run()` and add the driver's package to `packages` (its version in
 * generators/utils/versions.ts) when the service talks the protocol.
 */
export const spec: KindSpec = {
  kind: 'neo4j',
  title: 'Neo4j',
  defaultPort: 7687,
  egressPort: 7687,
  urlScheme: 'neo4j',
  localUrl: () => 'neo4j://127.0.0.1:7687',
  packages: { dependencies: {}, devDependencies: {} },
  clientClass: 'Neo4jClient',
  clientTemplate: 'neo4j.ts__tmpl__',
  testTemplate: 'neo4j.test.ts__tmpl__',
  container: {
    image: 'neo4j:5.26.0',
    hostPort: 7687,
    password: false,
    build: ({ dep }) => ({
      url: `neo4j://${dep.name}:7687`,
      // Local only: no authentication, so the local URL needs no credentials.
      service: { environment: { NEO4J_AUTH: 'none' }, healthcheck: healthcheck(['CMD', 'wget', '-q', '--spider', 'http://127.0.0.1:7474']) },
    }),
  },
  pooled: false,
  stateful: true,
  backup: {
    holds: () => 'nodes, relationships and indexes',
    backup: (dep) =>
      `an online backup per RPO period (\`neo4j-admin database backup\`, Enterprise; on AuraDB its scheduled snapshots), or on Community an offline \`neo4j-admin database dump neo4j --to-path=/backups\` of a stopped instance, kept 14 days (Neo4j "${dep.name}").`,
    restore: (dep) =>
      `\`neo4j-admin database restore\` (or \`neo4j-admin database load neo4j --from-path=/backups --overwrite-destination\` for a dump) into a new instance, check node counts (\`MATCH (n) RETURN count(n)\`), then switch \`${dep.envVar}\`.`,
  },
  alerts: ['circuit-breaker'],
  troubleshooting: () => [],
  cli: true,
};
