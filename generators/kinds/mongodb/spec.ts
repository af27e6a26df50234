import { mongodbVersion } from '../../utils/versions';
import { healthcheck, poolTroubleshooting, type KindSpec } from '../kind-spec';

export const spec: KindSpec = {
  kind: 'mongodb',
  title: 'MongoDB',
  defaultPort: 27017,
  egressPort: 27017,
  urlScheme: 'mongodb',
  localUrl: (db) => `mongodb://127.0.0.1:27017/${db}`,
  packages: { dependencies: { mongodb: mongodbVersion }, devDependencies: {} },
  clientClass: 'MongoDbClient',
  clientTemplate: 'mongodb.ts__tmpl__',
  testTemplate: 'mongodb.test.ts__tmpl__',
  container: {
    image: 'mongo:8.0.4',
    hostPort: 27017,
    password: false,
    build: ({ dep, db }) => ({
      url: `mongodb://${dep.name}:27017/${db}`,
      service: {
        healthcheck: healthcheck(['CMD', 'mongosh', '--quiet', '--eval', "db.adminCommand('ping').ok"]),
      },
    }),
  },
  pooled: true,
  stateful: true,
  backup: {
    holds: () => 'collections and oplog',
    backup: (dep) => `managed snapshots with oplog point-in-time recovery, or \`mongodump --uri="$${dep.envVar}" --archive=${dep.name}-$(date +%F).archive --gzip\` daily.`,
    restore: (dep) => `\`mongorestore --uri="$RESTORE_URL" --archive=${dep.name}-DATE.archive --gzip --drop\`, then switch \`${dep.envVar}\`.`,
  },
  alerts: ['circuit-breaker', 'pool-exhausted'],
  troubleshooting: (dep, ctx) => [poolTroubleshooting(dep, ctx)],
  cli: true,
};
