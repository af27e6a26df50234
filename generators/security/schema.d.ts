export interface SecurityGeneratorSchema {
  project: string;
  skipFormat?: boolean;
}
