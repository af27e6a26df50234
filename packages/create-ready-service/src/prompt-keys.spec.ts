import { createRequire } from 'node:module';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { installLineEditingKeys } from './prompt-keys';

const nodeRequire = createRequire(__filename);

/** Type `keys` into a real prompts text prompt (on streams) and resolve to the submitted answer. */
function typeInto(keys: string[], initial = ''): Promise<string> {
  installLineEditingKeys();
  const TextPrompt = nodeRequire('prompts/lib/elements/text') as new (opts: object) => NodeJS.EventEmitter;
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  stdout.resume();
  const prompt = new TextPrompt({ message: 'Service name', initial, stdin, stdout });
  return new Promise((resolve) => {
    prompt.on('submit', (value: string) => resolve(value));
    for (const key of [...keys, '\r']) stdin.write(key);
  });
}

describe('text prompts', () => {
  it('Ctrl-U clears what was typed instead of inserting \\u0015', async () => {
    expect(await typeInto(['w', 'r', 'o', 'n', 'g', '\u0015', 'o', 'k'])).toBe('ok');
  });

  it('Ctrl-W deletes the word before the cursor, Ctrl-K the rest of the line', async () => {
    expect(await typeInto([...'my service', '\u0017', ...'api'])).toBe('my api');
    expect(await typeInto([...'abc', '\u001b[D', '\u001b[D', '\u000b'])).toBe('a');
  });

  it('never inserts another control character', async () => {
    expect(await typeInto(['a', '\u0002', '\u0006', 'b'])).toBe('ab');
  });

  it('still types plain text over the suggested default', async () => {
    expect(await typeInto([...'orders'], 'my-service')).toBe('orders');
  });
});
