export interface K8sGeneratorSchema {
  project: string;
  skipFormat?: boolean;
}
