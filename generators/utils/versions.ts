/**
 * Every dependency version a generated workspace gets, in one place.
 * Node 20 support is a hard constraint: each pin below installs and runs on Node 20.19+.
 */
export const nxVersion = '22.7.9';
export const typescriptVersion = '~5.9.3';
export const vitestVersion = '^4.1.12';
export const typesNodeVersion = '^20.19.0';
export const eslintVersion = '^9.39.0';
export const eslintJsVersion = '^9.39.0';
export const typescriptEslintVersion = '^8.50.0';

export const fastifyVersion = '^5.12.0';
export const fastifyPluginVersion = '^5.1.0';
export const fastifySwaggerVersion = '^9.9.0';
export const promClientVersion = '^15.1.3';
export const zodVersion = '^4.6.0';
/** An existing app on zod 3 keeps its major: 3.25 is the first 3.x that ships the `zod/v4` API ready's code imports. */
export const zodV3Version = '^3.25.76';
export const pinoVersion = '^10.0.0';
/** sdk-node 0.223 and @sentry/node 10 both require @opentelemetry/api >=1.9 <1.10. */
export const otelApiVersion = '~1.9.0';
/** 0.223 is the last OpenTelemetry JS line that supports Node 20. */
export const otelSdkVersion = '0.223.0';
export const sentryVersion = '^10.0.0';
export const vitestCoverageVersion = '^4.1.12';
/** jose 5 ships CommonJS, which the generated services compile to; 6 is ESM-only. */
export const joseVersion = '^5.10.0';
/** helmet computes the security headers; they are static, so the service replays them (see src/security/protection.ts). */
/** Remembers verified JWTs until they expire (src/security/jwt.ts). */
export const lruCacheVersion = '^11.2.0';
export const helmetVersion = '^8.1.0';
export const fastifyCorsVersion = '^11.1.0';
export const fastifyRateLimitVersion = '^11.2.0';
export const fastifyUnderPressureVersion = '^9.0.3';
export const ioredisVersion = '^5.8.2';
/** cockatiel 4 requires Node 22; 3.x is the line for Node 20. */
export const cockatielVersion = '^3.2.1';
/** The http dependency client: an Agent per dependency for connect, headers and body deadlines (7.x supports Node 20.18.1+). */
export const undiciVersion = '^7.30.0';
export const pgVersion = '^8.16.0';
export const typesPgVersion = '^8.15.0';
/** node-pg-migrate runs as a CLI (the migrate target), so its ESM-only build does not matter to the CommonJS service. */
export const nodePgMigrateVersion = '^8.0.4';
export const amqplibVersion = '^0.10.9';
export const typesAmqplibVersion = '^0.10.8';
export const kafkajsVersion = '^2.2.4';
/** mongodb 6.x supports Node 16.20.1+; 7.x would need Node 20.19+. */
export const mongodbVersion = '^6.22.0';
export const mysql2Version = '^3.24.0';
export const qdrantClientVersion = '^1.19.0';
/** neo4j-driver 6 runs on Node 18+ and speaks Bolt 4.4 to 6.x (Neo4j 4.4, 5 and 2025 servers). */
export const neo4jDriverVersion = '^6.3.0';
/** BullMQ 5: queues, retries with backoff, stalled-job recovery; its failed set is each queue's DLQ. */
export const bullmqVersion = '^5.61.0';

/** The generated load-test script (scripts/load-test.mjs). */
export const autocannonVersion = '^9.0.0';

/** The generated verify-alerts script: Prometheus's own PromQL grammar finds every selector; yaml reads the rules file. */
export const lezerPromqlVersion = '^0.315.0';
export const lezerLrVersion = '^1.4.12';
export const lezerHighlightVersion = '^1.2.5';
export const yamlVersion = '^2.9.1';
/** @elastic/elasticsearch 9.4 is the last line for Node 20 (9.5 requires Node 22); a 9.x client speaks to Elasticsearch 9 (compatible-with=9 headers). */
export const elasticsearchVersion = '~9.4.3';
/** @opensearch-project/opensearch 3.x talks to OpenSearch 1.x–3.x and supports Node 14+. */
export const opensearchVersion = '^3.9.0';
