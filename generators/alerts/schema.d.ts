export interface AlertsGeneratorSchema {
  project: string;
  skipFormat?: boolean;
}
