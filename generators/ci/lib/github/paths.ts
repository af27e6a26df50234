/** Where GitHub reads workflows and the Dependabot config; fixed, other features and docs link to them. */
export const ciWorkflowPath = (service: string) => `.github/workflows/${service}-ci.yml`;
export const deployWorkflowPath = (service: string) => `.github/workflows/${service}-deploy.yml`;
export const DEPENDABOT_PATH = '.github/dependabot.yml';

/** Paths of the service's delivery artifacts, as the other features write them (workspace-root relative). */
export function servicePaths(projectRoot: string) {
  return {
    dockerfile: `${projectRoot}/Dockerfile`,
    rules: `${projectRoot}/deploy/prometheus/rules.yaml`,
    rulesTest: `${projectRoot}/deploy/prometheus/rules.test.yaml`,
    alertmanager: `${projectRoot}/deploy/alertmanager/alertmanager.yaml`,
    overlays: `${projectRoot}/deploy/k8s/overlays`,
    overlay: (env: string) => `${projectRoot}/deploy/k8s/overlays/${env}`,
  };
}
