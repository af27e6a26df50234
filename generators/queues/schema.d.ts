export interface QueuesGeneratorSchema {
  project: string;
  skipFormat?: boolean;
}
