export interface SecurityGeneratorSchema {
  project: string;
  skipFormat?: boolean;
  /** Add the packages to package.json without installing them. */
  skipInstall?: boolean;
}
