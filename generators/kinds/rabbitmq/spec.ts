import { amqplibVersion, typesAmqplibVersion } from '../../utils/versions';
import { healthcheck, type KindSpec } from '../kind-spec';

export const spec: KindSpec = {
  kind: 'rabbitmq',
  title: 'RabbitMQ',
  defaultPort: 5672,
  egressPort: 5672,
  urlScheme: 'amqp',
  localUrl: () => 'amqp://guest:guest@127.0.0.1:5672',
  packages: { dependencies: { amqplib: amqplibVersion }, devDependencies: { '@types/amqplib': typesAmqplibVersion } },
  clientClass: 'RabbitMqClient',
  clientTemplate: 'rabbitmq.ts__tmpl__',
  testTemplate: 'rabbitmq.test.ts__tmpl__',
  container: {
    image: 'rabbitmq:4.0.4-management',
    hostPort: 5672,
    password: true,
    build: ({ dep, db, password, requiredPassword }) => ({
      url: `amqp://${db}:\${${password}}@${dep.name}:5672`,
      service: {
        environment: { RABBITMQ_DEFAULT_USER: db, RABBITMQ_DEFAULT_PASS: requiredPassword },
        healthcheck: healthcheck(['CMD', 'rabbitmq-diagnostics', '-q', 'ping']),
      },
    }),
  },
  pooled: false,
  stateful: true,
  backup: {
    holds: () => 'queued messages and definitions',
    backup: () => 'export definitions daily (`rabbitmqadmin export definitions.json`); messages are transient by design: producers must be able to resend.',
    restore: (dep) => `import the definitions into a new cluster (\`rabbitmqadmin import definitions.json\`) and switch \`${dep.envVar}\`.`,
  },
  alerts: ['circuit-breaker'],
  troubleshooting: () => [],
  cli: true,
};
