export { readyConfigSchema, dependencySchema, queueSchema, environmentSchema, pooledDependencyKinds, connectTimeoutOf, DEFAULT_CONNECT_TIMEOUT_MS } from './schema';
export type { ReadyConfigInput, ReadyConfigParsed } from './schema';
export { normalizeConfig, parseConfigYaml, defaultConfig, formatIssuePath, ReadyConfigError } from './model';
export type { ReadyModel } from './model';
export { renderConfigYaml } from './render';
export { readyJsonSchema } from './json-schema';
export { renderConfigReference } from './reference';
export { credentialDependencyKinds, dependencyEnvFields, dependencyEnvPrefix } from './dependency-env';
