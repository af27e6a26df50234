import { elasticsearchVersion } from '../../utils/versions';
import { healthcheck, type KindSpec } from '../kind-spec';
import { searchBackup, searchTroubleshooting, type SearchProduct } from '../search-spec';

const product: SearchProduct = {
  title: 'Elasticsearch',
  schedule: (dep) => `taken by a snapshot lifecycle (SLM) policy (\`PUT _slm/policy/${dep.name}-daily\` with a schedule matching the tier's RPO and \`retention.expire_after: 14d\`)`,
  rejected: 'es_rejected_execution_exception',
};

/**
 * Elasticsearch through the official client (@elastic/elasticsearch 9, which sends `compatible-with=9` headers:
 * the server must be 9.x). `<NAME>_URL` is the node URL (http locally, https for managed clusters; userinfo is
 * sent as basic auth), `<NAME>_TOKEN` an API key sent as `Authorization: ApiKey`.
 * The NetworkPolicy opens egress on 9200, the port of an in-cluster deployment (ECK, the Helm chart). A managed
 * endpoint listens on 443 (Elastic Cloud also on 9243): its service needs an egress rule for that port added to
 * the NetworkPolicy by hand, since the port of the URL is only known at runtime.
 */
export const spec: KindSpec = {
  kind: 'elasticsearch',
  title: 'Elasticsearch',
  defaultPort: 9200,
  egressPort: 9200,
  urlScheme: 'http',
  // Security off on the local container (below): no credentials locally.
  localUrl: () => 'http://127.0.0.1:9200',
  packages: { dependencies: { '@elastic/elasticsearch': elasticsearchVersion }, devDependencies: {} },
  credential: 'Authorization: ApiKey header',
  clientClass: 'ElasticsearchClient',
  clientTemplate: 'elasticsearch.ts__tmpl__',
  testTemplate: 'elasticsearch.test.ts__tmpl__',
  container: {
    image: 'docker.elastic.co/elasticsearch/elasticsearch:9.0.0',
    hostPort: 9200,
    password: false,
    build: ({ dep }) => ({
      url: `http://${dep.name}:9200`,
      service: {
        // Settings as ES_SETTING_* variables (dots as _, underscores as __): one node, security off for local
        // development only (the port is published on 127.0.0.1), a heap that fits a laptop.
        environment: { ES_SETTING_DISCOVERY_TYPE: 'single-node', ES_SETTING_XPACK_SECURITY_ENABLED: 'false', ES_JAVA_OPTS: '-Xms512m -Xmx512m' },
        // curl ships in the image; the health call answers 408 (curl -f fails) until the cluster is at least yellow.
        healthcheck: healthcheck(['CMD', 'curl', '-fs', 'http://127.0.0.1:9200/_cluster/health?wait_for_status=yellow&timeout=1s']),
      },
    }),
  },
  pooled: false,
  stateful: true,
  backup: searchBackup(product),
  alerts: ['circuit-breaker'],
  troubleshooting: (dep, ctx) => searchTroubleshooting(product, dep, ctx),
  cli: true,
};
