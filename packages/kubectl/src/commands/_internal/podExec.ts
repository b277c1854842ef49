import {
  type KubeObject,
  labelSelectorAsSelector,
  parseTimestamp,
  type Selector,
  selectorFromSet,
} from "@kubesim/core";
import type {
  ContainerExecOptions,
  ContainerExecResult,
  ContainerExecTarget,
  KubectlContext,
  Output,
} from "../../KubectlContext.js";

/** What exec and attached run print when the cluster has no container runtime to run commands with. */
export const NO_RUNTIME_ERROR =
  "kubesim cannot run commands in containers here: this cluster has no dataplane (create it with one to use kubectl exec and kubectl run -i)";

/** The `kubectl.kubernetes.io/default-container` annotation (k8s.io/kubectl/pkg/cmd/util/podcmd). */
export const DEFAULT_CONTAINER_ANNOTATION = "kubectl.kubernetes.io/default-container";

/** The pod fields exec and attach read. */
interface PodShape {
  readonly spec?: {
    readonly nodeName?: string;
    readonly containers?: readonly {
      readonly name: string;
      readonly command?: string[];
      readonly args?: string[];
    }[];
    readonly initContainers?: readonly { readonly name: string }[];
    readonly ephemeralContainers?: readonly { readonly name: string }[];
  };
  readonly status?: {
    readonly phase?: string;
    readonly conditions?: readonly { type: string; status: string; lastTransitionTime?: string }[];
    readonly containerStatuses?: readonly PodContainerStatus[];
    readonly initContainerStatuses?: readonly PodContainerStatus[];
    readonly ephemeralContainerStatuses?: readonly PodContainerStatus[];
  };
}

/** One entry of a pod's `status.containerStatuses`. */
export interface PodContainerStatus {
  readonly name: string;
  readonly containerID?: string;
  readonly restartCount?: number;
  readonly state?: {
    readonly running?: unknown;
    readonly terminated?: { exitCode?: number; reason?: string; message?: string };
  };
}

function shape(pod: KubeObject): PodShape {
  return pod as unknown as PodShape;
}

/** The pod's phase (`Pending` when unset). */
export function podPhase(pod: KubeObject): string {
  return shape(pod).status?.phase ?? "Pending";
}

/** The node the pod is bound to, `""` when unscheduled. */
export function podNodeName(pod: KubeObject): string {
  return shape(pod).spec?.nodeName ?? "";
}

/** The pod's `spec.containers`. */
export function podContainers(
  pod: KubeObject,
): readonly { readonly name: string; readonly command?: string[]; readonly args?: string[] }[] {
  return shape(pod).spec?.containers ?? [];
}

/** The pod's container statuses, ordinary containers first. */
export function podContainerStatuses(pod: KubeObject): readonly PodContainerStatus[] {
  const status = shape(pod).status;
  return [
    ...(status?.containerStatuses ?? []),
    ...(status?.initContainerStatuses ?? []),
    ...(status?.ephemeralContainerStatuses ?? []),
  ];
}

function isPodReady(pod: KubeObject): boolean {
  return (shape(pod).status?.conditions ?? []).some((c) => c.type === "Ready" && c.status === "True");
}

/** Whether the pod's Ready condition is True and its phase Running (run.go `podRunningAndReady`). */
export function podRunningAndReady(pod: KubeObject): boolean {
  return podPhase(pod) === "Running" && isPodReady(pod);
}

/** Whether the pod has run to completion (`Succeeded` or `Failed`). */
export function podCompleted(pod: KubeObject): boolean {
  const phase = podPhase(pod);
  return phase === "Succeeded" || phase === "Failed";
}

/** The Go type kubectl names in `cannot attach to %T`: `*v1.Deployment`. */
function goTypeName(obj: KubeObject): string {
  const version = obj.apiVersion.slice(obj.apiVersion.indexOf("/") + 1);
  return `*${version}.${obj.kind}`;
}

const SPEC_SELECTOR_KINDS = new Set(["ReplicaSet", "StatefulSet", "DaemonSet", "Deployment", "Job"]);

/**
 * The pod selector of a workload or Service (polymorphichelpers/helpers.go `SelectorsForObject`),
 * or kubectl's error for objects that have none.
 */
export function selectorForObject(
  obj: KubeObject,
): { ok: true; selector: Selector } | { ok: false; error: string } {
  const spec = (obj.spec ?? {}) as { selector?: unknown };
  if (SPEC_SELECTOR_KINDS.has(obj.kind)) {
    const parsed = labelSelectorAsSelector(spec.selector as never);
    if (!parsed.ok) return { ok: false, error: `invalid label selector: ${parsed.error}` };
    return { ok: true, selector: parsed.selector };
  }
  if (obj.kind === "ReplicationController") {
    return { ok: true, selector: selectorFromSet(spec.selector as Record<string, string> | undefined) };
  }
  if (obj.kind === "Service") {
    const selector = spec.selector as Record<string, string> | undefined;
    if (!selector || Object.keys(selector).length === 0) {
      return {
        ok: false,
        error: `invalid service '${obj.metadata.name}': Service is defined without a selector`,
      };
    }
    return { ok: true, selector: selectorFromSet(selector) };
  }
  return { ok: false, error: `selector for ${goTypeName(obj)} not implemented` };
}

function readyTime(pod: KubeObject): number | undefined {
  const c = (shape(pod).status?.conditions ?? []).find((x) => x.type === "Ready" && x.status === "True");
  return c?.lastTransitionTime ? parseTimestamp(c.lastTransitionTime) : undefined;
}

function maxRestarts(pod: KubeObject): number {
  return Math.max(0, ...(shape(pod).status?.containerStatuses ?? []).map((c) => c.restartCount ?? 0));
}

/** `afterOrZero`: t1 after t2, a missing time counting as after any other. */
function afterOrZero(t1: number | undefined, t2: number | undefined): boolean {
  if (t1 === undefined || t2 === undefined) return t1 === undefined;
  return t1 > t2;
}

const PHASE_RANK: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };

/** podutils `ActivePods.Less`: the pods a controller would delete first sort first. */
function activePodsLess(a: KubeObject, b: KubeObject): boolean {
  const na = podNodeName(a);
  const nb = podNodeName(b);
  if (na !== nb && (na === "" || nb === "")) return na === "";
  const pa = PHASE_RANK[podPhase(a)] ?? 0;
  const pb = PHASE_RANK[podPhase(b)] ?? 0;
  if (pa !== pb) return pa < pb;
  const ra = isPodReady(a);
  const rb = isPodReady(b);
  if (ra !== rb) return !ra;
  if (ra && rb && readyTime(a) !== readyTime(b)) return afterOrZero(readyTime(a), readyTime(b));
  if (maxRestarts(a) !== maxRestarts(b)) return maxRestarts(a) > maxRestarts(b);
  const ca = parseTimestamp(a.metadata.creationTimestamp ?? "");
  const cb = parseTimestamp(b.metadata.creationTimestamp ?? "");
  if (ca !== cb) return afterOrZero(ca, cb);
  return false;
}

/**
 * The pod kubectl exec/attach picks among `pods` (attachablepodforobject.go: `GetFirstPod` sorted
 * by `sort.Reverse(podutils.ActivePods)`): the most "active" one, i.e. scheduled, Running, Ready,
 * Ready the longest, fewest restarts, oldest. Ties keep the list's (name) order.
 */
export function firstActivePod(pods: readonly KubeObject[]): KubeObject | undefined {
  let best: KubeObject | undefined;
  for (const pod of pods) if (best === undefined || activePodsLess(best, pod)) best = pod;
  return best;
}

/** podutils `ByLogging.Less`: the pod whose logs are most worth reading sorts first. */
function byLoggingLess(a: KubeObject, b: KubeObject): boolean {
  const na = podNodeName(a);
  const nb = podNodeName(b);
  if (na !== nb && (na === "" || nb === "")) return na !== "";
  // Running < Unknown < Pending; Succeeded and Failed are missing from Go's map, so count as Running.
  const rank: Record<string, number> = { Running: 0, Unknown: 1, Pending: 2 };
  const pa = rank[podPhase(a)] ?? 0;
  const pb = rank[podPhase(b)] ?? 0;
  if (pa !== pb) return pa < pb;
  const ra = isPodReady(a);
  const rb = isPodReady(b);
  if (ra !== rb) return ra;
  if (ra && rb && readyTime(a) !== readyTime(b)) return afterOrZero(readyTime(b), readyTime(a));
  if (maxRestarts(a) !== maxRestarts(b)) return maxRestarts(a) > maxRestarts(b);
  const ca = parseTimestamp(a.metadata.creationTimestamp ?? "");
  const cb = parseTimestamp(b.metadata.creationTimestamp ?? "");
  if (ca !== cb) return afterOrZero(cb, ca);
  return false;
}

/**
 * The pod behind `obj` for `kubectl logs` (logsforobject.go: `GetFirstPod` sorted by
 * `podutils.ByLogging`, waiting up to `--pod-running-timeout` for one to appear), with the
 * `Found N pods, using pod/NAME` notice it prints on stderr when there was a choice.
 */
export function podForLogs(
  ctx: KubectlContext,
  obj: KubeObject,
  timeoutMs: number,
  out: Output,
): { ok: true; pod: KubeObject } | { ok: false; error: string } {
  if (obj.kind === "Pod") return { ok: true, pod: obj };
  const selected = selectorForObject(obj);
  if (!selected.ok)
    return { ok: false, error: `cannot get the logs from ${goTypeName(obj)}: ${selected.error}` };
  const namespace = obj.metadata.namespace ?? ctx.namespace;
  const list = () => ctx.sim.store.list("Pod", { namespace, labelSelector: selected.selector });
  let pods = list();
  if (pods.length === 0 && ctx.sim.runUntil(() => list().length > 0, { timeoutMs })) pods = list();
  if (pods.length === 0) return { ok: false, error: "timed out waiting for the condition" };
  let best = pods[0]!;
  for (const pod of pods) if (byLoggingLess(pod, best)) best = pod;
  if (pods.length > 1) out.err(`Found ${pods.length} pods, using pod/${best.metadata.name}\n`);
  return { ok: true, pod: best };
}

/**
 * The pod behind `obj` for exec and attach: the pod itself, or the first active pod its selector
 * matches, waiting up to `timeoutMs` of virtual time for one to appear as kubectl's watch does.
 */
export function attachablePod(
  ctx: KubectlContext,
  obj: KubeObject,
  timeoutMs: number,
): { ok: true; pod: KubeObject } | { ok: false; error: string } {
  if (obj.kind === "Pod") return { ok: true, pod: obj };
  const selected = selectorForObject(obj);
  if (!selected.ok) return { ok: false, error: `cannot attach to ${goTypeName(obj)}: ${selected.error}` };
  const namespace = obj.metadata.namespace ?? ctx.namespace;
  const list = () => ctx.sim.store.list("Pod", { namespace, labelSelector: selected.selector });
  let pod = firstActivePod(list());
  if (pod) return { ok: true, pod };
  if (ctx.sim.runUntil(() => list().length > 0, { timeoutMs })) pod = firstActivePod(list());
  if (!pod) return { ok: false, error: "timed out waiting for the condition" };
  return { ok: true, pod };
}

/**
 * podcmd `FindOrDefaultContainerByName` with no name: the annotated default container, else the
 * first one, printing `Defaulted container "a" out of: a, b` when there was a choice.
 */
export function defaultContainerName(pod: KubeObject, quiet: boolean, out: Output): string | undefined {
  const s = shape(pod).spec ?? {};
  const containers = s.containers ?? [];
  const first = containers[0];
  if (!first) return undefined;
  const annotated = pod.metadata.annotations?.[DEFAULT_CONTAINER_ANNOTATION];
  if (annotated) {
    const all = [...containers, ...(s.initContainers ?? []), ...(s.ephemeralContainers ?? [])];
    if (all.some((c) => c.name === annotated)) return annotated;
  }
  const inits = s.initContainers ?? [];
  const ephemerals = s.ephemeralContainers ?? [];
  if (!quiet && (containers.length > 1 || inits.length > 0 || ephemerals.length > 0)) {
    const names = [
      ...containers.map((c) => c.name),
      ...ephemerals.map((c) => `${c.name} (ephem)`),
      ...inits.map((c) => `${c.name} (init)`),
    ];
    out.err(`Defaulted container ${JSON.stringify(first.name)} out of: ${names.join(", ")}\n`);
  }
  return first.name;
}

/** Whether the pod has a container, init container or ephemeral container with this name (the API server's check). */
export function podHasContainer(pod: KubeObject, name: string): boolean {
  const s = shape(pod).spec ?? {};
  return [...(s.containers ?? []), ...(s.initContainers ?? []), ...(s.ephemeralContainers ?? [])].some(
    (c) => c.name === name,
  );
}

/** Whether the named container is running, the kubelet's condition for streaming into it. */
export function containerRunning(pod: KubeObject, name: string): boolean {
  return podContainerStatuses(pod).some((c) => c.name === name && c.state?.running !== undefined);
}

/**
 * Runs `argv` through the runtime and advances virtual time by as long as it took, since the
 * kubectl command lasts that long.
 */
export function execInContainer(
  ctx: KubectlContext,
  target: ContainerExecTarget,
  argv: readonly string[],
  options: ContainerExecOptions,
): ContainerExecResult | undefined {
  const runtime = ctx.io.runtime;
  if (!runtime) return undefined;
  const result = runtime.exec(target, argv, options);
  if (result.elapsedMs > 0) ctx.sim.advance(result.elapsedMs);
  return result;
}

/** containerd's exec id in start errors: 64 hex digits, drawn from the simulation's seeded randomness. */
export function containerdExecId(ctx: KubectlContext): string {
  const random = ctx.sim.random("containerd-exec-id");
  let id = "";
  for (let i = 0; i < 16; i++) id += random.int(0, 0xffff).toString(16).padStart(4, "0");
  return id;
}

/** What kubectl prints for a process the runtime could not start (containerd's wording through the kubelet). */
export function startErrorMessage(ctx: KubectlContext, reason: string): string {
  return `Internal error occurred: error executing command in container: failed to exec in container: failed to start exec ${JSON.stringify(containerdExecId(ctx))}: ${reason}`;
}
