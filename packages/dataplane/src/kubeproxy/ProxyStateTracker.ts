/**
 * kube-proxy's change tracking and sync loop on virtual time: it watches Services and
 * EndpointSlices, remembers which Services changed, and after the min sync period turns them
 * into the next {@link ProxyStateSnapshot} (pkg/proxy/service.go `ServiceChangeTracker`,
 * endpointschangetracker.go, and the proxiers' `syncRunner`).
 *
 * @module
 */
import { deepEqual, type KubeObject, type Simulation } from "@kubesim/core";
import { type StaleUDPServicePort, staleUDPServicePorts } from "./_internal/trackerStaleUDP.js";
import { ProxyStateSnapshot, servicePortKey } from "./ProxyStateSnapshot.js";
import type { EndpointInfo, ProxyState, ServicePortInfo } from "./ServicePortInfo.js";
import { LABEL_SERVICE_NAME, servicePortInfos } from "./servicePortInfos.js";

export type { StaleUDPServicePort } from "./_internal/trackerStaleUDP.js";

/**
 * kube-proxy's `--iptables-min-sync-period` default, 1 s (`IPTables.MinSyncPeriod`,
 * pkg/proxy/apis/config/v1alpha1/defaults.go).
 */
export const DEFAULT_MIN_SYNC_PERIOD_MS = 1000;

/**
 * Called after each sync that changed something. `nodeName` is absent for the cluster-wide
 * sync, whose `staleUDP` applies to every node that is not paused; it names a node when that
 * node catches up after {@link ProxyStateTracker.resume}, with the stale UDP ports of
 * everything that changed while it was paused.
 */
export type ProxySyncListener = (
  state: ProxyState,
  staleUDP: readonly StaleUDPServicePort[],
  nodeName?: string,
) => void;

/** Options of a {@link ProxyStateTracker}. */
export interface ProxyStateTrackerOptions {
  readonly sim: Simulation;
  /** Least time between a change and the sync that applies it, and between two syncs (default 1000). */
  readonly minSyncPeriodMs?: number;
  readonly onSync?: ProxySyncListener;
}

/** What the last cluster-wide sync did, for inspection and tests. */
export interface ProxySyncStats {
  /** Virtual time of the sync. */
  readonly atMs: number;
  /** Services whose ports were recomputed (the changed ones only). */
  readonly servicesRecomputed: number;
  /** Service ports added or replaced, and removed. */
  readonly portsChanged: number;
  readonly portsRemoved: number;
}

interface PausedNode {
  readonly state: ProxyStateSnapshot;
  /** The ports each Service had when the node paused, recorded at the first change after. */
  readonly before: Map<string, readonly ServicePortInfo[]>;
  resume?: { readonly timer: number; readonly atMs: number };
}

/**
 * The state every node's kube-proxy programs, and when. A change to a Service or one of its
 * EndpointSlices is applied by a sync `minSyncPeriodMs` after it (later changes join that
 * sync), so there is always a window in which the rules are stale, even for the first change
 * after a quiet period. Real kube-proxy's runner allows a burst of two syncs and may apply an
 * isolated change at once, but informer delivery and rule writing take time too; the
 * simulator makes the window explicit and predictable instead.
 *
 * A sync costs in proportion to the Services that changed: only they are recomputed (an
 * index namespace/service → slices is kept from watch events), and every unchanged
 * {@link ServicePortInfo} is shared with the previous state (a recomputed port equal to its
 * old self is kept too).
 *
 * Created on a store that already holds objects, it lists them and syncs at once, as
 * kube-proxy syncs as soon as its informers have synced.
 */
export class ProxyStateTracker {
  readonly minSyncPeriodMs: number;
  readonly #sim: Simulation;
  readonly #onSync: ProxySyncListener | undefined;
  #state: ProxyStateSnapshot = ProxyStateSnapshot.empty();
  #version = 0;
  /** `namespace/service` → slice name → slice. */
  readonly #slicesByService = new Map<string, Map<string, KubeObject>>();
  /** `namespace/slice` → the `namespace/service` it is indexed under. */
  readonly #serviceOfSlice = new Map<string, string>();
  /** `namespace/service` → its ports in the current state. */
  readonly #portsByService = new Map<string, readonly ServicePortInfo[]>();
  readonly #dirty = new Set<string>();
  #sync: { readonly timer: number; readonly atMs: number } | undefined;
  readonly #paused = new Map<string, PausedNode>();
  readonly #unwatch: (() => void)[] = [];
  #stats: ProxySyncStats | undefined;

  constructor(options: ProxyStateTrackerOptions) {
    this.#sim = options.sim;
    this.minSyncPeriodMs = options.minSyncPeriodMs ?? DEFAULT_MIN_SYNC_PERIOD_MS;
    if (!(this.minSyncPeriodMs >= 0))
      throw new Error(`ProxyStateTracker: minSyncPeriodMs must be >= 0, got ${this.minSyncPeriodMs}`);
    this.#onSync = options.onSync;
    const store = this.#sim.store;
    this.#unwatch.push(
      store.watch({ kind: "Service" }, (e) => this.#markDirty(serviceKeyOf(e.object))),
      store.watch({ kind: "EndpointSlice" }, (e) => this.#onSlice(e.type, e.object)),
    );
    for (const slice of store.list("EndpointSlice")) this.#indexSlice(slice);
    for (const svc of store.list("Service")) this.#dirty.add(serviceKeyOf(svc));
    if (this.#dirty.size > 0) this.#runSync();
  }

  /** The cluster-wide state as of the latest sync. */
  state(): ProxyState {
    return this.#state;
  }

  /** The state `nodeName`'s kube-proxy has programmed: the latest, or the one it had when paused. */
  stateFor(nodeName: string): ProxyState {
    return this.#paused.get(nodeName)?.state ?? this.#state;
  }

  /** Whether changes are waiting for the next sync. */
  pendingChanges(): boolean {
    return this.#dirty.size > 0;
  }

  /** When the next sync (cluster-wide, or a resumed node's) will run, if one is scheduled. */
  nextSyncAtMs(): number | undefined {
    let next = this.#sync?.atMs;
    for (const p of this.#paused.values()) {
      if (p.resume && (next === undefined || p.resume.atMs < next)) next = p.resume.atMs;
    }
    return next;
  }

  /** What the last cluster-wide sync did (`undefined` before the first). */
  lastSync(): ProxySyncStats | undefined {
    return this.#stats;
  }

  /**
   * The node's kube-proxy loses the API server: it keeps the rules it has and ignores every
   * change until {@link resume}. Pausing a paused node (even one about to resume) keeps it paused.
   */
  pause(nodeName: string): void {
    const p = this.#paused.get(nodeName);
    if (p) {
      if (p.resume) this.#sim.cancel(p.resume.timer);
      delete p.resume;
      return;
    }
    this.#paused.set(nodeName, { state: this.#state, before: new Map() });
  }

  /**
   * The node's kube-proxy reaches the API server again: it relists and syncs
   * `minSyncPeriodMs` later, to the cluster-wide state of that moment.
   */
  resume(nodeName: string): void {
    const p = this.#paused.get(nodeName);
    if (!p || p.resume) return;
    const timer = this.#sim.schedule(this.minSyncPeriodMs, () => this.#resumeSync(nodeName), {
      background: true,
      label: `kube-proxy ${nodeName} resync`,
    });
    p.resume = { timer, atMs: this.#sim.nowMs + this.minSyncPeriodMs };
  }

  /** Whether the node is paused (including while it waits for its resume sync). */
  isPaused(nodeName: string): boolean {
    return this.#paused.has(nodeName);
  }

  /** Runs the pending sync now instead of at its time (bootstrapping, tests). */
  syncNow(): void {
    if (this.#sync) this.#sim.cancel(this.#sync.timer);
    this.#sync = undefined;
    this.#runSync();
  }

  /** Stops watching and cancels every scheduled sync. */
  stop(): void {
    for (const unwatch of this.#unwatch.splice(0)) unwatch();
    if (this.#sync) this.#sim.cancel(this.#sync.timer);
    this.#sync = undefined;
    for (const p of this.#paused.values()) {
      if (p.resume) this.#sim.cancel(p.resume.timer);
      delete p.resume;
    }
  }

  #onSlice(type: string, slice: KubeObject): void {
    const ref = sliceRefOf(slice);
    const oldKey = this.#serviceOfSlice.get(ref);
    if (oldKey !== undefined) {
      this.#slicesByService.get(oldKey)?.delete(slice.metadata.name ?? "");
      if (this.#slicesByService.get(oldKey)?.size === 0) this.#slicesByService.delete(oldKey);
      this.#serviceOfSlice.delete(ref);
      this.#markDirty(oldKey);
    }
    if (type !== "DELETED") {
      const key = this.#indexSlice(slice);
      if (key !== undefined) this.#markDirty(key);
    }
  }

  /** Indexes a slice under its Service; returns that Service's key (none without the label). */
  #indexSlice(slice: KubeObject): string | undefined {
    const serviceName = slice.metadata.labels?.[LABEL_SERVICE_NAME];
    // kube-proxy ignores a slice without the label ("no kubernetes.io/service-name label set").
    if (!serviceName) return undefined;
    const key = `${slice.metadata.namespace ?? "default"}/${serviceName}`;
    let byName = this.#slicesByService.get(key);
    if (!byName) {
      byName = new Map();
      this.#slicesByService.set(key, byName);
    }
    byName.set(slice.metadata.name ?? "", slice);
    this.#serviceOfSlice.set(sliceRefOf(slice), key);
    return key;
  }

  #markDirty(key: string): void {
    this.#dirty.add(key);
    if (this.#sync) return;
    const timer = this.#sim.schedule(
      this.minSyncPeriodMs,
      () => {
        this.#sync = undefined;
        this.#runSync();
      },
      { background: true, label: "kube-proxy sync" },
    );
    this.#sync = { timer, atMs: this.#sim.nowMs + this.minSyncPeriodMs };
  }

  #runSync(): void {
    const keys = [...this.#dirty].sort();
    this.#dirty.clear();
    const upserts: ServicePortInfo[] = [];
    const removed: string[] = [];
    const stale: StaleUDPServicePort[] = [];
    for (const key of keys) {
      const before = this.#portsByService.get(key) ?? [];
      const after = this.#compute(key, before);
      if (sameObjects(before, after)) continue;
      for (const p of this.#paused.values()) if (!p.before.has(key)) p.before.set(key, before);
      const afterKeys = new Set(after.map(servicePortKey));
      for (const port of after) if (!before.includes(port)) upserts.push(port);
      for (const port of before) if (!afterKeys.has(servicePortKey(port))) removed.push(servicePortKey(port));
      stale.push(...staleUDPServicePorts(before, after));
      if (after.length > 0) this.#portsByService.set(key, after);
      else this.#portsByService.delete(key);
    }
    const nowMs = this.#sim.nowMs;
    this.#stats = {
      atMs: nowMs,
      servicesRecomputed: keys.length,
      portsChanged: upserts.length,
      portsRemoved: removed.length,
    };
    if (upserts.length === 0 && removed.length === 0) return;
    this.#state = this.#state.withChanges(++this.#version, nowMs, upserts, removed);
    this.#onSync?.(this.#state, stale);
  }

  /** The Service's ports from the store and the slice index, re-using equal old objects. */
  #compute(key: string, before: readonly ServicePortInfo[]): readonly ServicePortInfo[] {
    const slash = key.indexOf("/");
    const service = this.#sim.store.get("Service", key.slice(0, slash), key.slice(slash + 1));
    if (!service) return [];
    const slices = [...(this.#slicesByService.get(key)?.values() ?? [])];
    return servicePortInfos(service, slices).map((port) => {
      const old = before.find((p) => p.name === port.name && p.protocol === port.protocol);
      if (!old) return port;
      if (deepEqual(old, port)) return old;
      return { ...port, endpoints: keepEqual(old.endpoints, port.endpoints) };
    });
  }

  #resumeSync(nodeName: string): void {
    const p = this.#paused.get(nodeName);
    if (!p) return;
    this.#paused.delete(nodeName);
    const stale: StaleUDPServicePort[] = [];
    for (const key of [...p.before.keys()].sort()) {
      stale.push(...staleUDPServicePorts(p.before.get(key)!, this.#portsByService.get(key) ?? []));
    }
    if (this.#state !== p.state) this.#onSync?.(this.#state, stale, nodeName);
  }
}

/**
 * `next` with each endpoint equal to the old one of the same `ip:port` replaced by that old one.
 * A port's infos live from one sync of its Service to the next, long enough to reach the
 * collector's old generation: when one pod of a Service changes, the others keep their objects
 * rather than leaving copies there as garbage.
 */
function keepEqual(old: readonly EndpointInfo[], next: readonly EndpointInfo[]): readonly EndpointInfo[] {
  const byEndpoint = new Map(old.map((e) => [e.endpoint, e]));
  return next.map((e) => {
    const o = byEndpoint.get(e.endpoint);
    return o && deepEqual(o, e) ? o : e;
  });
}

function serviceKeyOf(obj: KubeObject): string {
  return `${obj.metadata.namespace ?? "default"}/${obj.metadata.name ?? ""}`;
}

function sliceRefOf(slice: KubeObject): string {
  return `${slice.metadata.namespace ?? "default"}/${slice.metadata.name ?? ""}`;
}

function sameObjects(a: readonly ServicePortInfo[], b: readonly ServicePortInfo[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
