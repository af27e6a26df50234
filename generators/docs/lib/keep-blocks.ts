import { keepEnd, keepStart } from './markers';

const BLOCK = /<!-- ready:keep:start ([\w.-]+) -->\n?([\s\S]*?)<!-- ready:keep:end \1 -->/g;

/** The body of every keep block of a document, by name, byte for byte. */
export function extractKeepBlocks(text: string): Map<string, string> {
  const blocks = new Map<string, string>();
  for (const match of text.matchAll(BLOCK)) blocks.set(match[1], match[2]);
  return blocks;
}

/**
 * Put the team's kept text back into a freshly rendered document. A block the template no longer has
 * is not dropped: it is appended at the end, under its own name, so nothing hand-written is lost.
 */
export function mergeKeepBlocks(rendered: string, previous: string | null): string {
  if (previous === null) return rendered;
  const kept = extractKeepBlocks(previous);
  if (kept.size === 0) return rendered;
  const placed = new Set<string>();
  let merged = rendered.replace(BLOCK, (whole, name: string) => {
    if (!kept.has(name)) return whole;
    placed.add(name);
    return `${keepStart(name)}\n${kept.get(name)}${keepEnd(name)}`;
  });
  const orphans = [...kept].filter(([name, body]) => !placed.has(name) && body.trim().length > 0);
  if (orphans.length > 0) {
    merged = merged.replace(/\n*$/, '\n');
    merged += `\n## Kept notes\n\nHand-written blocks whose place in this document no longer exists:\n\n`;
    merged += orphans.map(([name, body]) => `${keepStart(name)}\n${body}${keepEnd(name)}\n`).join('\n');
  }
  return merged;
}
