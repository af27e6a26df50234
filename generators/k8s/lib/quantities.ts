/** Kubernetes CPU quantity ("250m", "1", "0.5") in millicores. */
export function cpuMillicores(quantity: string): number {
  return quantity.endsWith('m') ? Math.round(Number(quantity.slice(0, -1))) : Math.round(Number(quantity) * 1000);
}

/**
 * CPU limit for a request: twice the request, so a Node process can burst through GC and startup
 * without being throttled to its steady-state share.
 */
export function cpuLimit(request: string): string {
  return `${cpuMillicores(request) * 2}m`;
}

/** Scratch space of the pod: `/tmp` is an emptyDir bounded below the container's ephemeral-storage limit. */
export const TMP_SIZE_LIMIT = '256Mi';
export const EPHEMERAL_STORAGE_REQUEST = '256Mi';
export const EPHEMERAL_STORAGE_LIMIT = '1Gi';
