import { kafkajsVersion } from '../../utils/versions';
import { healthcheck, type KindSpec } from '../kind-spec';

export const spec: KindSpec = {
  kind: 'kafka',
  title: 'Kafka',
  defaultPort: 9092,
  egressPort: 9092,
  urlScheme: 'kafka',
  localUrl: () => 'kafka://127.0.0.1:9092',
  packages: { dependencies: { kafkajs: kafkajsVersion }, devDependencies: {} },
  clientClass: 'KafkaClient',
  clientTemplate: 'kafka.ts__tmpl__',
  testTemplate: 'kafka.test.ts__tmpl__',
  container: {
    image: 'apache/kafka:3.9.0',
    hostPort: 9092,
    password: false,
    // Single-node KRaft: one listener for the compose network, one published for host runs.
    build: ({ dep }) => ({
      url: `kafka://${dep.name}:19092`,
      service: {
        environment: {
          KAFKA_NODE_ID: '1',
          KAFKA_PROCESS_ROLES: 'broker,controller',
          KAFKA_LISTENERS: 'INTERNAL://:19092,HOST://:9092,CONTROLLER://:9093',
          KAFKA_ADVERTISED_LISTENERS: `INTERNAL://${dep.name}:19092,HOST://127.0.0.1:9092`,
          KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: 'INTERNAL:PLAINTEXT,HOST:PLAINTEXT,CONTROLLER:PLAINTEXT',
          KAFKA_INTER_BROKER_LISTENER_NAME: 'INTERNAL',
          KAFKA_CONTROLLER_LISTENER_NAMES: 'CONTROLLER',
          KAFKA_CONTROLLER_QUORUM_VOTERS: '1@localhost:9093',
          KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: '1',
          KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: '1',
          KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: '1',
        },
        healthcheck: healthcheck(['CMD', '/opt/kafka/bin/kafka-broker-api-versions.sh', '--bootstrap-server', 'localhost:9092']),
      },
    }),
  },
  pooled: false,
  stateful: true,
  backup: {
    holds: () => 'topic partitions and consumer offsets',
    backup: () => 'replication factor ≥ 3 across zones, and mirror topics to a second cluster (MirrorMaker 2) for disaster recovery.',
    restore: (dep) => `point \`${dep.envVar}\` at the mirror and reset consumer offsets from the mirrored checkpoints.`,
  },
  alerts: ['circuit-breaker'],
  troubleshooting: () => [],
  cli: true,
};
