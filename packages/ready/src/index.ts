// Public API of the plugin: the config model and the generators, for the CLI and for programmatic use.
export * from '@ready-tools/config';
export { serviceGenerator } from '../../../generators/service/generator';
export { presetGenerator } from '../../../generators/preset/generator';
export { observabilityGenerator } from '../../../generators/observability/generator';
