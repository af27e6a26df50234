import { describe, expect, it } from 'vitest';
import { assertSupportedNx, unsupportedNxMessage } from './nx-version';

describe('the Nx versions ready runs on', () => {
  it('accepts the 22 line from 22.7 on', () => {
    for (const v of ['22.7.0', '22.7.9', '22.8.1', '22.10.0-beta.1']) expect(unsupportedNxMessage(v), v).toBeUndefined();
  });

  it('refuses an older workspace with the nx migrate commands that get it there', () => {
    const message = unsupportedNxMessage('16.10.0');
    expect(message).toBe(
      'ready needs Nx >=22.7.0 <23; this workspace has Nx 16.10.0. Upgrade the workspace first: `npx nx migrate 22`, then `npm install` and `npx nx migrate --run-migrations`.',
    );
    expect(unsupportedNxMessage('22.6.3')).toContain('npx nx migrate 22');
  });

  it('refuses a newer major without telling to migrate down', () => {
    expect(unsupportedNxMessage('23.0.0')).toMatch(/this workspace has Nx 23\.0\.0\. Use a release of ready built for Nx 23/);
  });

  it('throws before a generator runs, and stays quiet when nx cannot be read', () => {
    expect(() => assertSupportedNx(() => '16.10.0')).toThrow(/needs Nx >=22\.7\.0 <23/);
    expect(() => assertSupportedNx(() => undefined)).not.toThrow();
    expect(() => assertSupportedNx()).not.toThrow();
  });
});
