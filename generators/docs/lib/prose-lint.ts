/**
 * Checks that a rendered Markdown document reads as sentences a person can act on: every interpolation
 * produced a value, no list or join came out empty, and no placeholder leaked. It is what the docs
 * specs run over every document of many configs, so a template that drops a subject ("the current
 * value of shop requests failed…") or joins an empty list ("Runbooks: .") fails a test.
 */

/** One problem: the document line (1-based) and what is wrong, with the offending text. */
export interface ProseProblem {
  line: number;
  problem: string;
  text: string;
}

interface Block {
  line: number;
  kind: 'prose' | 'table' | 'heading' | 'list';
  text: string;
}

/** Anywhere, code included: what a missing value or a stringified object renders as. */
const ANYWHERE: [RegExp, string][] = [
  [/\bundefined\b/, '"undefined" rendered'],
  [/\[object Object\]/, 'an object rendered as [object Object]'],
  [/\bNaN\b/, 'NaN rendered'],
  [/<%|%>/, 'an EJS tag left in the output'],
  [/\{\{/, 'a Prometheus template token left in the output'],
];

/** In prose, with inline code replaced by a token: the shapes empty interpolations and bad joins leave. */
const IN_PROSE: [RegExp, string][] = [
  [/\bnull\b/, '"null" rendered'],
  [/\bthe current value\b/i, '"the current value" stands in for a subject'],
  [/\bthe affected (pod|namespace|job|instance|dependency|queue)\b/i, 'a label put into vague words'],
  [/\S {2,}\S/, 'a double space (an empty interpolation between words)'],
  [/ [.,;:!?](?!\w)/, 'a space before punctuation (an empty interpolation at the end of a clause)'],
  [/\(\s*\)|\[\s*\]/, 'empty parentheses or brackets'],
  [/\s\)|\(\s/, 'a space inside parentheses (an empty interpolation at its edge)'],
  [/\(\s*[,;]|[,;]\s*\)/, 'a list inside parentheses with an empty item'],
  [/,\s*,|;\s*;/, 'an empty item in a list'],
  [/[:;,]\s*[.;,]/, 'punctuation after a colon or comma with nothing between'],
  [/(?<![-\w])(and|or|of|with|for|in|by|from|than|the|a|an)\s*[.;:)]/i, 'a sentence that stops after a conjunction, preposition or article'],
  [/(?<![-\w])(and|or|of|with|for|to|in|by|from|than|the|a|an)$/i, 'a paragraph that ends after a conjunction, preposition or article'],
  [/\b(?!CODE\b)(\w{2,}) \1\b/i, 'a repeated word'],
  [/``/, 'an empty code span'],
  [/\*\*\s*\*\*/, 'empty bold text'],
];

/** Text with fenced code blocks removed (their lines kept blank, so line numbers stay true). */
function withoutFences(lines: string[]): { line: string; inFence: boolean }[] {
  let fence = false;
  return lines.map((line) => {
    if (/^\s*```/.test(line)) {
      fence = !fence;
      return { line: '', inFence: true };
    }
    return { line: fence ? '' : line, inFence: fence };
  });
}

/** Paragraphs joined across hard line breaks; list items, table rows and headings each on their own. */
function blocks(lines: string[]): Block[] {
  const out: Block[] = [];
  let current: Block | undefined;
  lines.forEach((raw, i) => {
    const line = raw.replace(/<!--[\s\S]*?-->/g, '').trimEnd();
    if (line.trim() === '') {
      current = undefined;
      return;
    }
    const start = (kind: Block['kind'], text: string) => {
      current = { line: i + 1, kind, text };
      out.push(current);
    };
    if (/^\s*\|/.test(line)) start('table', line.trim());
    else if (/^#{1,6}(\s|$)/.test(line)) start('heading', line);
    else if (/^\s*([-*+]|\d+\.)(\s|$)/.test(line)) start('list', line.trim());
    else if (current && current.kind !== 'table' && current.kind !== 'heading') current.text += ` ${line.trim()}`;
    else start('prose', line.replace(/^>\s?/, '').trim());
  });
  return out;
}

/** Inline code replaced by a neutral token, so PromQL or shell inside backticks is not read as prose. */
function prose(text: string): string {
  return text.replace(/`[^`]+`/g, 'CODE').replace(/\[([^\]]+)\]\([^)\s]+\)/g, '$1');
}

export function proseProblems(markdown: string): ProseProblem[] {
  const problems: ProseProblem[] = [];
  const lines = markdown.split('\n');
  lines.forEach((line, i) => {
    for (const [pattern, problem] of ANYWHERE) if (pattern.test(line)) problems.push({ line: i + 1, problem, text: line });
  });
  const visible = withoutFences(lines).map((l) => l.line);
  const all = blocks(visible);
  all.forEach((block, index) => {
    const add = (problem: string) => problems.push({ line: block.line, problem, text: block.text });
    if ((block.text.match(/`/g) ?? []).length % 2 === 1) add('an unbalanced backtick');
    if (block.kind === 'heading') {
      if (/^#+\s*$/.test(block.text)) add('an empty heading');
      return;
    }
    if (block.kind === 'list' && /^([-*+]|\d+\.)\s*(\[[ x]\]\s*)?$/.test(block.text)) add('an empty list item');
    if (block.kind === 'table') {
      if (/^\|[\s|:-]+\|$/.test(block.text) && /-/.test(block.text)) return;
      const header = all[index + 1]?.kind === 'table' && /^\|[\s|:-]+\|$/.test(all[index + 1].text);
      const cells = block.text.replace(/\\\|/g, 'PIPE').split('|').slice(1, -1);
      if (header) return;
      if (cells.some((c) => c.trim() === '')) add('an empty table cell');
      for (const cell of cells) checkProse(prose(cell.trim()), add);
      return;
    }
    const text = prose(block.text.replace(/^([-*+]|\d+\.)\s+(\[[ x]\]\s+)?/, ''));
    const open = (text.match(/\(/g) ?? []).length;
    const close = (text.match(/\)/g) ?? []).length;
    if (open !== close) add('unbalanced parentheses');
    checkProse(text, add);
  });
  return problems.sort((a, b) => a.line - b.line);
}

function checkProse(text: string, add: (problem: string) => void): void {
  for (const [pattern, problem] of IN_PROSE) if (pattern.test(text)) add(problem);
}
