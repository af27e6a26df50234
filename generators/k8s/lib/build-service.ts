import type { ReadyModel } from '@ready-tools/config';
import { baseMetadata, baseSelector } from './labels';

/** ClusterIP only: traffic from outside the cluster comes through the Ingress. */
export function buildService(model: ReadyModel) {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: baseMetadata(model),
    spec: {
      type: 'ClusterIP',
      selector: baseSelector(model),
      ports: [{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }],
    },
  };
}

/** A dedicated identity with no API token: the service never talks to the Kubernetes API. */
export function buildServiceAccount(model: ReadyModel) {
  return { apiVersion: 'v1', kind: 'ServiceAccount', metadata: baseMetadata(model), automountServiceAccountToken: false };
}
