import { Document, isNode } from 'yaml';

export interface NodeComment {
  /** Path of the node in the object, e.g. ['spec', 'egress', 1]. */
  path: (string | number)[];
  comment: string;
}

/** One manifest as YAML: the generated marker on the first line, optional comments above nodes. */
export function renderYaml(value: unknown, marker: string, comments: NodeComment[] = []): string {
  const doc = new Document(value, { aliasDuplicateObjects: false });
  doc.commentBefore = ` ${marker}`;
  for (const { path, comment } of comments) {
    const node = doc.getIn(path, true);
    if (isNode(node)) node.commentBefore = ` ${comment}`;
  }
  // No folding: long PromQL expressions and annotations stay on one line.
  return doc.toString({ lineWidth: 0 });
}
