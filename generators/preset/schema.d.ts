export interface PresetGeneratorSchema {
  /** Name of the first service, kebab-case; the app lives in apps/<name>. */
  name: string;
  /** Installed under the alias `ready`; defaults to `npm:@ready-tools/ready@<plugin version>`. */
  readyPackageSpec?: string;
  description?: string;
  owner?: string;
  port?: number;
  authMode?: 'jwt' | 'api-key' | 'both' | 'none';
  packageManager?: 'npm' | 'pnpm' | 'yarn';
  skipFormat?: boolean;
}
