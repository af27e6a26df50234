import { healthcheck, type KindSpec } from '../kind-spec';

/**
 * Qdrant: reached over TCP on port 6333 (http://host:6333). The client checks that the port
 * accepts connections; wrap real calls in `run()` and add the driver's package to `packages` (its version in
 * generators/utils/versions.ts) when the service talks the protocol.
 */
export const spec: KindSpec = {
  kind: 'qdrant',
  title: 'Qdrant',
  defaultPort: 6333,
  egressPort: 6333,
  urlScheme: 'http',
  localUrl: () => 'http://127.0.0.1:6333',
  packages: { dependencies: {}, devDependencies: {} },
  credential: 'api-key header',
  clientClass: 'QdrantClient',
  clientTemplate: 'qdrant.ts__tmpl__',
  testTemplate: 'qdrant.test.ts__tmpl__',
  container: {
    image: 'qdrant/qdrant:v1.15.1',
    hostPort: 6333,
    password: false,
    build: ({ dep }) => ({
      url: `http://${dep.name}:6333`,
      service: { healthcheck: healthcheck(['CMD', 'bash', '-c', ':> /dev/tcp/127.0.0.1/6333']) },
    }),
  },
  pooled: false,
  stateful: true,
  backup: {
    holds: () => 'its data',
    backup: (dep) => `snapshots of Qdrant "${dep.name}" on the schedule of the tier's RPO, kept 14 days.`,
    restore: (dep) => `restore the latest snapshot into a new instance and switch \`${dep.envVar}\`.`,
  },
  alerts: ['circuit-breaker'],
  troubleshooting: () => [],
  cli: true,
};
