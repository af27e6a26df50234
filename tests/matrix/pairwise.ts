/**
 * A small deterministic all-pairs generator with constraints (greedy, in the style of AETG).
 * Every pair of values of two factors that some allowed row contains is covered by at least one row;
 * rows the constraints forbid are never built, so no row needs to be filtered out afterwards.
 */
export type Factors = Record<string, readonly string[]>;
export type Row<F extends Factors> = { [K in keyof F]: F[K][number] };
export type PartialRow<F extends Factors> = Partial<Row<F>>;

export interface PairwiseOptions<F extends Factors> {
  /** False when the assigned values (a partial row: unassigned factors are absent) break a constraint. */
  allowed(row: PartialRow<F>): boolean;
  /** Partial rows that must appear (each completed greedily), before the rows pairwise coverage needs. */
  seeds?: PartialRow<F>[];
}

type Assignment = Record<string, string>;

export function pairwise<F extends Factors>(factors: F, options: PairwiseOptions<F>): Row<F>[] {
  const keys = Object.keys(factors);
  const allowed = (row: Assignment) => options.allowed(row as PartialRow<F>);
  const pairKey = (a: string, va: string, b: string, vb: string) => {
    const [first, second] = keys.indexOf(a) < keys.indexOf(b) ? [[a, va], [b, vb]] : [[b, vb], [a, va]];
    return JSON.stringify([...first, ...second]);
  };

  // Depth-first completion: is there an allowed full row extending this one?
  const completable = (row: Assignment): boolean => {
    if (!allowed(row)) return false;
    const next = keys.find((k) => !(k in row));
    if (next === undefined) return true;
    return factors[next].some((v) => completable({ ...row, [next]: v }));
  };

  // The pairs some allowed row contains, in a fixed order.
  const uncovered = new Set<string>();
  keys.forEach((a, i) =>
    keys.slice(i + 1).forEach((b) => {
      for (const va of factors[a]) for (const vb of factors[b]) if (completable({ [a]: va, [b]: vb })) uncovered.add(pairKey(a, va, b, vb));
    }),
  );

  const gain = (row: Assignment, key: string, value: string) =>
    Object.entries(row).filter(([k, v]) => uncovered.has(pairKey(k, v, key, value))).length;

  // Fill the unassigned factors one by one with the value that covers the most new pairs (first one on ties).
  const complete = (start: Assignment): Assignment => {
    if (!completable(start)) throw new Error(`pairwise: no allowed row extends ${JSON.stringify(start)}`);
    const row = { ...start };
    for (const key of keys) {
      if (key in row) continue;
      let best: string | undefined;
      let bestGain = -1;
      for (const value of factors[key]) {
        const candidate = { ...row, [key]: value };
        if (!completable(candidate)) continue;
        const g = gain(row, key, value);
        if (g > bestGain) [best, bestGain] = [value, g];
      }
      row[key] = best as string;
    }
    return row;
  };

  const rows: Assignment[] = [];
  const take = (row: Assignment) => {
    rows.push(row);
    keys.forEach((a, i) => keys.slice(i + 1).forEach((b) => uncovered.delete(pairKey(a, row[a], b, row[b]))));
  };
  for (const seed of options.seeds ?? []) take(complete(seed as Assignment));
  const covers = (row: Assignment) =>
    keys.reduce((n, a, i) => n + keys.slice(i + 1).filter((b) => uncovered.has(pairKey(a, row[a], b, row[b]))).length, 0);
  while (uncovered.size > 0) {
    // Try every uncovered pair of the value that is in the most uncovered pairs; keep the row covering most.
    const count = new Map<string, number>();
    const parsed = [...uncovered].map((p) => JSON.parse(p) as [string, string, string, string]);
    for (const [a, va, b, vb] of parsed) for (const kv of [`${a}\0${va}`, `${b}\0${vb}`]) count.set(kv, (count.get(kv) ?? 0) + 1);
    const [busiest] = [...count.entries()].reduce((best, e) => (e[1] > best[1] ? e : best));
    let best: Assignment | undefined;
    for (const [a, va, b, vb] of parsed) {
      if (`${a}\0${va}` !== busiest && `${b}\0${vb}` !== busiest) continue;
      const row = complete({ [a]: va, [b]: vb });
      if (!best || covers(row) > covers(best)) best = row;
    }
    take(best as Assignment);
  }
  return rows as Row<F>[];
}
