// One line per kind folder; `npm run new:dependency-kind` appends the new kind's line.
// index.ts checks at compile time that every kind of the schema enum is here.
export { spec as postgres } from './postgres/spec';
export { spec as redis } from './redis/spec';
export { spec as rabbitmq } from './rabbitmq/spec';
export { spec as kafka } from './kafka/spec';
export { spec as mongodb } from './mongodb/spec';
export { spec as http } from './http/spec';
export { spec as custom } from './custom/spec';
