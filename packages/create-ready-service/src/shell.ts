/** A path or word as it must be typed in a POSIX shell: unchanged when safe, else single-quoted. */
export function shellQuote(text: string): string {
  if (/^[A-Za-z0-9_./:@%+=,~-]+$/.test(text) && !text.startsWith('~')) return text;
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** Characters no directory name should hold: they cannot be typed or shown safely. */
export const UNPRINTABLE = /[\u0000-\u001f\u007f]/;
