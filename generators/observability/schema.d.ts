export interface ObservabilityGeneratorSchema {
  /** Name of the Nx project (the app) to add observability to. */
  project: string;
  /** Skip formatting the changed files with Prettier. */
  skipFormat?: boolean;
  /** Add the packages to package.json without installing them. */
  skipInstall?: boolean;
}
