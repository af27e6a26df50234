import type { ReadyModel } from '@ready-tools/config';

/** The variable holding the Redis URL of BullMQ queues and caches: the first redis dependency's (the config requires one). */
export function queueRedisEnvVar(model: ReadyModel): string {
  return model.dependencies.find((d) => d.kind === 'redis')?.envVar ?? 'REDIS_URL';
}

/** The variable holding the AMQP URL of rabbitmq queues: the first rabbitmq dependency's, when one is declared. */
export function queueAmqpEnvVar(model: ReadyModel): string | undefined {
  return model.queues.some((q) => q.backend === 'rabbitmq') ? model.dependencies.find((d) => d.kind === 'rabbitmq')?.envVar : undefined;
}

/** Some queue of the model runs on RabbitMQ (src/queues/rabbitmq.ts and amqplib are needed). */
export function hasRabbitmqQueues(model: ReadyModel): boolean {
  return model.queues.some((q) => q.backend === 'rabbitmq');
}
