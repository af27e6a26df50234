import type { ReadyModel } from '@ready-tools/config';

type Dependency = ReadyModel['dependencies'][number];

/**
 * Images of the local stack, pinned to an exact release so every developer runs the same thing.
 * Bump them here; Dependabot's docker ecosystem does not read compose files.
 */
export const LOCAL_IMAGES = {
  postgres: 'postgres:17.2-bookworm',
  redis: 'redis:7.4.1-bookworm',
  rabbitmq: 'rabbitmq:4.0.4-management',
  mongodb: 'mongo:8.0.4',
  kafka: 'apache/kafka:3.9.0',
  prometheus: 'prom/prometheus:v3.0.1',
} as const;

/** The port each kind listens on; the first dependency of a kind is also published there on 127.0.0.1. */
export const DEFAULT_PORTS: Record<LocalKind, number> = {
  postgres: 5432,
  redis: 6379,
  rabbitmq: 5672,
  mongodb: 27017,
  kafka: 9092,
};

export type LocalKind = 'postgres' | 'redis' | 'rabbitmq' | 'mongodb' | 'kafka';

/** A compose service for one dependency, and the URL the app uses to reach it inside the compose network. */
export interface LocalContainer {
  service: Record<string, unknown>;
  url: string;
}

export function hasLocalContainer(dep: Dependency): dep is Dependency & { kind: LocalKind } {
  return dep.kind in DEFAULT_PORTS;
}

/** `ORDERS_DB_PASSWORD`: the local password of a dependency, read from the service's .env by compose interpolation. */
export function passwordVariable(dep: Dependency): string {
  return dep.envVar.replace(/_URL$/, '_PASSWORD');
}

const healthcheck = (test: string[]) => ({ test, interval: '5s', timeout: '5s', retries: 12, start_period: '10s' });

/**
 * The container of one dependency. Credentials are never written here: compose reads `<DEP>_PASSWORD`
 * from the .env next to the compose file and refuses to start without it.
 */
export function localContainer(dep: Dependency & { kind: LocalKind }, envFile: string): LocalContainer {
  const db = dep.name.replace(/-/g, '_');
  const password = passwordVariable(dep);
  const required = `\${${password}:?set ${password} in ${envFile}}`;
  switch (dep.kind) {
    case 'postgres':
      return {
        url: `postgres://postgres:\${${password}}@${dep.name}:5432/${db}`,
        service: {
          image: LOCAL_IMAGES.postgres,
          environment: { POSTGRES_USER: 'postgres', POSTGRES_DB: db, POSTGRES_PASSWORD: required },
          healthcheck: healthcheck(['CMD', 'pg_isready', '-U', 'postgres', '-d', db]),
        },
      };
    case 'redis':
      return {
        url: `redis://${dep.name}:6379`,
        service: {
          image: LOCAL_IMAGES.redis,
          command: ['redis-server', '--save', '', '--appendonly', 'no'],
          healthcheck: healthcheck(['CMD', 'redis-cli', 'ping']),
        },
      };
    case 'rabbitmq':
      return {
        url: `amqp://${db}:\${${password}}@${dep.name}:5672`,
        service: {
          image: LOCAL_IMAGES.rabbitmq,
          environment: { RABBITMQ_DEFAULT_USER: db, RABBITMQ_DEFAULT_PASS: required },
          healthcheck: healthcheck(['CMD', 'rabbitmq-diagnostics', '-q', 'ping']),
        },
      };
    case 'mongodb':
      return {
        url: `mongodb://${dep.name}:27017/${db}`,
        service: {
          image: LOCAL_IMAGES.mongodb,
          healthcheck: healthcheck(['CMD', 'mongosh', '--quiet', '--eval', "db.adminCommand('ping').ok"]),
        },
      };
    case 'kafka':
      // Single-node KRaft: one listener for the compose network, one published for host runs.
      return {
        url: `kafka://${dep.name}:19092`,
        service: {
          image: LOCAL_IMAGES.kafka,
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
      };
  }
}
