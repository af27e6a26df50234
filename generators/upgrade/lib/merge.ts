import { mergeDiff3 } from 'node-diff3';

export interface MergeResult {
  content: string;
  conflict: boolean;
}

/**
 * Three-way merge of one scaffold file, line by line (node-diff3): the team's file, the base ready recorded when it
 * wrote the file, and ready's new rendering. Regions both sides changed differently get git's diff3 conflict markers,
 * labelled, so editors and `git diff` show them as conflicts.
 */
export function mergeScaffold(yours: string, base: string, ready: string, labels: { base: string; ready: string }): MergeResult {
  const { conflict, result } = mergeDiff3(yours.split('\n'), base.split('\n'), ready.split('\n'), {
    label: { a: 'yours', o: labels.base, b: labels.ready },
  });
  return { content: result.join('\n'), conflict };
}
