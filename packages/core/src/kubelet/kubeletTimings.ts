/**
 * How long the kubelet's work takes, in virtual milliseconds. Defaults are what a kind node
 * on a laptop shows (a pod with a cached image runs a second or two after it is bound); every
 * duration but the back-off ones gets a seeded jitter of ±`jitter`.
 */
export interface KubeletTimings {
  /** RunPodSandbox, including the CNI ADD that gives the pod its IP. */
  readonly sandboxCreationMs: number;
  /** Pulling an image the node does not have. */
  readonly imagePullMs: number;
  /** A pull (policy `Always`) of an image the node already has: only the manifest is fetched. */
  readonly imageRepullMs: number;
  /** CreateContainer. */
  readonly containerCreateMs: number;
  /** StartContainer. */
  readonly containerStartMs: number;
  /** A server's shutdown after SIGTERM. */
  readonly serverStopMs: number;
  /** The pod worker's retry after a failed sync (kubelet `backOffPeriod`, 10 s, jittered by up to 50%). */
  readonly syncRetryMs: number;
  /** How often the kubelet posts node status (`nodeStatusUpdateFrequency`, 10 s). */
  readonly heartbeatIntervalMs: number;
  /** CrashLoopBackOff's first delay (kubelet `initialDuration`, 10 s). */
  readonly crashLoopInitialMs: number;
  /** CrashLoopBackOff's cap (kubelet `MaxContainerBackOff`, 300 s); the back-off resets after twice this without a crash. */
  readonly crashLoopMaxMs: number;
  /** Relative jitter applied to the durations above (0.3 = ±30%). */
  readonly jitter: number;
}

/** The default {@link KubeletTimings}. */
export const DEFAULT_KUBELET_TIMINGS: KubeletTimings = {
  sandboxCreationMs: 1200,
  imagePullMs: 4000,
  imageRepullMs: 600,
  containerCreateMs: 100,
  containerStartMs: 200,
  serverStopMs: 300,
  syncRetryMs: 10_000,
  heartbeatIntervalMs: 10_000,
  crashLoopInitialMs: 10_000,
  crashLoopMaxMs: 300_000,
  jitter: 0.3,
};
