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
      service: { healthcheck: healthcheck(['CMD', 'wget', '-q', '--spider', 'http://127.0.0.1:7474']) },
    }),
  },
  pooled: false,
  stateful: true,
  backup: {
    holds: () => 'its data',
    backup: (dep) => `snapshots of Neo4j "${dep.name}" on the schedule of the tier's RPO, kept 14 days.`,
    restore: (dep) => `restore the latest snapshot into a new instance and switch \`${dep.envVar}\`.`,
  },
  alerts: ['circuit-breaker'],
  troubleshooting: () => [],
  cli: true,
};
