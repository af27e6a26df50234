import { Document, isMap, isPair, isScalar, visit } from 'yaml';
import { versionOfUses } from '../actions';

export interface WorkflowYamlOptions {
  /** Comment lines at the top of the file; the first one is the generated marker. */
  header: string[];
  /** Comment lines put above a job, by job id (e.g. how its approval is configured). */
  jobComments?: Record<string, string[]>;
}

/**
 * Serialize a workflow built as plain data. Pinned `uses:` values get their `# vX.Y.Z` comment, so a
 * reader (and Dependabot) sees which release each commit is; nothing else is hand-templated.
 */
export function toWorkflowYaml(workflow: object, options: WorkflowYamlOptions): string {
  const doc = new Document(workflow, { aliasDuplicateObjects: false });
  visit(doc, {
    Pair(_, pair) {
      if (!isScalar(pair.key) || !isScalar(pair.value)) return;
      if (pair.key.value === 'uses' && typeof pair.value.value === 'string') {
        const version = versionOfUses(pair.value.value);
        if (version) pair.value.comment = ` ${version}`;
      }
    },
  });
  const jobs = doc.get('jobs', true);
  if (isMap(jobs)) {
    for (const item of jobs.items) {
      if (!isPair(item) || !isScalar(item.key)) continue;
      const lines = options.jobComments?.[String(item.key.value)];
      if (lines?.length) item.key.commentBefore = lines.map((l) => ` ${l}`).join('\n');
    }
  }
  const header = options.header.map((line) => (line ? `# ${line}` : '#')).join('\n');
  return `${header}\n${doc.toString({ lineWidth: 0 })}`;
}
