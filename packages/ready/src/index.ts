// Public API of the plugin: the config model and the generators, for the CLI and for programmatic use.
export * from '@ready-tools/config';
export { serviceGenerator } from '../../../generators/service/generator';
export { presetGenerator } from '../../../generators/preset/generator';
// The service's environment variables (the env schema and .env.example come from it): the CLI writes a local .env from it.
export { serviceEnvVars } from '../../../generators/features';
export { observabilityGenerator } from '../../../generators/observability/generator';
export { initGenerator } from '../../../generators/init/generator';
