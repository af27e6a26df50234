import type { FeatureContext } from '../../../utils/feature';
import { generatedMarker } from '../../../utils/derived-files';
import { ciWorkflowPath, deployWorkflowPath } from '../github/paths';
import { renderCiWorkflow } from '../github/render-ci-workflow';
import { DEPLOY_TRIGGER_NOTE, renderDeployWorkflow } from '../github/render-deploy-workflow';
import { toWorkflowYaml } from '../github/to-workflow-yaml';
import type { CiProvider, RenderedFile } from './types';

/** GitHub Actions: `<name>-ci.yml` and `<name>-deploy.yml` under `.github/workflows/`. */
export const githubProvider: CiProvider = {
  renderWorkflows(ctx: FeatureContext): RenderedFile[] {
    const name = ctx.model.names.kebab;
    const marker = generatedMarker(ctx.regenerate);
    const deploy = renderDeployWorkflow(ctx);
    return [
      { path: ciWorkflowPath(name), content: toWorkflowYaml(renderCiWorkflow(ctx), { header: [marker] }) },
      {
        path: deployWorkflowPath(name),
        content: toWorkflowYaml(deploy.workflow, { header: [marker, '', ...DEPLOY_TRIGGER_NOTE], jobComments: deploy.jobComments }),
      },
    ];
  },
};
