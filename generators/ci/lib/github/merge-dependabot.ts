import { isMap, isSeq, parseDocument, stringify } from 'yaml';
import type { FeatureContext } from '../../../utils/feature';

export interface DependabotUpdate {
  'package-ecosystem': string;
  directory: string;
  schedule: { interval: string };
  groups: Record<string, { patterns: string[]; 'update-types'?: string[] }>;
}


/** The entries a service needs: the workspace's npm and Actions (shared), and its own Dockerfile. */
export function dependabotUpdates(ctx: FeatureContext): DependabotUpdate[] {
  return [
    {
      'package-ecosystem': 'npm',
      directory: '/',
      schedule: { interval: 'weekly' },
      groups: { 'npm-minor-and-patch': { patterns: ['*'], 'update-types': ['minor', 'patch'] } },
    },
    { 'package-ecosystem': 'github-actions', directory: '/', schedule: { interval: 'weekly' }, groups: { 'github-actions': { patterns: ['*'] } } },
    {
      'package-ecosystem': 'docker',
      directory: `/${ctx.projectRoot}`,
      schedule: { interval: 'weekly' },
      groups: { [`${ctx.model.names.kebab}-docker`]: { patterns: ['*'] } },
    },
  ];
}

const HEADER = [
  '# Dependabot version updates for this workspace, shared by every service.',
  '# ready adds the entries a service needs and leaves every other line as written; edit freely.',
];

export type DependabotMerge = { content: string } | { unchanged: true } | { warning: string };

/**
 * Add the missing entries to `.github/dependabot.yml`. Existing text is kept byte for byte: new
 * entries are inserted as text at the end of the `updates:` list, never by re-serializing the file.
 */
export function mergeDependabotConfig(existing: string | null, wanted: DependabotUpdate[]): DependabotMerge {
  if (existing === null || existing.trim() === '') {
    return { content: `${HEADER.join('\n')}\n${stringify({ version: 2, updates: wanted }, { lineWidth: 0, aliasDuplicateObjects: false })}` };
  }
  const doc = parseDocument(existing);
  if (doc.errors.length > 0 || !isMap(doc.contents)) {
    return { warning: `.github/dependabot.yml is not a valid YAML mapping (${doc.errors[0]?.message.split('\n')[0] ?? 'not a mapping'}); left unchanged` };
  }
  const updates = doc.get('updates', true);
  const present = isSeq(updates) ? (updates.toJSON() as unknown[]) : [];
  const missing = wanted.filter((entry) => !present.some((item) => covers(item, entry)));
  if (missing.length === 0) return { unchanged: true };

  if (updates !== undefined && !isSeq(updates)) return { warning: '.github/dependabot.yml has an "updates" key that is not a list; left unchanged' };
  if (!isSeq(updates) || updates.flow || updates.items.length === 0 || !updates.range) {
    // No block list to extend: write one in place of a missing, empty or one-line flow list.
    const block = stringify({ updates: [...present, ...missing] }, { lineWidth: 0, aliasDuplicateObjects: false });
    if (updates === undefined) return { content: `${existing.replace(/\n*$/, '\n')}${block}` };
    const lines = existing.split('\n');
    const keyLine = lines.findIndex((line) => /^updates\s*:/.test(line));
    const [start, end] = updates.range ?? [0, 0];
    if (keyLine === -1 || existing.slice(start, end).includes('\n')) {
      return { warning: '.github/dependabot.yml has a multi-line flow "updates" list; add the entries by hand or rewrite it as a block list' };
    }
    lines.splice(keyLine, 1, ...block.replace(/\n$/, '').split('\n'));
    return { content: lines.join('\n') };
  }

  const firstItem = updates.items[0] as { range?: [number, number, number] };
  const itemStart = firstItem.range?.[0] ?? updates.range[0];
  const lineStart = existing.lastIndexOf('\n', itemStart - 1) + 1;
  const dashColumn = existing.slice(lineStart, itemStart).indexOf('-');
  const indent = ' '.repeat(Math.max(dashColumn, 0));
  const text = stringify(missing, { lineWidth: 0, aliasDuplicateObjects: false })
    .replace(/\n$/, '')
    .split('\n')
    .map((line) => indent + line)
    .join('\n');
  const insertAt = updates.range[1];
  const before = existing.slice(0, insertAt);
  const after = existing.slice(insertAt);
  const sep = before.endsWith('\n') ? '' : '\n';
  const tail = after.length === 0 || after.startsWith('\n') ? after : `\n${after}`;
  return { content: `${before}${sep}${text}${tail.length === 0 ? '\n' : tail}` };
}

function normalizeDir(dir: unknown): string {
  return String(dir).replace(/\/+$/, '') || '/';
}

/** An existing entry covers ours when it watches the same ecosystem in the same directory. */
function covers(item: unknown, entry: DependabotUpdate): boolean {
  if (!item || typeof item !== 'object') return false;
  const e = item as Record<string, unknown>;
  if (e['package-ecosystem'] !== entry['package-ecosystem']) return false;
  const dirs = [e.directory, ...(Array.isArray(e.directories) ? e.directories : [])].filter((d) => d !== undefined).map(normalizeDir);
  return dirs.includes(normalizeDir(entry.directory));
}
