export interface InitGeneratorSchema {
  project?: string;
  name?: string;
  entry?: string;
  skipInstall?: boolean;
}
