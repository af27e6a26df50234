import type { FeatureContext } from '../../../utils/feature';

/** One file a CI provider renders, relative to the workspace root. */
export interface RenderedFile {
  path: string;
  content: string;
}

/**
 * A CI system. Each provider turns the feature context into its own pipeline files; `model.ci.provider`
 * picks one. Adding GitLab means adding `gitlab.ts` beside `github.ts` and registering it in `index.ts`.
 */
export interface CiProvider {
  /** Workflow (pipeline) files, each a pure function of the context and starting with the generated marker. */
  renderWorkflows(ctx: FeatureContext): RenderedFile[];
}
