import type { ReadyModel } from '@ready-tools/config';
import { baseLabels } from './labels';

export const INGRESS_CLASS = 'nginx';

/**
 * The public path prefixes. Never `/`: it is a prefix of /metrics, /health and the OpenAPI document,
 * which stay inside the cluster. The API lives under `<basePath>/v1`.
 */
export function publicPathPrefixes(model: ReadyModel): string[] {
  return [model.http.basePath || '/v1'];
}

export function tlsSecretName(model: ReadyModel): string {
  return `${model.names.kebab}-tls`;
}

export function buildIngress(model: ReadyModel, host: string) {
  const name = model.names.kebab;
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name, labels: baseLabels(model) },
    spec: {
      ingressClassName: INGRESS_CLASS,
      tls: [{ hosts: [host], secretName: tlsSecretName(model) }],
      rules: [
        {
          host,
          http: {
            paths: publicPathPrefixes(model).map((path) => ({
              path,
              pathType: 'Prefix',
              backend: { service: { name, port: { name: 'http' } } },
            })),
          },
        },
      ],
    },
  };
}
