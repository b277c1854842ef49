/**
 * A simulated cloud-controller-manager's service controller (K8s `k8s.io/cloud-provider`
 * `controllers/service/controller.go`), with a cloud that hands out public addresses.
 *
 * What it does, as the real controller does with a cloud's LoadBalancer API:
 * - A Service of type LoadBalancer without `spec.loadBalancerClass` (`wantsLoadBalancer`) gets
 *   the finalizer `service.kubernetes.io/load-balancer-cleanup` and the event
 *   `EnsuringLoadBalancer` "Ensuring load balancer" at once. The cloud then takes a seeded time,
 *   uniform in [60 s, 120 s] by default (random stream `cloud-load-balancer`), to provision the load
 *   balancer, during which `kubectl get svc` shows `<pending>`. When it is ready, the Service's
 *   `status.loadBalancer.ingress` becomes `[{ip, ipMode: VIP}]` (the API server defaults `ipMode` to
 *   `VIP` where an `ip` is set, LoadBalancerIPMode being GA since 1.32; controller writes here
 *   bypass defaulting, so the stored value is written directly) and `EnsuredLoadBalancer`
 *   "Ensured load balancer" is recorded. The address is the lowest free host address of the
 *   configured public pool, or the deprecated `spec.loadBalancerIP` when it is in the pool and free.
 * - A refused address (requested one taken or outside the pool, pool exhausted) records Warning
 *   `SyncLoadBalancerFailed` "Error syncing load balancer: failed to ensure load balancer: ..." and
 *   retries with the controller's back-off (5 s doubling, at most 300 s).
 * - Deletion (deletionTimestamp with the finalizer) and type changes away from LoadBalancer (or
 *   setting a class) record `DeletingLoadBalancer` "Deleting load balancer", release the address,
 *   remove the finalizer, clear `status.loadBalancer` and record `DeletedLoadBalancer`
 *   "Deleted load balancer".
 * - Spec changes that matter to a load balancer (`needsUpdate`) record the real controller's
 *   change events (`Type` "ClusterIP -> LoadBalancer", `LoadBalancerSourceRanges`, `LoadbalancerIP`,
 *   `ExternalIP`, `ExternalTrafficPolicy`, `HealthCheckNodePort`, `IPFamilies`) and, for a
 *   provisioned load balancer, `EnsuringLoadBalancer` and `EnsuredLoadBalancer` again; a changed
 *   `spec.loadBalancerIP` re-provisions.
 * - Nodes: the load balancers target every node not being deleted, without the label
 *   `node.kubernetes.io/exclude-from-external-load-balancers`, with a `spec.providerID` and without the
 *   `ToBeDeletedByClusterAutoscaler` taint (the StableLoadBalancerNodeSet predicates, GA in 1.30:
 *   readiness is not one of them; the load balancer's health checks handle that). When that set
 *   changes, every provisioned load balancer records `UpdatedLoadBalancer` "Updated load balancer
 *   with new hosts", or Warning `UnAvailableLoadBalancer` "There are no available nodes for
 *   LoadBalancer" when it is empty.
 *
 * Not modelled: the 30 s periodic resync (nothing drifts in kubesim), cloud API errors.
 *
 * Cost: O(1) per Service change; O(nodes) per change of the node set (rare), plus one event per
 * load balancer as in the real controller. {@link CloudLoadBalancerController.ownerOf} is a hash lookup.
 *
 * @module
 */

import type { Node, Service, ServiceSpec } from "kubernetes-types/core/v1.js";
import type { KubeObject } from "../../api/KubeObject.js";
import type { Controller, ReconcileContext, ReconcileResult } from "../../controller/Controller.js";
import { splitObjectKey } from "../../controller/Controller.js";
import type { EventInput } from "../../events/recordEvent.js";
import { deepEqual, type WatchEvent } from "../../store/ObjectStore.js";
import { tryRecordEvent } from "../nodelifecycle/tryRecordEvent.js";
import { AddressRanges } from "./AddressRanges.js";

/** The finalizer the service controller puts on Services it made a load balancer for. */
export const LOAD_BALANCER_CLEANUP_FINALIZER = "service.kubernetes.io/load-balancer-cleanup";
/** The controller's name in cloud-controller-manager (`--controllers`). */
export const SERVICE_LB_CONTROLLER_NAME = "service-lb-controller";
/** The event source component of the service controller. */
export const SERVICE_CONTROLLER_EVENT_COMPONENT = "service-controller";
/** Label that keeps a node out of load balancers (`v1.LabelNodeExcludeBalancers`). */
export const LABEL_NODE_EXCLUDE_BALANCERS = "node.kubernetes.io/exclude-from-external-load-balancers";
/** The Cluster Autoscaler's taint on nodes it is about to delete. */
export const TO_BE_DELETED_TAINT = "ToBeDeletedByClusterAutoscaler";
/**
 * The default public pool: TEST-NET-3 (RFC 5737, `203.0.113.0/24`), reserved for documentation, so a
 * simulated public address can never be mistaken for a real one. Host addresses only: the first
 * load balancer gets `203.0.113.1`.
 */
export const DEFAULT_CLOUD_LOAD_BALANCER_ADDRESSES: readonly string[] = ["203.0.113.0/24"];
/** Default shortest provisioning time of a cloud load balancer ("within 1-2 minutes"). */
export const DEFAULT_LOAD_BALANCER_MIN_DELAY_MS = 60_000;
/** Default longest provisioning time of a cloud load balancer. */
export const DEFAULT_LOAD_BALANCER_MAX_DELAY_MS = 120_000;
/** The random stream the provisioning delays are drawn from. */
export const CLOUD_LOAD_BALANCER_RANDOM = "cloud-load-balancer";

/** `minRetryDelay` and `maxRetryDelay` of the service controller's queue. */
const MIN_RETRY_MS = 5_000;
const MAX_RETRY_MS = 300_000;
/** The key of the node sync (the real controller's separate node queue). */
const NODES_KEY = "\u0000nodes";
const SOURCE = Object.freeze({ component: SERVICE_CONTROLLER_EVENT_COMPONENT });

/** Options of {@link cloudLoadBalancerController}. */
export interface CloudLoadBalancerOptions {
  /** The cloud's public addresses: CIDRs (host addresses only) or `start-end` ranges. */
  readonly addresses?: readonly string[];
  /** Shortest provisioning time in ms of virtual time (default 60 s). */
  readonly minDelayMs?: number;
  /** Longest provisioning time in ms of virtual time (default 120 s). */
  readonly maxDelayMs?: number;
}

/** A Service by namespace and name. */
export interface ServiceRef {
  readonly namespace: string;
  readonly name: string;
}

/** The cloud service controller, and what the dataplane asks the cloud. */
export interface CloudLoadBalancerController extends Controller {
  /** The Service whose provisioned load balancer has address `ip` (canonical text), if any. O(1). */
  ownerOf(ip: string): ServiceRef | undefined;
  /** The address of a Service's provisioned load balancer, if any. O(1). */
  addressOf(namespace: string, name: string): string | undefined;
  /**
   * The nodes every load balancer targets (sorted names): the load balancer forwards to their node
   * ports, skipping those its health checks find unhealthy.
   */
  backendNodes(): readonly string[];
}

interface Balancer {
  readonly uid: string;
  /** The Service as last seen, to record events on it after it is gone. */
  svc: Service;
  state: "provisioning" | "active";
  /** When provisioning (or the next retry) completes. */
  readyAtMs: number;
  ip?: string;
  failures: number;
}

/**
 * The simulated cloud's service controller: see the module documentation. Register it with
 * `sim.addController(...)`; the returned object also answers the dataplane's questions.
 */
export function cloudLoadBalancerController(
  options: CloudLoadBalancerOptions = {},
): CloudLoadBalancerController {
  const minDelay = options.minDelayMs ?? DEFAULT_LOAD_BALANCER_MIN_DELAY_MS;
  const maxDelay = options.maxDelayMs ?? DEFAULT_LOAD_BALANCER_MAX_DELAY_MS;
  if (!Number.isInteger(minDelay) || !Number.isInteger(maxDelay) || minDelay < 0 || maxDelay < minDelay) {
    throw new Error(`cloudLoadBalancerController: invalid delay bounds [${minDelay}, ${maxDelay}] ms`);
  }
  const pool = new AddressRanges(options.addresses ?? DEFAULT_CLOUD_LOAD_BALANCER_ADDRESSES, {
    hostsOnly: true,
  });
  const balancers = new Map<string, Balancer>();
  const owners = new Map<string, ServiceRef>();
  /** Every Service as this controller last saw it: the informer's old object for `needsUpdate`. */
  const seen = new Map<string, Service>();
  let hosts: readonly string[] = [];

  const event = (ctx: ReconcileContext, svc: Service, input: EventInput) =>
    tryRecordEvent(ctx.tx, ctx.nowMs, svc as KubeObject, SOURCE, input);
  const normal = (ctx: ReconcileContext, svc: Service, reason: string, message: string) =>
    event(ctx, svc, { type: "Normal", reason, message });

  const release = (key: string) => {
    const lb = balancers.get(key);
    if (lb?.ip !== undefined) {
      pool.release(lb.ip);
      owners.delete(lb.ip);
    }
    balancers.delete(key);
  };

  const drawDelay = (ctx: ReconcileContext) => ctx.random(CLOUD_LOAD_BALANCER_RANDOM).int(minDelay, maxDelay);

  /** Writes `status.loadBalancer` (and the finalizer) when they differ from what is stored. */
  const patch = (ctx: ReconcileContext, svc: Service, ip: string | undefined, finalizer: boolean) => {
    const ingress = ip === undefined ? undefined : [{ ip, ipMode: "VIP" }];
    const wantStatus = ingress ? { ingress } : {};
    const has = hasFinalizer(svc);
    if (has === finalizer && deepEqual(svc.status?.loadBalancer ?? {}, wantStatus)) return;
    ctx.tx.mutate(
      { kind: "Service", namespace: svc.metadata!.namespace!, name: svc.metadata!.name! },
      (d) => {
        const draft = d as unknown as Service;
        if (finalizer && !has)
          draft.metadata!.finalizers = [
            ...(draft.metadata!.finalizers ?? []),
            LOAD_BALANCER_CLEANUP_FINALIZER,
          ];
        if (!finalizer && has) {
          const rest = (draft.metadata!.finalizers ?? []).filter(
            (f) => f !== LOAD_BALANCER_CLEANUP_FINALIZER,
          );
          if (rest.length > 0) draft.metadata!.finalizers = rest;
          else delete draft.metadata!.finalizers;
        }
        (draft as { status?: unknown }).status = { ...draft.status, loadBalancer: wantStatus };
      },
    );
  };

  const provision = (
    ctx: ReconcileContext,
    key: string,
    svc: Service,
    lb: Balancer,
  ): ReconcileResult | undefined => {
    if (lb.failures > 0) normal(ctx, svc, "EnsuringLoadBalancer", "Ensuring load balancer");
    const requested = svc.spec?.loadBalancerIP ?? "";
    let ip: string | undefined;
    let error: string | undefined;
    if (requested !== "") {
      const canonical = AddressRanges.canonical(requested);
      if (canonical === undefined || !pool.contains(canonical)) {
        error = `requested IP "${requested}" is not in the cloud's public address pool`;
      } else if (pool.isUsed(canonical)) {
        error = `requested IP "${requested}" is in use by another load balancer`;
      } else ip = canonical;
    } else {
      const family = svc.spec?.ipFamilies?.[0] === "IPv6" ? "IPv6" : "IPv4";
      ip = pool.lowestFree(family);
      if (ip === undefined) error = `no free ${family} address in the cloud's public address pool`;
    }
    if (ip === undefined) {
      lb.failures++;
      event(ctx, svc, {
        type: "Warning",
        reason: "SyncLoadBalancerFailed",
        message: `Error syncing load balancer: failed to ensure load balancer: ${error}`,
      });
      const retry = Math.min(MIN_RETRY_MS * 2 ** (lb.failures - 1), MAX_RETRY_MS);
      lb.readyAtMs = ctx.nowMs + retry;
      return { requeueAfterMs: retry };
    }
    if (hosts.length === 0) {
      event(ctx, svc, {
        type: "Warning",
        reason: "UnAvailableLoadBalancer",
        message: "There are no available nodes for LoadBalancer",
      });
    }
    normal(ctx, svc, "EnsuredLoadBalancer", "Ensured load balancer");
    patch(ctx, svc, ip, true);
    pool.take(ip);
    owners.set(ip, { namespace: svc.metadata!.namespace!, name: svc.metadata!.name! });
    lb.ip = ip;
    lb.state = "active";
    lb.failures = 0;
    void key;
    return undefined;
  };

  const syncNodes = (ctx: ReconcileContext) => {
    const names = (ctx.tx.list("Node") as Node[])
      .filter(nodeIncluded)
      .map((n) => n.metadata!.name!)
      .sort(compareStrings);
    if (names.length === hosts.length && names.every((n, i) => n === hosts[i])) return;
    hosts = names;
    for (const key of [...balancers.keys()].sort(compareStrings)) {
      const lb = balancers.get(key)!;
      if (lb.state !== "active") continue;
      if (hosts.length === 0) {
        event(ctx, lb.svc, {
          type: "Warning",
          reason: "UnAvailableLoadBalancer",
          message: "There are no available nodes for LoadBalancer",
        });
      } else normal(ctx, lb.svc, "UpdatedLoadBalancer", "Updated load balancer with new hosts");
    }
  };

  const deleteBalancer = (ctx: ReconcileContext, key: string, svc: Service) => {
    normal(ctx, svc, "DeletingLoadBalancer", "Deleting load balancer");
    release(key);
  };

  return {
    name: SERVICE_LB_CONTROLLER_NAME,
    watches: [
      { filter: { kind: "Service" } },
      {
        filter: { kind: "Node" },
        keys: (e: WatchEvent) =>
          e.type !== "MODIFIED" || nodeIncluded(e.object as Node) !== nodeIncluded(e.oldObject as Node)
            ? [NODES_KEY]
            : [],
      },
    ],

    reconcile(key, ctx) {
      if (key === NODES_KEY) {
        syncNodes(ctx);
        return undefined;
      }
      const { namespace, name } = splitObjectKey(key);
      const svc = ctx.tx.get("Service", namespace, name) as Service | undefined;
      const prev = seen.get(key);
      let lb = balancers.get(key);
      if (svc === undefined) {
        // Gone without this controller removing its finalizer (or it never had one).
        seen.delete(key);
        if (lb !== undefined) {
          deleteBalancer(ctx, key, lb.svc);
          normal(ctx, lb.svc, "DeletedLoadBalancer", "Deleted load balancer");
        }
        return undefined;
      }
      seen.set(key, svc);
      const uid = svc.metadata?.uid ?? "";
      if (lb !== undefined && lb.uid !== uid) {
        // Deleted and re-created between two looks: the old load balancer goes first.
        deleteBalancer(ctx, key, lb.svc);
        normal(ctx, lb.svc, "DeletedLoadBalancer", "Deleted load balancer");
        lb = undefined;
      }
      const sameObject = prev !== undefined && prev.metadata?.uid === uid;
      const changed = sameObject && needsUpdate(ctx, prev, svc);

      if (!wantsLoadBalancer(svc) || needsCleanup(svc)) {
        if (!hasFinalizer(svc) && lb === undefined && !(sameObject && wantsLoadBalancer(prev)))
          return undefined;
        if (lb !== undefined) deleteBalancer(ctx, key, svc);
        patch(ctx, svc, undefined, false);
        normal(ctx, svc, "DeletedLoadBalancer", "Deleted load balancer");
        return undefined;
      }

      if (lb === undefined) {
        // After a restart (snapshot), a Service that already has its address keeps it.
        const held = svc.status?.loadBalancer?.ingress?.[0]?.ip;
        const canonical = held === undefined ? undefined : AddressRanges.canonical(held);
        if (
          hasFinalizer(svc) &&
          canonical !== undefined &&
          pool.contains(canonical) &&
          !pool.isUsed(canonical)
        ) {
          pool.take(canonical);
          owners.set(canonical, { namespace, name });
          balancers.set(key, { uid, svc, state: "active", readyAtMs: ctx.nowMs, ip: canonical, failures: 0 });
          return undefined;
        }
        normal(ctx, svc, "EnsuringLoadBalancer", "Ensuring load balancer");
        patch(ctx, svc, undefined, true);
        const delay = drawDelay(ctx);
        balancers.set(key, { uid, svc, state: "provisioning", readyAtMs: ctx.nowMs + delay, failures: 0 });
        return { requeueAfterMs: delay };
      }
      lb.svc = svc;
      if (lb.state === "provisioning") {
        if (ctx.nowMs < lb.readyAtMs) return undefined;
        return provision(ctx, key, svc, lb);
      }
      if (changed) {
        normal(ctx, svc, "EnsuringLoadBalancer", "Ensuring load balancer");
        const requested = svc.spec?.loadBalancerIP ?? "";
        if (requested !== "" && AddressRanges.canonical(requested) !== lb.ip) {
          // A different address is a new cloud load balancer.
          patch(ctx, svc, undefined, true);
          pool.release(lb.ip!);
          owners.delete(lb.ip!);
          delete lb.ip;
          lb.state = "provisioning";
          const delay = drawDelay(ctx);
          lb.readyAtMs = ctx.nowMs + delay;
          return { requeueAfterMs: delay };
        }
        normal(ctx, svc, "EnsuredLoadBalancer", "Ensured load balancer");
      }
      patch(ctx, svc, lb.ip, true);
      return undefined;
    },

    ownerOf: (ip) => owners.get(ip),
    addressOf: (namespace, name) => {
      const lb = balancers.get(`${namespace}/${name}`);
      return lb?.state === "active" ? lb.ip : undefined;
    },
    backendNodes: () => hosts,
  };
}

/** `wantsLoadBalancer`: type LoadBalancer and no `loadBalancerClass` (a class means another implementation). */
export function wantsLoadBalancer(svc: Service): boolean {
  return svc.spec?.type === "LoadBalancer" && (svc.spec.loadBalancerClass ?? undefined) === undefined;
}

function hasFinalizer(svc: Service): boolean {
  return (svc.metadata?.finalizers ?? []).includes(LOAD_BALANCER_CLEANUP_FINALIZER);
}

/** `needsCleanup`: the finalizer is there and the Service is being deleted or is no longer a LoadBalancer. */
function needsCleanup(svc: Service): boolean {
  if (!hasFinalizer(svc)) return false;
  return svc.metadata?.deletionTimestamp !== undefined || svc.spec?.type !== "LoadBalancer";
}

/** The stable node set predicates: not being deleted, not excluded, has a provider ID, not about to be deleted. */
function nodeIncluded(node: Node | undefined): boolean {
  if (node === undefined) return false;
  if (node.metadata?.deletionTimestamp) return false;
  if (node.metadata?.labels?.[LABEL_NODE_EXCLUDE_BALANCERS] !== undefined) return false;
  if (!node.spec?.providerID) return false;
  return !(node.spec.taints ?? []).some((t) => t.key === TO_BE_DELETED_TAINT);
}

/** Go's `%v` of a string slice: `[a b]`. */
function goSlice(values: readonly string[] | undefined): string {
  return `[${(values ?? []).join(" ")}]`;
}

/**
 * `needsUpdate`: whether a change matters to the load balancer, recording the events the real
 * controller records for some of them (checked in its order; the first difference decides).
 */
function needsUpdate(ctx: ReconcileContext, old: Service, svc: Service): boolean {
  const o: ServiceSpec = old.spec ?? {};
  const n: ServiceSpec = svc.spec ?? {};
  const record = (reason: string, message: string) =>
    tryRecordEvent(ctx.tx, ctx.nowMs, svc as KubeObject, SOURCE, { type: "Normal", reason, message });
  const oldWants = wantsLoadBalancer(old);
  const newWants = wantsLoadBalancer(svc);
  if (!oldWants && !newWants) return false;
  if (oldWants !== newWants) {
    record("Type", `${o.type ?? ""} -> ${n.type ?? ""}`);
    return true;
  }
  if (!deepEqual(o.loadBalancerSourceRanges ?? [], n.loadBalancerSourceRanges ?? [])) {
    record(
      "LoadBalancerSourceRanges",
      `${goSlice(o.loadBalancerSourceRanges)} -> ${goSlice(n.loadBalancerSourceRanges)}`,
    );
    return true;
  }
  if (!deepEqual(o.ports ?? [], n.ports ?? []) || o.sessionAffinity !== n.sessionAffinity) return true;
  if (!deepEqual(o.sessionAffinityConfig, n.sessionAffinityConfig)) return true;
  if ((o.loadBalancerIP ?? "") !== (n.loadBalancerIP ?? "")) {
    record("LoadbalancerIP", `${o.loadBalancerIP ?? ""} -> ${n.loadBalancerIP ?? ""}`);
    return true;
  }
  const oldExternal = o.externalIPs ?? [];
  const newExternal = n.externalIPs ?? [];
  if (oldExternal.length !== newExternal.length) {
    record("ExternalIP", `Count: ${oldExternal.length} -> ${newExternal.length}`);
    return true;
  }
  for (let i = 0; i < oldExternal.length; i++) {
    if (oldExternal[i] !== newExternal[i]) {
      record("ExternalIP", `Added: ${newExternal[i]}`);
      return true;
    }
  }
  if (!deepEqual(old.metadata?.annotations ?? {}, svc.metadata?.annotations ?? {})) return true;
  if ((o.externalTrafficPolicy ?? "") !== (n.externalTrafficPolicy ?? "")) {
    record("ExternalTrafficPolicy", `${o.externalTrafficPolicy ?? ""} -> ${n.externalTrafficPolicy ?? ""}`);
    return true;
  }
  if ((o.healthCheckNodePort ?? 0) !== (n.healthCheckNodePort ?? 0)) {
    record("HealthCheckNodePort", `${o.healthCheckNodePort ?? 0} -> ${n.healthCheckNodePort ?? 0}`);
    return true;
  }
  if ((o.ipFamilies ?? []).length !== (n.ipFamilies ?? []).length) {
    record("IPFamilies", `Count: ${(o.ipFamilies ?? []).length} -> ${(n.ipFamilies ?? []).length}`);
    return true;
  }
  return false;
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
