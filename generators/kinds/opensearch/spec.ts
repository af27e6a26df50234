import { healthcheck, type KindSpec } from '../kind-spec';

/**
 * OpenSearch: reached over TCP on port 9200 (http://host:9200). The client checks that the port
 * accepts connections; wrap real calls in `run()` and add the driver's package to `packages` (its version in
 * generators/utils/versions.ts) when the service talks the protocol.
 */
export const spec: KindSpec = {
  kind: 'opensearch',
  title: 'OpenSearch',
  defaultPort: 9200,
  egressPort: 9200,
  urlScheme: 'http',
  localUrl: () => 'http://127.0.0.1:9200',
  packages: { dependencies: {}, devDependencies: {} },
  clientClass: 'OpensearchClient',
  clientTemplate: 'opensearch.ts__tmpl__',
  testTemplate: 'opensearch.test.ts__tmpl__',
  container: {
    image: 'opensearchproject/opensearch:2.19.1',
    hostPort: 9200,
    password: false,
    build: ({ dep }) => ({
      url: `http://${dep.name}:9200`,
      service: { healthcheck: healthcheck(['CMD', 'curl', '-fs', 'http://127.0.0.1:9200/_cluster/health']) },
    }),
  },
  pooled: false,
  stateful: true,
  backup: {
    holds: () => 'its data',
    backup: (dep) => `snapshots of OpenSearch "${dep.name}" on the schedule of the tier's RPO, kept 14 days.`,
    restore: (dep) => `restore the latest snapshot into a new instance and switch \`${dep.envVar}\`.`,
  },
  alerts: ['circuit-breaker'],
  troubleshooting: () => [],
  cli: true,
};
