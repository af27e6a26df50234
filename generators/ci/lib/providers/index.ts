import type { ReadyModel } from '@ready-tools/config';
import { githubProvider } from './github';
import type { CiProvider } from './types';

const PROVIDERS: Record<ReadyModel['ci']['provider'], CiProvider> = {
  github: githubProvider,
};

/** The provider `ci.provider` in ready.yaml names. */
export function ciProviderFor(model: ReadyModel): CiProvider {
  return PROVIDERS[model.ci.provider];
}
