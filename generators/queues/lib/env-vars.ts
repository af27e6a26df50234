import type { ReadyModel } from '@ready-tools/config';
import type { EnvCheckSource, EnvVarSpec } from '../../utils/env-vars';
import { queueAmqpEnvVar, queueRedisEnvVar } from './redis-env-var';

/** The checks across the queue variables (src/queues/env.ts), which the service's env schema runs too. */
export const QUEUE_ENV_CHECKS: EnvCheckSource = { from: '../queues/env', issues: 'queueEnvIssues' };

/** The variables the queues feature reads; none without queues. The Redis URL is the redis dependency's own variable. */
export function queueEnvVars(model: ReadyModel): EnvVarSpec[] {
  if (model.queues.length === 0) return [];
  return [
    {
      name: 'QUEUE_BACKEND',
      checkedBy: QUEUE_ENV_CHECKS,
      type: 'enum',
      values: ['bullmq', 'memory'],
      default: 'bullmq',
      required: false,
      secret: false,
      description:
        'bullmq runs every queue on its configured durable backend (BullMQ on Redis, or RabbitMQ for backend: rabbitmq). memory runs an in-process queue for local runs: not durable (jobs are lost on restart) and refused when NODE_ENV=production.',
    },
    {
      name: 'QUEUE_PREFIX',
      type: 'string',
      pattern: '^[A-Za-z0-9_.:-]{1,64}$',
      patternHint: 'letters, digits and _ . : - (at most 64)',
      default: model.names.kebab,
      required: false,
      secret: false,
      description: 'Prefix of the queue keys in Redis and of the queue and exchange names in RabbitMQ, so services or test runs sharing one Redis never share jobs.',
    },
  ];
}

/**
 * The variables of the queues slice (src/queues/env.ts): the feature's own, NODE_ENV, and the broker URLs of the
 * redis and rabbitmq dependencies the queues use. The dependencies declare those in the service's schema; here they
 * are optional, and the slice's checks require them only when QUEUE_BACKEND=bullmq.
 */
export function queueSliceEnvVars(model: ReadyModel, nodeEnv: EnvVarSpec): EnvVarSpec[] {
  const brokers: EnvVarSpec[] = [];
  if (model.queues.some((q) => q.backend !== 'rabbitmq')) {
    brokers.push({ name: queueRedisEnvVar(model), type: 'url', required: false, secret: true, description: 'Redis of the BullMQ queues (the redis dependency\'s URL).' });
  }
  const amqp = queueAmqpEnvVar(model);
  if (amqp) brokers.push({ name: amqp, type: 'url', required: false, secret: true, description: 'RabbitMQ broker of the rabbitmq queues (the rabbitmq dependency\'s URL).' });
  return [nodeEnv, ...queueEnvVars(model), ...brokers];
}
