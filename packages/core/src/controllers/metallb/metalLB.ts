/**
 * MetalLB v0.14 in layer-2 mode: its controller (`controller/service.go` `convergeBalancer`,
 * `internal/allocator`) gives LoadBalancer Services addresses from IPAddressPools, and its speakers
 * (`speaker/main.go`, `speaker/layer2_controller.go`) elect, per address, the node that answers ARP.
 *
 * Controller (events from `metallb-controller`):
 * - Handles Services of type LoadBalancer without `spec.loadBalancerClass` (MetalLB's default, no
 *   `--lb-class`), reading IPAddressPools and L2Advertisements in `metallb-system`.
 * - Address choice (`allocateIPs`): the requested address (`metallb.io/loadBalancerIPs` annotation, or
 *   the deprecated `spec.loadBalancerIP`; both at once is an error); else the lowest usable address of
 *   the pool named by `metallb.io/address-pool`; else the lowest usable address of the first pool with
 *   one, pinned pools first (`allocateTo` namespaces, namespace selectors, Service selectors; sorted by
 *   `priority`, lower first, unset last), then every `autoAssign` pool without `allocateTo`. MetalLB
 *   walks the latter in Go map order (random); kubesim walks them by name.
 * - Sharing (`metallb.io/allow-shared-ip`): Services with the same key, the same backend key (their
 *   selector when externalTrafficPolicy is Local) and no port in common share an address.
 * - Success writes `status.loadBalancer.ingress: [{ip, ipMode: VIP}]` (VIP being the API server's
 *   default) and the annotation `metallb.io/ip-allocated-from-pool`, and records `IPAllocated`
 *   `Assigned IP ["192.168.1.240"]`; failure records Warning `AllocationFailed`
 *   `Failed to allocate IP for "default/web": no available IPs`, and is retried when an address is
 *   released or the configuration changes (MetalLB reprocesses all Services then).
 * - A Service that is no longer a LoadBalancer (or is deleted) loses its address and the annotation.
 *
 * Speaker, layer 2 (events from `metallb-speaker`): for each address, the eligible nodes are those
 * selected by an L2Advertisement of its pool (`ipAddressPools`, `ipAddressPoolSelectors`, or all pools
 * when neither is set; `nodeSelectors`, or all nodes), whose speaker is alive (kubesim: the node is
 * Ready), without the NetworkUnavailable condition and without the label
 * `node.kubernetes.io/exclude-from-external-load-balancers`; with externalTrafficPolicy Local only
 * those with a serving endpoint of the Service. No serving endpoint at all: nobody announces. The nodes
 * are sorted by `sha256(node + "#" + ip)` and the first announces; it records `nodeAssigned`
 * `announcing from node "kubesim-worker" with protocol "layer2"`. When that node stops being eligible
 * (NotReady, deleted, relabelled), the next one takes over and records its own `nodeAssigned`.
 * MetalLB's speaker re-records the event on each sync of the Service; kubesim records it when the
 * announcing node changes. BGP mode, interfaces and dual-stack Services (an address per family) are
 * not modelled: a Service gets an address of its primary family.
 *
 * @module
 */

import type { IPFamily } from "@kubesim/ipam";
import type { Node, Service } from "kubernetes-types/core/v1.js";
import type { EndpointSlice } from "kubernetes-types/discovery/v1.js";
import type { KubeObject } from "../../api/KubeObject.js";
import type { IPAddressPool, L2Advertisement } from "../../apis/metallb/types.js";
import { validateIPAddressPool } from "../../apis/metallb/validation.js";
import type { Controller, ReconcileContext } from "../../controller/Controller.js";
import { splitObjectKey } from "../../controller/Controller.js";
import { type Labels, labelSelectorAsSelector, selectorMatches } from "../../labels/selector.js";
import { deepEqual, type WatchEvent } from "../../store/ObjectStore.js";
import { AddressRanges } from "../cloudprovider/AddressRanges.js";
import {
  LABEL_NODE_EXCLUDE_BALANCERS,
  type ServiceRef,
} from "../cloudprovider/cloudLoadBalancerController.js";
import { tryRecordEvent } from "../nodelifecycle/tryRecordEvent.js";
import { type AllocationKeys, type AllocatorPool, MetalLBAllocator } from "./_internal/MetalLBAllocator.js";
import { compareDigests, sha256 } from "./_internal/sha256.js";

/** MetalLB's namespace: it reads its configuration there only. */
export const METALLB_NAMESPACE = "metallb-system";
/** Requested addresses, comma-separated. */
export const ANNOTATION_LOAD_BALANCER_IPS = "metallb.io/loadBalancerIPs";
/** The pool to allocate from. */
export const ANNOTATION_ADDRESS_POOL = "metallb.io/address-pool";
/** The sharing key. */
export const ANNOTATION_ALLOW_SHARED_IP = "metallb.io/allow-shared-ip";
/** Written by the controller: the pool the address came from. */
export const ANNOTATION_IP_ALLOCATED_FROM_POOL = "metallb.io/ip-allocated-from-pool";
/** The controllers' names in the simulation. */
export const METALLB_CONTROLLER_NAME = "metallb-controller";
export const METALLB_SPEAKER_NAME = "metallb-speaker";

const DEPRECATED_PREFIX = "metallb.universe.tf/";
const CONFIG_KEY = "\u0000config";
const NODE_PREFIX = "\u0000node/";
const LABEL_SERVICE_NAME = "kubernetes.io/service-name";
const CONTROLLER_SOURCE = { component: "metallb-controller" } as const;
const SPEAKER_SOURCE = { component: "metallb-speaker" } as const;

/** Options of {@link metalLB}. */
export interface MetalLBOptions {
  /** Where MetalLB reads IPAddressPools and L2Advertisements (default `metallb-system`). */
  readonly namespace?: string;
}

/** MetalLB's two controllers and what the dataplane asks them. */
export interface MetalLB {
  /** Register both with `sim.addController`: the allocating controller, then the speakers. */
  readonly controllers: readonly [Controller, Controller];
  /** The node answering ARP for a LoadBalancer address (its layer-2 leader), if any. O(1). */
  announcer(ip: string): string | undefined;
  /** The Services holding an address (several when shared), sorted. O(1) in the number of Services. */
  servicesOf(ip: string): readonly ServiceRef[];
}

/** Creates MetalLB's controller and speakers: see the module documentation. */
export function metalLB(options: MetalLBOptions = {}): MetalLB {
  const namespace = options.namespace ?? METALLB_NAMESPACE;
  const allocator = new MetalLBAllocator();
  const holders = new Map<string, ServiceRef[]>();
  /** Services whose allocation failed, retried when addresses free up or the configuration changes. */
  const failed = new Set<string>();
  let poolObjects: IPAddressPool[] = [];
  let configLoaded = false;

  const valueFor = (annotations: Record<string, string> | undefined, name: string): string => {
    const key = name.slice("metallb.io/".length);
    return annotations?.[name] ?? annotations?.[DEPRECATED_PREFIX + key] ?? "";
  };

  const updateHolders = (ip: string | undefined) => {
    if (ip === undefined) return;
    const list = allocator.servicesOn(ip).map(splitObjectKey);
    if (list.length === 0) holders.delete(ip);
    else holders.set(ip, list);
  };

  const loadConfig = (ctx: ReconcileContext): boolean => {
    const objects = (ctx.tx.list("IPAddressPool", { namespace }) as unknown as IPAddressPool[]).sort((a, b) =>
      compare(a.metadata.name ?? "", b.metadata.name ?? ""),
    );
    const pools = new Map<string, AllocatorPool>();
    for (const p of objects) {
      // The webhook refuses bad pools; one that got in anyway (no webhook in a test) is skipped.
      if (validateIPAddressPool(p, []) !== null) continue;
      pools.set(p.metadata.name!, {
        name: p.metadata.name!,
        addresses: new AddressRanges(p.spec.addresses, { avoidBuggyIPs: p.spec.avoidBuggyIPs ?? false }),
        autoAssign: p.spec.autoAssign ?? true,
      });
    }
    if (allocator.setPools(pools) !== undefined) return false;
    poolObjects = objects.filter((p) => pools.has(p.metadata.name!));
    configLoaded = true;
    return true;
  };

  const clear = (ctx: ReconcileContext, key: string, svc: Service | undefined) => {
    const ip = allocator.ip(key);
    if (allocator.unassign(key)) updateHolders(ip);
    failed.delete(key);
    if (svc === undefined) return;
    const annotations = svc.metadata?.annotations ?? {};
    const hasAnnotation = ANNOTATION_IP_ALLOCATED_FROM_POOL in annotations;
    if (!hasAnnotation && deepEqual(svc.status?.loadBalancer ?? {}, {})) return;
    write(ctx, svc, undefined, undefined);
  };

  const write = (ctx: ReconcileContext, svc: Service, ip: string | undefined, pool: string | undefined) => {
    const want = ip === undefined ? {} : { ingress: [{ ip, ipMode: "VIP" }] };
    const annotations = svc.metadata?.annotations ?? {};
    if (
      deepEqual(svc.status?.loadBalancer ?? {}, want) &&
      annotations[ANNOTATION_IP_ALLOCATED_FROM_POOL] === pool
    )
      return;
    ctx.tx.mutate(
      { kind: "Service", namespace: svc.metadata!.namespace!, name: svc.metadata!.name! },
      (d) => {
        const draft = d as unknown as Service;
        const a = { ...(draft.metadata!.annotations ?? {}) };
        if (pool === undefined) delete a[ANNOTATION_IP_ALLOCATED_FROM_POOL];
        else a[ANNOTATION_IP_ALLOCATED_FROM_POOL] = pool;
        delete a[`${DEPRECATED_PREFIX}ip-allocated-from-pool`];
        if (Object.keys(a).length > 0) draft.metadata!.annotations = a;
        else delete draft.metadata!.annotations;
        (draft as { status?: unknown }).status = { ...draft.status, loadBalancer: want };
      },
    );
  };

  const keysOf = (svc: Service): AllocationKeys => ({
    ports: (svc.spec?.ports ?? []).map((p) => `${p.protocol ?? "TCP"}/${p.port}`),
    sharing: valueFor(svc.metadata?.annotations, ANNOTATION_ALLOW_SHARED_IP),
    backend:
      svc.spec?.externalTrafficPolicy === "Local"
        ? Object.keys(svc.spec.selector ?? {})
            .sort()
            .map((k) => `${k}=${svc.spec!.selector![k]}`)
            .join(",")
        : "",
  });

  /** `getDesiredLbIPs`: the requested addresses in canonical form, or an error. */
  const desiredIPs = (svc: Service): string[] | Error => {
    const text = valueFor(svc.metadata?.annotations, ANNOTATION_LOAD_BALANCER_IPS);
    const specIP = svc.spec?.loadBalancerIP ?? "";
    if (text === "" && specIP === "") return [];
    if (text !== "" && specIP !== "")
      return new Error(
        `service can not have both ${ANNOTATION_LOAD_BALANCER_IPS} and svc.Spec.LoadBalancerIP`,
      );
    if (text !== "") {
      const out: string[] = [];
      for (const part of text.split(",")) {
        const ip = AddressRanges.canonical(part);
        if (ip === undefined) return new Error(`invalid ${ANNOTATION_LOAD_BALANCER_IPS}: "${text}"`);
        out.push(ip);
      }
      return out;
    }
    const ip = AddressRanges.canonical(specIP);
    return ip === undefined ? new Error(`invalid spec.loadBalancerIP "${specIP}"`) : [ip];
  };

  /** `pinnedPoolsForService` and the pool order of `Allocate`. */
  const poolOrder = (ctx: ReconcileContext, svc: Service): string[] => {
    const ns = svc.metadata?.namespace ?? "";
    const nsLabels = (ctx.tx.get("Namespace", "", ns)?.metadata.labels ?? {}) as Labels;
    const svcLabels = (svc.metadata?.labels ?? {}) as Labels;
    const matchesAny = (selectors: readonly unknown[] | undefined, labels: Labels) =>
      (selectors ?? []).some((s) => {
        const r = labelSelectorAsSelector(s as never);
        return r.ok && selectorMatches(r.selector, labels);
      });
    const pinned: IPAddressPool[] = [];
    const open: string[] = [];
    for (const p of poolObjects) {
      if (!(p.spec.autoAssign ?? true)) continue;
      const to = p.spec.allocateTo;
      if (to === undefined) {
        open.push(p.metadata.name!);
        continue;
      }
      const byNamespace = (to.namespaces ?? []).includes(ns) || matchesAny(to.namespaceSelectors, nsLabels);
      const bySelector = (to.serviceSelectors ?? []).length > 0;
      if (!byNamespace && !bySelector) continue;
      // isPoolCompatibleWithService
      if ((to.namespaces ?? []).length > 0 && !(to.namespaces ?? []).includes(ns)) continue;
      if ((to.serviceSelectors ?? []).length > 0 && !matchesAny(to.serviceSelectors, svcLabels)) continue;
      pinned.push(p);
    }
    const priority = (p: IPAddressPool) => p.spec.allocateTo?.priority ?? 0;
    pinned.sort((a, b) => {
      const pa = priority(a);
      const pb = priority(b);
      if (pa > 0 && pb > 0 && pa !== pb) return pa - pb;
      if (pa === 0 && pb > 0) return 1;
      if (pa > 0 && pb === 0) return -1;
      return compare(a.metadata.name!, b.metadata.name!);
    });
    return [...pinned.map((p) => p.metadata.name!), ...open];
  };

  const allocateIPs = (
    ctx: ReconcileContext,
    key: string,
    svc: Service,
    family: IPFamily,
  ): string | Error => {
    const desired = desiredIPs(svc);
    if (desired instanceof Error) return desired;
    const keys = keysOf(svc);
    const desiredPool = valueFor(svc.metadata?.annotations, ANNOTATION_ADDRESS_POOL);
    if (desired.length > 0) {
      const quoted = `[${desired.map((ip) => `"${ip}"`).join(" ")}]`;
      const ip = desired[0]!;
      if ((ip.includes(":") ? "IPv6" : "IPv4") !== family || desired.length > 1) {
        return new Error(`requested loadBalancer IP(s) ${quoted} does not match the ipFamily of the service`);
      }
      const err = allocator.assign(key, ip, keys);
      if (err !== undefined) return new Error(err);
      if (desiredPool !== "" && allocator.pool(key) !== desiredPool) {
        allocator.unassign(key);
        return new Error(
          `requested loadBalancer IP(s) ${quoted} is not compatible with requested address pool ${desiredPool}`,
        );
      }
      return ip;
    }
    if (desiredPool !== "") return allocator.allocateFromPool(key, family, desiredPool, keys);
    for (const pool of poolOrder(ctx, svc)) {
      const ip = allocator.allocateFromPool(key, family, pool, keys);
      if (typeof ip === "string") return ip;
    }
    return new Error("no available IPs");
  };

  /** `convergeBalancer` for one Service; returns whether an address was released. */
  const converge = (ctx: ReconcileContext, key: string): boolean => {
    const { namespace: ns, name } = splitObjectKey(key);
    const svc = ctx.tx.get("Service", ns, name) as Service | undefined;
    const before = allocator.ip(key);
    const mine =
      svc !== undefined &&
      svc.spec?.type === "LoadBalancer" &&
      (svc.spec.loadBalancerClass ?? undefined) === undefined &&
      svc.metadata?.deletionTimestamp === undefined;
    if (!mine) {
      // Not a LoadBalancer (any more), or one of another implementation: clear what MetalLB manages.
      if (svc === undefined || svc.spec?.type !== "LoadBalancer") clear(ctx, key, svc);
      else clear(ctx, key, undefined);
      return before !== undefined;
    }
    if (allocator.pools.size === 0 || !(svc.spec?.clusterIP || (svc.spec?.clusterIPs ?? []).length > 0)) {
      clear(ctx, key, svc);
      return before !== undefined;
    }
    const family: IPFamily = svc.spec?.ipFamilies?.[0] === "IPv6" ? "IPv6" : "IPv4";
    let ip = AddressRanges.canonical(svc.status?.loadBalancer?.ingress?.[0]?.ip ?? "");
    if (ip !== undefined) {
      const keyText = `"${key}"`;
      const err = allocator.assign(key, ip, keysOf(svc));
      if (err !== undefined) {
        tryRecordEvent(ctx.tx, ctx.nowMs, svc as KubeObject, CONTROLLER_SOURCE, {
          type: "Normal",
          reason: "ClearAssignment",
          message: `current IP for ${keyText} not allowed by config, will attempt for new IP assignment: ${err}`,
        });
        allocator.unassign(key);
        ip = undefined;
      } else {
        const desiredPool = valueFor(svc.metadata?.annotations, ANNOTATION_ADDRESS_POOL);
        const desired = desiredIPs(svc);
        if (desired instanceof Error) {
          tryRecordEvent(ctx.tx, ctx.nowMs, svc as KubeObject, CONTROLLER_SOURCE, {
            type: "Warning",
            reason: "LoadBalancerFailed",
            message: `invalid requested loadbalancer IPs: ${desired.message}`,
          });
          return false;
        }
        if (
          (desiredPool !== "" && allocator.pool(key) !== desiredPool) ||
          (desired.length > 0 && !(desired.length === 1 && desired[0] === ip))
        ) {
          allocator.unassign(key);
          ip = undefined;
        }
      }
    }
    if (ip === undefined) {
      const result = allocateIPs(ctx, key, svc, family);
      if (result instanceof Error) {
        allocator.unassign(key);
        tryRecordEvent(ctx.tx, ctx.nowMs, svc as KubeObject, CONTROLLER_SOURCE, {
          type: "Warning",
          reason: "AllocationFailed",
          message: `Failed to allocate IP for "${key}": ${result.message}`,
        });
        failed.add(key);
        write(ctx, svc, undefined, undefined);
        updateHolders(before);
        return before !== undefined;
      }
      ip = result;
      tryRecordEvent(ctx.tx, ctx.nowMs, svc as KubeObject, CONTROLLER_SOURCE, {
        type: "Normal",
        reason: "IPAllocated",
        message: `Assigned IP ["${ip}"]`,
      });
    }
    failed.delete(key);
    write(ctx, svc, ip, allocator.pool(key));
    updateHolders(before);
    updateHolders(ip);
    return before !== undefined && before !== ip;
  };

  const retryFailed = (ctx: ReconcileContext) => {
    for (const key of [...failed].sort(compare)) converge(ctx, key);
  };

  const controller: Controller = {
    name: METALLB_CONTROLLER_NAME,
    watches: [
      { filter: { kind: "Service" } },
      { filter: { kind: "IPAddressPool", namespace }, keys: () => [CONFIG_KEY] },
    ],
    reconcile(key, ctx) {
      if (key === CONFIG_KEY || !configLoaded) {
        const first = !configLoaded;
        if (!loadConfig(ctx) && !first) return undefined;
        if (first) {
          // Like MetalLB at start: every Service's current address is claimed before any new one is handed out.
          for (const s of (ctx.tx.list("Service") as Service[]).sort((a, b) =>
            compare(svcKey(a), svcKey(b)),
          )) {
            const ip = AddressRanges.canonical(s.status?.loadBalancer?.ingress?.[0]?.ip ?? "");
            if (ip !== undefined && s.spec?.type === "LoadBalancer" && !s.spec.loadBalancerClass) {
              if (allocator.assign(svcKey(s), ip, keysOf(s)) === undefined) updateHolders(ip);
            }
          }
        }
        // SyncStateReprocessAll
        for (const s of (ctx.tx.list("Service") as Service[]).sort((a, b) => compare(svcKey(a), svcKey(b)))) {
          if (s.spec?.type === "LoadBalancer" || allocator.ip(svcKey(s)) !== undefined)
            converge(ctx, svcKey(s));
        }
        if (key === CONFIG_KEY) return undefined;
      }
      if (converge(ctx, key) && failed.size > 0) retryFailed(ctx);
      return undefined;
    },
  };

  // ---- speakers (layer 2) ----
  /** Nodes whose speaker may announce (alive, network available, not excluded), with their labels. */
  const speakerNodes = new Map<string, Labels>();
  interface Announcement {
    readonly ip: string;
    readonly node: string;
    readonly digest: Uint8Array;
    /** The inputs it was decided from, to skip re-deciding when nothing relevant changed. */
    readonly inputs: string;
  }
  const announced = new Map<string, Announcement>();
  const byNode = new Map<string, Set<string>>();
  const announcers = new Map<string, string>();
  let advertisements: L2Advertisement[] = [];
  let speakerPools: IPAddressPool[] = [];

  const setAnnouncement = (key: string, a: Announcement | undefined) => {
    const old = announced.get(key);
    if (old !== undefined) {
      byNode.get(old.node)?.delete(key);
      if (announcers.get(old.ip) === old.node) announcers.delete(old.ip);
    }
    if (a === undefined) {
      announced.delete(key);
      return;
    }
    announced.set(key, a);
    const set = byNode.get(a.node) ?? new Set<string>();
    byNode.set(a.node, set);
    set.add(key);
    announcers.set(a.ip, a.node);
  };

  const poolOfIP = (ip: string): IPAddressPool | undefined =>
    speakerPools.find((p) => {
      try {
        return new AddressRanges(p.spec.addresses, { avoidBuggyIPs: p.spec.avoidBuggyIPs ?? false }).contains(
          ip,
        );
      } catch {
        return false;
      }
    });

  /** The node selectors of the advertisements of a pool (`undefined` entries select every node). */
  const advertisementsFor = (pool: IPAddressPool): L2Advertisement[] =>
    advertisements.filter((adv) => {
      const names = adv.spec?.ipAddressPools ?? [];
      const selectors = adv.spec?.ipAddressPoolSelectors ?? [];
      if (names.length === 0 && selectors.length === 0) return true;
      if (names.includes(pool.metadata.name!)) return true;
      return selectors.some((s) => {
        const r = labelSelectorAsSelector(s as never);
        return r.ok && selectorMatches(r.selector, (pool.metadata.labels ?? {}) as Labels);
      });
    });

  const nodeSelected = (advs: readonly L2Advertisement[], labels: Labels): boolean =>
    advs.some((adv) => {
      const selectors = adv.spec?.nodeSelectors ?? [];
      if (selectors.length === 0) return true;
      return selectors.some((s) => {
        const r = labelSelectorAsSelector(s as never);
        return r.ok && selectorMatches(r.selector, labels);
      });
    });

  /** Decides who announces a Service's address (`ShouldAnnounce` on every speaker at once). */
  const decide = (ctx: ReconcileContext, key: string, force: boolean) => {
    const { namespace: ns, name } = splitObjectKey(key);
    const svc = ctx.tx.get("Service", ns, name) as Service | undefined;
    const ip = AddressRanges.canonical(svc?.status?.loadBalancer?.ingress?.[0]?.ip ?? "");
    if (svc === undefined || svc.spec?.type !== "LoadBalancer" || ip === undefined) {
      setAnnouncement(key, undefined);
      return;
    }
    const pool = poolOfIP(ip);
    const advs = pool === undefined ? [] : advertisementsFor(pool);
    // Endpoints that can serve (EndpointCanServe: ready, where unset means ready).
    const slices = ctx.tx.list("EndpointSlice", {
      namespace: ns,
      labelSelector: {
        kind: "requirements",
        requirements: [{ key: LABEL_SERVICE_NAME, operator: "=", values: [name] }],
      },
    }) as unknown as EndpointSlice[];
    const endpointNodes = new Set<string>();
    let active = false;
    for (const slice of slices) {
      for (const ep of slice.endpoints ?? []) {
        if (ep.conditions?.ready === false) continue;
        active = true;
        if (ep.nodeName) endpointNodes.add(ep.nodeName);
      }
    }
    const local = svc.spec?.externalTrafficPolicy === "Local";
    const inputs = `${ip}|${pool?.metadata.name ?? ""}|${active}|${local ? [...endpointNodes].sort().join(",") : ""}`;
    const current = announced.get(key);
    if (!force && current !== undefined && current.inputs === inputs && speakerNodes.has(current.node))
      return;
    if (pool === undefined || advs.length === 0 || !active) {
      setAnnouncement(key, undefined);
      return;
    }
    const candidates = local
      ? [...endpointNodes].filter((n) => speakerNodes.has(n))
      : [...speakerNodes.keys()];
    let best: { node: string; digest: Uint8Array } | undefined;
    for (const node of candidates) {
      if (!nodeSelected(advs, speakerNodes.get(node)!)) continue;
      const digest = sha256(`${node}#${ip}`);
      if (best === undefined || compareDigests(digest, best.digest) < 0) best = { node, digest };
    }
    if (best === undefined) {
      setAnnouncement(key, undefined);
      return;
    }
    const changed = current?.node !== best.node || current.ip !== ip;
    setAnnouncement(key, { ip, node: best.node, digest: best.digest, inputs });
    if (changed) {
      tryRecordEvent(ctx.tx, ctx.nowMs, svc as KubeObject, SPEAKER_SOURCE, {
        type: "Normal",
        reason: "nodeAssigned",
        message: `announcing from node "${best.node}" with protocol "layer2"`,
      });
    }
  };

  const loadSpeakerConfig = (ctx: ReconcileContext) => {
    speakerPools = (ctx.tx.list("IPAddressPool", { namespace }) as unknown as IPAddressPool[])
      .filter((p) => validateIPAddressPool(p, []) === null)
      .sort((a, b) => compare(a.metadata.name!, b.metadata.name!));
    advertisements = (ctx.tx.list("L2Advertisement", { namespace }) as unknown as L2Advertisement[]).sort(
      (a, b) => compare(a.metadata.name!, b.metadata.name!),
    );
  };

  const lbServiceKeys = (ctx: ReconcileContext) =>
    (ctx.tx.list("Service") as Service[])
      .filter((s) => s.spec?.type === "LoadBalancer" || announced.has(svcKey(s)))
      .map(svcKey)
      .sort(compare);

  let speakerLoaded = false;
  const speaker: Controller = {
    name: METALLB_SPEAKER_NAME,
    watches: [
      { filter: { kind: "Service" } },
      {
        filter: { kind: "EndpointSlice" },
        keys: (e: WatchEvent) => {
          const svcName = e.object.metadata.labels?.[LABEL_SERVICE_NAME];
          return svcName ? [`${e.object.metadata.namespace}/${svcName}`] : [];
        },
      },
      {
        filter: { kind: "Node" },
        keys: (e: WatchEvent) =>
          e.type === "MODIFIED" && deepEqual(speakerView(e.object as Node), speakerView(e.oldObject as Node))
            ? []
            : [NODE_PREFIX + e.object.metadata.name],
      },
      { filter: { kind: "IPAddressPool", namespace }, keys: () => [CONFIG_KEY] },
      { filter: { kind: "L2Advertisement", namespace }, keys: () => [CONFIG_KEY] },
    ],
    reconcile(key, ctx) {
      if (!speakerLoaded) {
        speakerLoaded = true;
        for (const n of ctx.tx.list("Node") as Node[]) {
          const view = speakerView(n);
          if (view !== null) speakerNodes.set(n.metadata!.name!, view);
        }
        loadSpeakerConfig(ctx);
      }
      if (key === CONFIG_KEY) {
        loadSpeakerConfig(ctx);
        for (const k of lbServiceKeys(ctx)) decide(ctx, k, true);
        return undefined;
      }
      if (key.startsWith(NODE_PREFIX)) {
        const nodeName = key.slice(NODE_PREFIX.length);
        const node = ctx.tx.get("Node", "", nodeName) as Node | undefined;
        const view = node === undefined ? null : speakerView(node);
        const before = speakerNodes.get(nodeName);
        if (view === null) speakerNodes.delete(nodeName);
        else speakerNodes.set(nodeName, view);
        // The node left or changed: the Services it announced elect again.
        if (before !== undefined)
          for (const k of [...(byNode.get(nodeName) ?? [])].sort(compare)) decide(ctx, k, true);
        if (view === null) return undefined;
        // The node (re)joined: it takes over wherever it sorts first; Services nobody announces try again.
        for (const k of lbServiceKeys(ctx)) {
          const a = announced.get(k);
          if (a === undefined || a.node === nodeName) {
            decide(ctx, k, a === undefined);
            continue;
          }
          if (compareDigests(sha256(`${nodeName}#${a.ip}`), a.digest) < 0) decide(ctx, k, true);
        }
        return undefined;
      }
      decide(ctx, key, false);
      return undefined;
    },
  };

  return {
    controllers: [controller, speaker],
    announcer: (ip) => announcers.get(ip),
    servicesOf: (ip) => holders.get(ip) ?? [],
  };
}

/** What the speakers see of a node: its labels when its speaker may announce, else null. */
function speakerView(node: Node | undefined): Labels | null {
  if (node === undefined || node.metadata?.deletionTimestamp) return null;
  const labels = (node.metadata?.labels ?? {}) as Labels;
  if (labels[LABEL_NODE_EXCLUDE_BALANCERS] !== undefined) return null;
  const conditions = node.status?.conditions ?? [];
  if (conditions.find((c) => c.type === "Ready")?.status !== "True") return null;
  if (conditions.find((c) => c.type === "NetworkUnavailable")?.status === "True") return null;
  return labels;
}

function svcKey(s: Service): string {
  return `${s.metadata?.namespace ?? ""}/${s.metadata?.name ?? ""}`;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
