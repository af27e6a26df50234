import type { ReadyModel } from '@ready-tools/config';

/** The pod label that carries the released image tag (pods read SERVICE_VERSION from it). */
export const VERSION_LABEL = 'app.kubernetes.io/version';

/**
 * The kustomization a deploy applies on top of `overlays/<env>`: it sets the image tag and the version
 * label together (pods read SERVICE_VERSION from that label), so the committed overlays never change and
 * `nx sync:check` stays green. Written next to `overlays/` in a scratch copy of `deploy/k8s`; `tag` is
 * a shell expression (e.g. `$TAG`) expanded by the heredoc it is written with.
 */
export function releaseKustomization(model: ReadyModel, env: string, tag: string): string {
  return [
    'apiVersion: kustomize.config.k8s.io/v1beta1',
    'kind: Kustomization',
    'resources:',
    `  - ../overlays/${env}`,
    'images:',
    `  - name: ${model.image}`,
    `    newTag: "${tag}"`,
    'labels:',
    '  - pairs:',
    `      ${VERSION_LABEL}: "${tag}"`,
    '    includeTemplates: true',
  ].join('\n');
}
