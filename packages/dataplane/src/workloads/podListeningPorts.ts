/**
 * Which sockets a pod's running containers hold, and which of them gets a packet. A container
 * listens only while it runs (`state.running` in its status); a waiting or terminated one holds
 * nothing, so packets to its ports are refused. Sidecars (init containers still running) started
 * first and so bind first. When two containers want the same port and protocol the first to
 * start wins: the second's bind fails (EADDRINUSE) and it is not listed. hostNetwork pods are
 * included: their sockets are the node's, and their hostname is the node's.
 *
 * @module
 */
import type { KubeObject } from "@kubesim/core";
import type { Protocol } from "../packet/Packet.js";
import type { Workload, WorkloadContext } from "./Workload.js";
import type { WorkloadRegistry } from "./WorkloadRegistry.js";

/** A socket a container listens on, with what answers on it. */
export interface ListeningSocket {
  readonly container: string;
  readonly port: number;
  readonly protocol: Exclude<Protocol, "ICMP">;
  readonly workload: Workload;
  /** The context to pass to `workload.handle`. */
  readonly context: WorkloadContext;
}

type ContainerSpec = WorkloadContext["container"];

interface PodShape {
  readonly spec?: {
    readonly containers?: readonly ContainerSpec[];
    readonly initContainers?: readonly (ContainerSpec & { readonly restartPolicy?: string })[];
    readonly hostNetwork?: boolean;
    readonly hostname?: string;
    readonly nodeName?: string;
  };
  readonly status?: {
    readonly containerStatuses?: readonly ContainerStatusShape[];
    readonly initContainerStatuses?: readonly ContainerStatusShape[];
  };
}

interface ContainerStatusShape {
  readonly name: string;
  readonly state?: { readonly running?: unknown };
}

/**
 * The hostname a pod's processes see: the node's for hostNetwork pods, else `spec.hostname` or
 * the pod name, cut to 63 characters without a trailing `-` or `.` (kubelet
 * `truncatePodHostnameIfNeeded`).
 */
export function podHostname(pod: KubeObject): string {
  const spec = (pod as PodShape).spec;
  if (spec?.hostNetwork) return spec.nodeName ?? "";
  const name = spec?.hostname ?? pod.metadata.name ?? "";
  return name.length <= 63 ? name : name.slice(0, 63).replace(/[-.]+$/, "");
}

/** The context a workload of `container` in `pod` runs with at `nowMs`. */
export function workloadContext(pod: KubeObject, container: ContainerSpec, nowMs: number): WorkloadContext {
  return { pod, container, hostname: podHostname(pod), nowMs };
}

function runningContainers(pod: KubeObject): ContainerSpec[] {
  const p = pod as PodShape;
  const running = (statuses: readonly ContainerStatusShape[] | undefined, name: string) =>
    statuses?.some((s) => s.name === name && s.state?.running !== undefined && s.state.running !== null) ??
    false;
  const out: ContainerSpec[] = [];
  for (const c of p.spec?.initContainers ?? [])
    if (running(p.status?.initContainerStatuses, c.name)) out.push(c);
  for (const c of p.spec?.containers ?? []) if (running(p.status?.containerStatuses, c.name)) out.push(c);
  return out;
}

/** Every socket the pod's running containers hold, first binder first. */
export function podListeningPorts(
  registry: WorkloadRegistry,
  pod: KubeObject,
  nowMs: number,
): ListeningSocket[] {
  const out: ListeningSocket[] = [];
  for (const container of runningContainers(pod)) {
    const context = workloadContext(pod, container, nowMs);
    const workload = registry.workloadFor(context);
    for (const l of workload.listens(context)) {
      if (out.some((s) => s.port === l.port && s.protocol === l.protocol)) continue;
      out.push({ container: container.name, port: l.port, protocol: l.protocol, workload, context });
    }
  }
  return out;
}

/**
 * The socket that receives a packet for `protocol`/`port` in `pod`, or `undefined`: nothing
 * listens, so a TCP SYN gets a RST and a UDP datagram an ICMP port unreachable.
 */
export function findListener(
  registry: WorkloadRegistry,
  pod: KubeObject,
  protocol: Protocol,
  port: number,
  nowMs: number,
): ListeningSocket | undefined {
  if (protocol === "ICMP") return undefined;
  for (const container of runningContainers(pod)) {
    const context = workloadContext(pod, container, nowMs);
    const workload = registry.workloadFor(context);
    for (const l of workload.listens(context))
      if (l.port === port && l.protocol === protocol)
        return { container: container.name, port, protocol, workload, context };
  }
  return undefined;
}
