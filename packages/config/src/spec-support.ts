import { expect } from 'vitest';
import { normalizeConfig, ReadyConfigError } from './index';

/** The smallest valid ready.yaml, as an object. */
export const minimal = { apiVersion: 'ready/v1', service: { name: 'payments' } };

/** The issues of a config the model must refuse (fails the test when it is accepted). */
export function issuesOf(input: unknown) {
  try {
    normalizeConfig(input);
  } catch (e) {
    expect(e).toBeInstanceOf(ReadyConfigError);
    return (e as ReadyConfigError).issues;
  }
  throw new Error('expected the config to be rejected');
}
