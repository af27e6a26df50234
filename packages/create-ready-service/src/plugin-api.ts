import type * as Ready from '@ready-tools/ready';

/** The part of the plugin's public API the CLI uses. Loaded at run time (see plugin-source.ts). */
export type ReadyPluginApi = Pick<
  typeof Ready,
  'presetGenerator' | 'parseConfigYaml' | 'normalizeConfig' | 'renderConfigYaml' | 'defaultConfig' | 'ReadyConfigError'
> &
  // Optional: a plugin older than the CLI may not export it (the local .env then lists only the secrets).
  Partial<Pick<typeof Ready, 'serviceEnvVars' | 'initGenerator'>>;
export type ReadyConfigInput = Ready.ReadyConfigInput;
export type ReadyModel = Ready.ReadyModel;

/** True for the plugin's ReadyConfigError, even when it comes from another copy of the module. */
export function isReadyConfigError(error: unknown): error is Error & { issues: { path: string; message: string }[] } {
  return error instanceof Error && error.name === 'ReadyConfigError' && Array.isArray((error as { issues?: unknown }).issues);
}
