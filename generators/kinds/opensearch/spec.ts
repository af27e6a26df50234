import { opensearchVersion } from '../../utils/versions';
import { healthcheck, type KindSpec } from '../kind-spec';
import { searchBackup, searchTroubleshooting, type SearchProduct } from '../search-spec';

/** Locally OpenSearch listens on 9201, so a service with an Elasticsearch dependency too can run both containers. */
const LOCAL_PORT = 9201;

const product: SearchProduct = {
  title: 'OpenSearch',
  schedule: (dep) => `taken by a Snapshot Management policy (\`POST _plugins/_sm/policies/${dep.name}-daily\` with a cron schedule matching the tier's RPO and \`deletion.condition.max_age: 14d\`)`,
  rejected: 'rejected_execution_exception',
};

/**
 * OpenSearch through the official client (@opensearch-project/opensearch 3). `<NAME>_URL` is the node URL (http
 * locally, https for managed domains); credentials only as URL userinfo, sent as basic auth (AWS SigV4 is not
 * wired). The NetworkPolicy opens egress on 9200, the port of an in-cluster deployment (the operator, the Helm
 * chart). A managed domain (Amazon OpenSearch Service) listens on 443: its service needs an egress rule for that
 * port added to the NetworkPolicy by hand, since the port of the URL is only known at runtime.
 */
export const spec: KindSpec = {
  kind: 'opensearch',
  title: 'OpenSearch',
  defaultPort: 9200,
  egressPort: 9200,
  urlScheme: 'http',
  // Security plugin off on the local container (below): no credentials locally.
  localUrl: () => `http://127.0.0.1:${LOCAL_PORT}`,
  packages: { dependencies: { '@opensearch-project/opensearch': opensearchVersion }, devDependencies: {} },
  clientClass: 'OpensearchClient',
  clientTemplate: 'opensearch.ts__tmpl__',
  testTemplate: 'opensearch.test.ts__tmpl__',
  container: {
    image: 'opensearchproject/opensearch:2.19.1',
    hostPort: LOCAL_PORT,
    password: false,
    build: ({ dep }) => ({
      url: `http://${dep.name}:${LOCAL_PORT}`,
      service: {
        // The security plugin is off for local development only (the port is published on 127.0.0.1), so no
        // OPENSEARCH_INITIAL_ADMIN_PASSWORD and no demo certificates; a heap that fits a laptop.
        environment: { DISABLE_SECURITY_PLUGIN: 'true', DISABLE_INSTALL_DEMO_CONFIG: 'true', DISABLE_PERFORMANCE_ANALYZER_AGENT_CLI: 'true', OPENSEARCH_JAVA_OPTS: '-Xms512m -Xmx512m' },
        // Settings the entrypoint passes on to OpenSearch as -E options: one node, HTTP on the local port.
        command: ['opensearch', '-Ediscovery.type=single-node', `-Ehttp.port=${LOCAL_PORT}`],
        // curl ships in the image; the health call answers 408 (curl -f fails) until the cluster is at least yellow.
        healthcheck: healthcheck(['CMD', 'curl', '-fs', `http://127.0.0.1:${LOCAL_PORT}/_cluster/health?wait_for_status=yellow&timeout=1s`]),
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
