export interface DockerGeneratorSchema {
  project: string;
  skipFormat?: boolean;
}
