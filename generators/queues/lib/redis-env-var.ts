import { connectTimeoutOf, type ReadyModel } from '@ready-tools/config';

/** The variable holding the Redis URL of BullMQ queues and caches: the first redis dependency's (the config requires one). */
export function queueRedisEnvVar(model: ReadyModel): string {
  return model.dependencies.find((d) => d.kind === 'redis')?.envVar ?? 'REDIS_URL';
}

/** The variable holding the AMQP URL of rabbitmq queues: the first rabbitmq dependency's, when one is declared. */
export function queueAmqpEnvVar(model: ReadyModel): string | undefined {
  return model.queues.some((q) => q.backend === 'rabbitmq') ? model.dependencies.find((d) => d.kind === 'rabbitmq')?.envVar : undefined;
}

/** Deadlines of a broker connection: opening it (handshake included) and each command or operation. */
export interface BrokerTimeouts {
  connectMs: number;
  commandMs: number;
}

/** The defaults of dependencies[].timeoutMs and connectTimeoutMs, for a model that declares no dependency of the kind. */
const DEFAULT_TIMEOUTS: BrokerTimeouts = { connectMs: 2_000, commandMs: 2_000 };

function timeoutsOf(model: ReadyModel, kind: 'redis' | 'rabbitmq'): BrokerTimeouts {
  const dep = model.dependencies.find((d) => d.kind === kind);
  return dep ? { connectMs: connectTimeoutOf(dep), commandMs: dep.timeoutMs } : DEFAULT_TIMEOUTS;
}

/** Deadlines of the queues' and caches' Redis connections: those of the redis dependency they use. */
export function queueRedisTimeouts(model: ReadyModel): BrokerTimeouts {
  return timeoutsOf(model, 'redis');
}

/** Deadlines of the rabbitmq queues' connections: those of the rabbitmq dependency they use. */
export function queueAmqpTimeouts(model: ReadyModel): BrokerTimeouts {
  return timeoutsOf(model, 'rabbitmq');
}

/** Some queue of the model runs on RabbitMQ (src/queues/rabbitmq.ts and amqplib are needed). */
export function hasRabbitmqQueues(model: ReadyModel): boolean {
  return model.queues.some((q) => q.backend === 'rabbitmq');
}
