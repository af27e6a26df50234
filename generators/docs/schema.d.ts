export interface DocsGeneratorSchema {
  project: string;
  skipFormat?: boolean;
}
