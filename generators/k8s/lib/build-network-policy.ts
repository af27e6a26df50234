import type { ReadyModel } from '@ready-tools/config';
import { KIND_SPECS } from '../../kinds';
import { baseMetadata, baseSelector } from './labels';


/**
 * Namespaces allowed to reach the pods, by the label Kubernetes sets on every namespace
 * (`kubernetes.io/metadata.name`). Change them here if the platform runs its ingress controller
 * or Prometheus elsewhere.
 */
export const INGRESS_CONTROLLER_NAMESPACE = 'ingress-nginx';
export const MONITORING_NAMESPACE = 'monitoring';
export const DNS_PORT = 53;

export interface EgressRule {
  /** What the rule is for, written as a comment above it. */
  comment: string;
  rule: Record<string, unknown>;
}

export function egressRules(model: ReadyModel): EgressRule[] {
  const dns: EgressRule = {
    comment: 'DNS: kube-dns in kube-system',
    rule: {
      to: [
        {
          namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
          podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
        },
      ],
      ports: [
        { protocol: 'UDP', port: DNS_PORT },
        { protocol: 'TCP', port: DNS_PORT },
      ],
    },
  };
  // Dependencies may be managed services outside the cluster, so the rule limits the port (KIND_SPECS[kind].egressPort), not the peer.
  const deps = model.dependencies.map((dep) => ({
    comment: `dependency "${dep.name}" (${dep.kind}, ${dep.envVar})`,
    rule: { ports: [{ protocol: 'TCP', port: KIND_SPECS[dep.kind].egressPort }] },
  }));
  return [dns, ...deps];
}

/** Default deny in both directions for the service's pods, then only what the config declares. */
export function buildNetworkPolicy(model: ReadyModel) {
  const fromNamespace = (name: string) => ({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': name } } });
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: baseMetadata(model),
    spec: {
      podSelector: { matchLabels: baseSelector(model) },
      policyTypes: ['Ingress', 'Egress'],
      ingress: [
        {
          from: [fromNamespace(INGRESS_CONTROLLER_NAMESPACE), fromNamespace(MONITORING_NAMESPACE)],
          ports: [{ protocol: 'TCP', port: 'http' }],
        },
      ],
      egress: egressRules(model).map((r) => r.rule),
    },
  };
}
