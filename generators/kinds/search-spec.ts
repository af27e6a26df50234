import type { BackupSpec, Dependency, TroubleshootingRow } from './kind-spec';

/**
 * What the elasticsearch and opensearch kinds share: the same REST API lineage (snapshots, cluster health,
 * thread pools, circuit breakers), so the same backup notes and troubleshooting rows, worded per product.
 */
export interface SearchProduct {
  /** "Elasticsearch" or "OpenSearch". */
  title: string;
  /** How scheduled snapshots are configured: SLM on Elasticsearch, Snapshot Management on OpenSearch. */
  schedule: (dep: Dependency) => string;
  /** The `type` of a thread-pool rejection in the error body. */
  rejected: string;
}

export function searchBackup({ title, schedule }: SearchProduct): BackupSpec {
  return {
    holds: () => 'indices (documents and mappings) and cluster state',
    backup: (dep) =>
      `snapshots into a snapshot repository outside the cluster (S3, GCS or Azure, registered with \`PUT _snapshot/REPO\`; managed services take automated ones), ${schedule(dep)}, kept 14 days. Ad hoc, against \`${dep.envVar}\`: \`PUT _snapshot/REPO/${dep.name}-$(date +%F)?wait_for_completion=true\`. Indices rebuilt from another source of truth can be reindexed instead.`,
    restore: (dep) =>
      `register the same repository (\`"readonly": true\`) on a new ${title} cluster of the same major version, \`POST _snapshot/REPO/SNAPSHOT/_restore\` with the service's indices and \`"include_global_state": false\`, wait for \`GET _cluster/health?wait_for_status=green\`, then switch \`${dep.envVar}\`.`,
  };
}

export function searchTroubleshooting({ title, rejected }: SearchProduct, dep: Dependency, { job }: { job: string }): TroubleshootingRow[] {
  const sel = `job="${job}",dependency="${dep.name}"`;
  return [
    {
      symptom: 'Some searches or writes fail with 503 (no_shard_available_action_exception, unavailable_shards_exception) while readiness stays up',
      causes: `cluster health red: primary shards unassigned (a node lost, the disk flood-stage watermark made indices read-only); yellow (replicas unassigned) only loses redundancy. The health check counts a red ${title} cluster that answers as up, so pods stay in rotation for the indices that work`,
      promql: `sum by (outcome) (rate(dependency_requests_total{${sel}}[5m]))`,
      fix: '`GET _cluster/health?level=indices`, `GET _cluster/allocation/explain`; free disk or add a node, then `PUT INDEX/_settings {"index.blocks.read_only_allow_delete": null}`; restore lost indices from a snapshot',
    },
    {
      symptom: `Calls fail with 429 ${rejected} and are retried`,
      causes: 'a search or write thread-pool queue is full: too many concurrent requests or large bulk requests for the nodes, hot shards, garbage collection stalls',
      promql: `rate(dependency_retries_total{${sel}}[5m])`,
      fix: '`GET _cat/thread_pool/search,write?v&h=node_name,name,active,queue,rejected`; lower the concurrency or bulk size of the service, spread shards, add nodes; never just raise the queue size',
    },
    {
      symptom: 'Calls fail with 429 circuit_breaking_exception ([parent] Data too large)',
      causes: 'JVM heap pressure: large aggregations, fielddata on text fields, deep pagination (from + size), big bulk requests, or a heap too small for the data',
      promql: `sum(rate(dependency_requests_total{${sel},outcome="error"}[5m]))`,
      fix: '`GET _nodes/stats/breaker`; narrow aggregations, aggregate on keyword fields, paginate with search_after, split bulk requests; raise the heap (at most half the RAM, below 32 GB)',
    },
  ];
}
