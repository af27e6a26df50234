export interface ServiceGeneratorSchema {
  /** Service name in kebab-case, e.g. payments-api. */
  name: string;
  /** Folder of the app, relative to the workspace root. Defaults to apps/<name>. */
  directory?: string;
  /** Path of an existing ready.yaml to copy into the app and generate from. */
  config?: string;
  /** One-line description; written to ready.yaml when it is created. */
  description?: string;
  /** Owning team; written to ready.yaml when it is created. */
  owner?: string;
  /** HTTP port; written to ready.yaml when it is created. */
  port?: number;
  /** How callers authenticate; written to ready.yaml when it is created. */
  authMode?: 'jwt' | 'api-key' | 'both' | 'none';
  /** Skip formatting with the workspace's Prettier. */
  skipFormat?: boolean;
  /** Add the packages to package.json without installing them. */
  skipInstall?: boolean;
}
