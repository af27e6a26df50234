import { describe, expect, it } from 'vitest';
import { pairwise, type Factors, type PartialRow } from './pairwise';

/** Every pair of values that some allowed full row contains, by brute force over the whole product. */
function feasiblePairs(factors: Factors, allowed: (r: Record<string, string>) => boolean): Set<string> {
  const keys = Object.keys(factors);
  let rows: Record<string, string>[] = [{}];
  for (const k of keys) rows = rows.flatMap((r) => factors[k].map((v) => ({ ...r, [k]: v })));
  return pairsOf(rows.filter(allowed), keys);
}

function pairsOf(rows: Record<string, string>[], keys: string[]): Set<string> {
  const pairs = new Set<string>();
  for (const r of rows) keys.forEach((a, i) => keys.slice(i + 1).forEach((b) => pairs.add(`${a}=${r[a]} ${b}=${r[b]}`)));
  return pairs;
}

describe('pairwise', () => {
  const factors = { os: ['linux', 'mac', 'win'], browser: ['chrome', 'firefox', 'safari'], arch: ['x64', 'arm'], locale: ['en', 'de', 'ja'] } as const;
  // Safari runs only on mac, and a three-way rule: no arm on windows with German.
  const allowed = (r: PartialRow<typeof factors>) =>
    !(r.browser === 'safari' && r.os !== undefined && r.os !== 'mac') && !(r.os === 'win' && r.arch === 'arm' && r.locale === 'de');

  it('covers every feasible pair, builds only allowed rows, and is deterministic', () => {
    const rows = pairwise(factors, { allowed });
    expect(rows.every((r) => allowed(r))).toBe(true);
    const keys = Object.keys(factors);
    expect(pairsOf(rows, keys)).toEqual(feasiblePairs(factors, allowed as (r: Record<string, string>) => boolean));
    expect(pairwise(factors, { allowed })).toEqual(rows);
    // Far fewer rows than the 54 of the full product.
    expect(rows.length).toBeLessThan(16);
  });

  it('starts with the seeds, completed', () => {
    const rows = pairwise(factors, { allowed, seeds: [{ browser: 'safari', locale: 'ja' }] });
    expect(rows[0]).toMatchObject({ os: 'mac', browser: 'safari', locale: 'ja' });
  });

  it('refuses a seed no allowed row extends', () => {
    expect(() => pairwise(factors, { allowed, seeds: [{ os: 'linux', browser: 'safari' }] })).toThrow(/no allowed row extends/);
  });
});
