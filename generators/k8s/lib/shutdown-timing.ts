import type { ReadyModel } from '@ready-tools/config';

/** Slack between the app's own force-exit and the kubelet's SIGKILL. */
const GRACE_MARGIN_SECONDS = 5;

export interface ShutdownTiming {
  /** preStop sleep: endpoints controllers and ingress controllers stop routing before SIGTERM. */
  preStopSeconds: number;
  /** The app's drain after SIGTERM (SHUTDOWN_DRAIN_MS). */
  drainSeconds: number;
  /** The app's hard limit after SIGTERM (SHUTDOWN_TIMEOUT_MS); includes the drain. */
  timeoutSeconds: number;
  /** preStop + timeout + margin: the kubelet never kills a pod that is still shutting down cleanly. */
  terminationGracePeriodSeconds: number;
}

/**
 * The grace period runs from the start of preStop; SIGTERM is sent only when preStop ends. So the
 * pod needs preStop + SHUTDOWN_TIMEOUT_MS (which already covers the drain) plus a margin.
 */
export function shutdownTiming(model: ReadyModel): ShutdownTiming {
  const { drainDelayMs, timeoutMs } = model.observability.shutdown;
  const preStopSeconds = Math.max(1, Math.ceil(drainDelayMs / 1000));
  const timeoutSeconds = Math.ceil(timeoutMs / 1000);
  return {
    preStopSeconds,
    drainSeconds: drainDelayMs / 1000,
    timeoutSeconds,
    terminationGracePeriodSeconds: preStopSeconds + timeoutSeconds + GRACE_MARGIN_SECONDS,
  };
}
