export interface CiGeneratorSchema {
  project: string;
  skipFormat?: boolean;
}
