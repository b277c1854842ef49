/**
 * Faults the kubelet can be told to play, as first-class simulation inputs. Each function
 * records the fault in the kubelet controller instance and queues the affected work; it takes
 * effect when the simulation next runs (`sim.advance(0)` applies it at the current instant).
 * Everything is deterministic: faults act at the virtual instant they are given.
 *
 * @module
 */

import { objectKey } from "../controller/Controller.js";
import type { KubeletController } from "./kubeletController.js";

/** Identifies a pod. */
export interface PodRef {
  readonly namespace: string;
  readonly name: string;
}

/**
 * Makes a running container's process exit now with `exitCode` (default 1), as if it crashed.
 * It then restarts per the pod's restartPolicy, with CrashLoopBackOff.
 */
export function crashContainer(
  kubelet: KubeletController,
  pod: PodRef,
  container: string,
  exitCode = 1,
): void {
  const { sim, crashes } = kubelet._internal;
  const key = objectKey(pod.namespace, pod.name);
  const byContainer = crashes.get(key) ?? new Map<string, number>();
  crashes.set(key, byContainer);
  byContainer.set(container, exitCode);
  sim.enqueue(kubelet.name, key);
}

/**
 * Makes the readiness probes of a pod's containers (or of one container) fail from now for
 * `durationMs`, as an application that stops answering would. The probes' own thresholds
 * decide when the container turns unready and ready again. Throws when no targeted container
 * has a readiness probe (there is nothing to fail).
 */
export function failReadiness(
  kubelet: KubeletController,
  pod: PodRef,
  durationMs: number,
  options: { container?: string } = {},
): void {
  const { sim, readinessFaults } = kubelet._internal;
  const key = objectKey(pod.namespace, pod.name);
  const worker = kubelet._internal.workerOf(key);
  const probed = worker?.containers.some(
    (c) => c.hasReadinessProbe && (options.container === undefined || c.name === options.container),
  );
  if (!probed) {
    throw new Error(`failReadiness: pod ${key} has no running container with a readiness probe`);
  }
  const list = readinessFaults.get(key) ?? [];
  list.push({
    fromMs: sim.nowMs,
    untilMs: sim.nowMs + durationMs,
    ...(options.container !== undefined ? { container: options.container } : {}),
  });
  readinessFaults.set(key, list);
  kubelet._internal.probeResync.add(key);
  sim.enqueue(kubelet.name, key);
}

/**
 * Stops a node's kubelet: no more heartbeats, no more work on its pods (their containers keep
 * running as they were, as when the kubelet process dies). The node lifecycle controller will
 * notice the missing heartbeats.
 */
export function stopKubelet(kubelet: KubeletController, node: string): void {
  kubelet._internal.stopped.add(node);
  kubelet._internal.stopHeartbeats(node);
}

/**
 * Starts a stopped kubelet again: it posts node status at once, then every heartbeat interval,
 * and catches up with its pods (work that fell due while it was stopped happens now).
 */
export function startKubelet(kubelet: KubeletController, node: string): void {
  const internal = kubelet._internal;
  if (!internal.stopped.delete(node)) return;
  internal.startHeartbeats(node);
  // Its pods, and pods it ran that were force-deleted meanwhile (their IPs are released now).
  const keys = new Set([...(internal.podsByNode.get(node) ?? []), ...internal.workerKeysOn(node)]);
  for (const key of [...keys].sort()) internal.sim.enqueue(kubelet.name, key);
}

/** Whether a node's kubelet is stopped. */
export function isKubeletStopped(kubelet: KubeletController, node: string): boolean {
  return kubelet._internal.stopped.has(node);
}
