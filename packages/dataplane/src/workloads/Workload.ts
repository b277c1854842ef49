/**
 * What answers a packet inside a pod: a workload is the behaviour of a container's process on
 * the network (which ports it listens on, what it replies). kubesim ships a catalogue of the
 * images tutorials use; users register their own.
 *
 * @module
 */
import type { KubeObject } from "@kubesim/core";
import type { AppRequest, AppResponse, Protocol, SocketAddress } from "../packet/Packet.js";

/** A listening socket of a container. */
export interface ListeningPort {
  readonly port: number;
  readonly protocol: Exclude<Protocol, "ICMP">;
}

/** What a workload knows about where it runs. */
export interface WorkloadContext {
  /** The pod (its spec, status, labels, env of its containers). */
  readonly pod: KubeObject;
  /** The container's name and its spec (image, command, args, env, ports). */
  readonly container: {
    readonly name: string;
    readonly image: string;
    readonly command?: readonly string[];
    readonly args?: readonly string[];
    readonly env?: readonly { readonly name: string; readonly value?: string }[];
    readonly ports?: readonly {
      readonly containerPort: number;
      readonly protocol?: string;
      readonly name?: string;
    }[];
  };
  /** The pod's hostname as its processes see it (`spec.hostname` or the pod name; the node's for hostNetwork). */
  readonly hostname: string;
  readonly nowMs: number;
}

/** One incoming request on a listening port. */
export interface WorkloadRequest {
  readonly protocol: Exclude<Protocol, "ICMP">;
  /** The address the server socket is bound to and was reached at. */
  readonly local: SocketAddress;
  /** The client address as the server sees it (after any SNAT). */
  readonly peer: SocketAddress;
  readonly request: AppRequest;
}

/** A container's network behaviour. */
export interface Workload {
  /** The ports the container listens on while it runs. */
  listens(ctx: WorkloadContext): readonly ListeningPort[];
  /** The answer to a request on one of those ports. */
  handle(ctx: WorkloadContext, request: WorkloadRequest): AppResponse;
}

/** Picks a workload for a container; returning undefined passes to the next matcher (and finally to the default). */
export type WorkloadMatcher = (ctx: WorkloadContext) => Workload | undefined;
