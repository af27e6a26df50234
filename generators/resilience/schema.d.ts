export interface ResilienceGeneratorSchema {
  project: string;
  skipFormat?: boolean;
}
