import { addDependenciesToPackageJson, type GeneratorCallback, type Tree } from '@nx/devkit';
import type { ReadyModel } from '@ready-tools/config';
import { amqplibVersion, cockatielVersion, ioredisVersion, kafkajsVersion, mongodbVersion, nodePgMigrateVersion, pgVersion, typesAmqplibVersion, typesPgVersion, undiciVersion } from '../../utils/versions';

type Kind = ReadyModel['dependencies'][number]['kind'];

/** Runtime packages per dependency kind (cockatiel for every policy, undici for the http client every service has). */
const BY_KIND: Record<Kind, Record<string, string>> = {
  postgres: { pg: pgVersion, 'node-pg-migrate': nodePgMigrateVersion },
  redis: { ioredis: ioredisVersion },
  rabbitmq: { amqplib: amqplibVersion },
  kafka: { kafkajs: kafkajsVersion },
  mongodb: { mongodb: mongodbVersion },
  http: {},
  custom: {},
};
const DEV_BY_KIND: Partial<Record<Kind, Record<string, string>>> = {
  postgres: { '@types/pg': typesPgVersion },
  rabbitmq: { '@types/amqplib': typesAmqplibVersion },
};

/** Packages src/dependencies imports at runtime for the kinds a model declares. */
export function resilienceDependenciesFor(model: ReadyModel): { dependencies: Record<string, string>; devDependencies: Record<string, string> } {
  const kinds = new Set(model.dependencies.map((d) => d.kind));
  const pick = (table: Partial<Record<Kind, Record<string, string>>>) => Object.assign({}, ...[...kinds].map((k) => table[k] ?? {})) as Record<string, string>;
  return { dependencies: { cockatiel: cockatielVersion, undici: undiciVersion, ...pick(BY_KIND) }, devDependencies: pick(DEV_BY_KIND) };
}

/**
 * Every package the feature may import, for ready:service's static list: a client file exists only for
 * declared kinds, so the others are installed but never loaded.
 */
export const resilienceDependencies: Record<string, string> = Object.assign({ cockatiel: cockatielVersion, undici: undiciVersion }, ...Object.values(BY_KIND), ...Object.values(DEV_BY_KIND));

export function addResilienceDependencies(tree: Tree, model: ReadyModel): GeneratorCallback {
  const { dependencies, devDependencies } = resilienceDependenciesFor(model);
  return addDependenciesToPackageJson(tree, dependencies, devDependencies, 'package.json', true);
}
