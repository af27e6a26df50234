import type { ReadyModel } from '@ready-tools/config';
import type { EnvVarSpec } from '../../utils/env-vars';

/** The variables the queues feature reads; none without queues. The Redis URL is the redis dependency's own variable. */
export function queueEnvVars(model: ReadyModel): EnvVarSpec[] {
  if (model.queues.length === 0) return [];
  return [
    {
      name: 'QUEUE_BACKEND',
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
