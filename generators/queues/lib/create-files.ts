import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { joinPathFragments, type Tree } from '@nx/devkit';
import { render } from 'ejs';
import { generatedMarker, writeDerivedTemplates, writeScaffoldTemplates } from '../../utils/derived-files';
import { envSlice, envZodExpression, NODE_ENV_VAR } from '../../utils/env-vars';
import type { FeatureContext } from '../../utils/feature';
import { templatesDir } from '../../utils/paths';
import { addDlqTarget } from './add-dlq-target';
import { queueSliceEnvVars } from './env-vars';
import { hasRabbitmqQueues, queueAmqpEnvVar, queueAmqpTimeouts, queueRedisEnvVar, queueRedisTimeouts } from './redis-env-var';

const str = (value: string) => `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/** What `src/queues/env.ts` (the feature's env slice) is rendered from. */
function queueEnvSlice(model: FeatureContext['model']) {
  return envSlice(queueSliceEnvVars(model, NODE_ENV_VAR), 'Queue', 'Validate the queue variables of an environment (the DLQ CLI, which runs without the service), checks across them included.');
}

export const queuesDir = (projectRoot: string) => joinPathFragments(projectRoot, 'src', 'queues');
export const cacheDir = (projectRoot: string) => joinPathFragments(projectRoot, 'src', 'cache');

/**
 * Render `<projectRoot>/src/queues/` from ready.yaml's queues and `<projectRoot>/src/cache/` from its
 * cache section; nothing when neither is declared. `config.ts` files are derived (rewritten every run);
 * `env.ts` (the queue variables as a zod slice) and `backends.ts` too (it imports the RabbitMQ backend only when a queue uses it, so amqplib is needed only then);
 * the rest, and `test/queue-faults.ts` (the fault proxy of their specs), is scaffold, written once and then owned by the team. The project gets a `dlq` target when it is registered and lacks one.
 */
export function createQueueFiles(tree: Tree, ctx: FeatureContext): void {
  const { model } = ctx;
  const hasRabbit = hasRabbitmqQueues(model);
  const vars = {
    tmpl: '',
    model,
    marker: generatedMarker(ctx.regenerate),
    str,
    hasRabbit,
    redisEnvVar: queueRedisEnvVar(model),
    rabbitEnvVar: queueAmqpEnvVar(model),
    redisTimeouts: queueRedisTimeouts(model),
    amqpTimeouts: queueAmqpTimeouts(model),
    slice: queueEnvSlice(model),
    zod: envZodExpression,
  };
  const source = templatesDir('queues');
  if (model.queues.length > 0) {
    const target = queuesDir(ctx.projectRoot);
    writeScaffoldTemplates(tree, path.join(source, 'queues', 'scaffold'), target, vars);
    if (hasRabbit) writeScaffoldTemplates(tree, path.join(source, 'queues', 'rabbitmq'), target, vars);
    writeDerivedTemplates(tree, path.join(source, 'queues', 'derived'), target, vars);
    addDlqTarget(tree, ctx.projectName, ctx.projectRoot);
  }
  if (model.cache.length > 0) {
    const target = cacheDir(ctx.projectRoot);
    writeScaffoldTemplates(tree, path.join(source, 'cache', 'scaffold'), target, vars);
    writeDerivedTemplates(tree, path.join(source, 'cache', 'derived'), target, vars);
  }
  if (model.queues.length > 0 || model.cache.length > 0) {
    // The TCP fault proxy of the queue and cache specs (silent, refusing and late brokers).
    writeScaffoldTemplates(tree, path.join(source, 'test'), joinPathFragments(ctx.projectRoot, 'test'), vars);
  }
}
