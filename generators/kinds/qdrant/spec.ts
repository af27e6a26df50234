import { qdrantClientVersion } from '../../utils/versions';
import { healthcheck, type KindSpec } from '../kind-spec';

/**
 * Qdrant, the vector database, through its official REST client on port 6333 (the gRPC port 6334 is not used).
 * The API key, when the server has one, is `<NAME>_TOKEN`.
 */
export const spec: KindSpec = {
  kind: 'qdrant',
  title: 'Qdrant',
  defaultPort: 6333,
  egressPort: 6333,
  urlScheme: 'http',
  localUrl: () => 'http://127.0.0.1:6333',
  packages: { dependencies: { '@qdrant/js-client-rest': qdrantClientVersion }, devDependencies: {} },
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
      // The image ships neither curl nor wget: bash opens the port itself.
      service: { healthcheck: healthcheck(['CMD', 'bash', '-c', ':> /dev/tcp/127.0.0.1/6333']) },
    }),
  },
  pooled: false,
  stateful: true,
  backup: {
    holds: () => 'collections (vectors and payloads)',
    backup: (dep) =>
      `a snapshot of every collection per RPO period (\`POST /collections/{name}/snapshots\` on each node, or \`POST /snapshots\` for the whole storage), copied off the node to object storage and kept 14 days; on Qdrant Cloud, its scheduled backups. Vectors that can be recomputed from a source of truth may instead be re-indexed: note which in this section for "${dep.name}".`,
    restore: (dep) =>
      `upload the snapshot into a new instance (\`POST /collections/{name}/snapshots/upload?priority=snapshot\`, or start it with \`--snapshot\`), check the point counts (\`GET /collections/{name}\`), then switch \`${dep.envVar}\`.`,
  },
  alerts: ['circuit-breaker'],
  troubleshooting: (dep, ctx) => [
    {
      symptom: 'Searches fail with 404 "Collection ... doesn\'t exist" or 400 "Wrong input: Vector dimension error"',
      causes: 'the collection was not created in this environment, or the embedding model changed its vector size',
      promql: `sum(rate(dependency_requests_total{job="${ctx.job}",dependency="${dep.name}",outcome="error"}[5m]))`,
      fix: 'create the collection with the vector size of the model (`PUT /collections/{name}`); a new model size needs a new collection and a re-index; these 4xx are not retried, and the log line of each failed call names its operation',
    },
  ],
  cli: true,
};
