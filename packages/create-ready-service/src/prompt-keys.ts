import { createRequire } from 'node:module';

interface TextPromptLike {
  value: string;
  cursor: number;
  red: boolean;
  placeholder: boolean;
  render(): void;
  bell(): void;
  _(c: string, key?: { ctrl?: boolean; name?: string }): void;
}

const CONTROL = /[\u0000-\u001f\u007f]/;
let installed = false;

/**
 * prompts 2.x maps only Ctrl-A/C/D/E/G to actions; every other key, Ctrl-U included, reaches the text
 * prompt's insert handler, which types the raw control character ("\u0015") into the answer. Give the
 * text prompts (text and list questions) the usual line-editing keys, and never insert a control character.
 */
export function installLineEditingKeys(): void {
  if (installed) return;
  installed = true;
  const nodeRequire = createRequire(__filename);
  // prompts loads lib/ on every Node version we support (dist/ is for Node < 8.6).
  const TextPrompt = nodeRequire('prompts/lib/elements/text') as { prototype: TextPromptLike };
  const insert = TextPrompt.prototype._;
  TextPrompt.prototype._ = function (this: TextPromptLike, c, key) {
    const value = this.placeholder ? '' : this.value;
    const cursor = this.placeholder ? 0 : this.cursor;
    if (key?.ctrl && (key.name === 'u' || key.name === 'w' || key.name === 'k')) {
      const before = value.slice(0, cursor);
      const kept = key.name === 'u' ? '' : key.name === 'w' ? before.replace(/\S*\s*$/, '') : before;
      this.value = kept + (key.name === 'k' ? '' : value.slice(cursor));
      this.cursor = kept.length;
      this.red = false;
      this.render();
      return;
    }
    if (CONTROL.test(c)) {
      this.bell();
      return;
    }
    insert.call(this, c, key);
  };
}
