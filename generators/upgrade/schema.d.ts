export interface UpgradeGeneratorSchema {
  /** Upgrade only this project (default: every project ready wrote scaffold files into). */
  project?: string;
  /** List what an upgrade would change and write nothing. */
  check?: boolean;
  skipFormat?: boolean;
}
