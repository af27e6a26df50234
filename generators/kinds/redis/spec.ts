import { ioredisVersion } from '../../utils/versions';
import { healthcheck, type KindSpec } from '../kind-spec';

export const spec: KindSpec = {
  kind: 'redis',
  title: 'Redis',
  defaultPort: 6379,
  egressPort: 6379,
  urlScheme: 'redis',
  localUrl: () => 'redis://127.0.0.1:6379',
  packages: { dependencies: { ioredis: ioredisVersion }, devDependencies: {} },
  clientClass: 'RedisClient',
  clientTemplate: 'redis.ts__tmpl__',
  container: {
    image: 'redis:7.4.1-bookworm',
    hostPort: 6379,
    password: false,
    build: ({ dep }) => ({
      url: `redis://${dep.name}:6379`,
      service: {
        command: ['redis-server', '--save', '', '--appendonly', 'no'],
        healthcheck: healthcheck(['CMD', 'redis-cli', 'ping']),
      },
    }),
  },
  pooled: false,
  stateful: true,
  backup: {
    holds: ({ queues }) => `keys (cache, rate-limit counters${queues ? ', queue jobs' : ''})`,
    noRpo: ({ queues }) => !queues,
    backup: (_dep, { queues }) =>
      queues
        ? 'AOF (`appendonly yes`, `appendfsync everysec`) plus hourly RDB snapshots, because queue jobs live here.'
        : 'none required: it holds a cache and counters that rebuild themselves; keep RDB snapshots only to warm a cold cache.',
    restore: (dep, { queues }) => `start a Redis from the latest RDB/AOF file and switch \`${dep.envVar}\`${queues ? '; jobs accepted after the snapshot are lost unless their producers retry' : ''}.`,
  },
  alerts: ['circuit-breaker'],
  troubleshooting: () => [],
  cli: true,
};
