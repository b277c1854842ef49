/**
 * ClusterIP and NodePort allocation for Services: a port of Kubernetes'
 * `pkg/registry/core/service/storage/alloc.go` (with `patchAllocatedValues` and
 * `normalizeClusterIPs` from `storage.go`, and `dropTypeDependentFields` from the Service
 * strategy), Kubernetes 1.33.
 *
 * The API server runs this in `BeginCreate`/`BeginUpdate`, before validation, so a requested
 * ClusterIP or NodePort that is taken or out of range is reported by the allocator. Allocation
 * state lives in the store (IPAddress objects for ClusterIPs, one RangeAllocation bitmap for
 * NodePorts), written through the caller's transaction: when the caller's request fails later
 * (validation, admission) and the transaction is abandoned, the allocations vanish with it.
 * When these functions themselves fail they undo their own writes first.
 *
 * @module
 */

import {
  calculateNodePortRangeOffset,
  formatCIDR,
  formatIP,
  type IPFamily,
  mustParseCIDR,
  otherFamily,
  type PortRange,
  parseCIDR,
  parseIPSloppy,
  parsePortRange,
  type ServiceIPRange,
  serviceIPRange,
} from "@kubesim/ipam";
import type { Service, ServicePort, ServiceSpec } from "kubernetes-types/core/v1.js";
import type { KubeObject } from "../../api/KubeObject.js";
import { newInternalError } from "../../api/StatusError.js";
import type { Transaction } from "../../store/ObjectStore.js";
import { type FieldError, invalid, path } from "../../validation/field.js";
import {
  allocateClusterIP,
  allocateNextClusterIP,
  familyOfIP,
  NETWORKING_V1,
  type RandomSource,
  releaseClusterIP,
  type ServiceRef,
} from "./clusterIPAllocator.js";
import { NodePortOperation } from "./NodePortOperation.js";

export type { RandomSource } from "./clusterIPAllocator.js";

/** The cluster's Service address configuration (kube-apiserver flags). */
export interface ServiceAllocationConfig {
  /** `--service-cluster-ip-range`: one CIDR, or two of different families; the first is the primary family. */
  readonly serviceCIDRs: readonly string[];
  /** `--service-node-port-range`, e.g. `30000-32767`. */
  readonly nodePortRange: string;
}

/** kubesim's defaults, a kubeadm cluster's: `10.96.0.0/12` and `30000-32767`. */
export const DEFAULT_SERVICE_ALLOCATION_CONFIG: ServiceAllocationConfig = {
  serviceCIDRs: ["10.96.0.0/12"],
  nodePortRange: "30000-32767",
};

/**
 * Where dynamic picks come from: one stream for everything, or one per allocator (the lead passes
 * `sim.random("clusterip-allocator")` and `sim.random("nodeport-allocator")`, so NodePort traffic
 * never shifts which ClusterIPs are chosen).
 */
export type ServiceAllocationRandom =
  | RandomSource
  | { readonly clusterIPs: RandomSource; readonly nodePorts: RandomSource };

/** The outcome of an allocation: the Service with its addresses filled in, or field errors for a 422 Invalid. */
export type ServiceAllocationResult =
  | { readonly service: Service }
  | { readonly errors: readonly FieldError[] };

/** Optional collaborators of the allocation. */
export interface ServiceAllocationOptions {
  /**
   * Kubernetes' `ValidateServiceClusterIPsRelatedFields`, which `initIPFamilyFields` runs as a
   * "loose pre-validation" and whose errors it returns. Without it, malformed ClusterIP fields are
   * left alone (no ClusterIP is allocated) for the caller's validation to report.
   */
  readonly validateClusterIPsRelatedFields?: (service: Service) => FieldError[];
}

const CLUSTER_IP_NONE = "None";
const SINGLE_STACK = "SingleStack";
const PREFER_DUAL_STACK = "PreferDualStack";
const REQUIRE_DUAL_STACK = "RequireDualStack";

interface ResolvedConfig {
  /** Allocators by family, the primary family's first. */
  readonly ranges: ReadonlyMap<IPFamily, ServiceIPRange>;
  readonly primaryFamily: IPFamily;
  readonly portRange: PortRange;
}

/**
 * Reads the configuration. Bad configuration is a broken invariant of the simulated cluster
 * (kube-apiserver would not start), so it throws with kube-apiserver's own texts where it has them.
 */
function resolveConfig(config: ServiceAllocationConfig): ResolvedConfig {
  const cidrs = config.serviceCIDRs;
  if (cidrs.length === 0 || cidrs.length > 2) {
    throw new Error("--service-cluster-ip-range must not contain more than two entries");
  }
  const ranges = new Map<IPFamily, ServiceIPRange>();
  for (const text of cidrs) {
    const parsed = parseCIDR(text);
    if (!parsed.ok) throw new Error(parsed.error);
    const cidr = parsed.value.cidr;
    if (ranges.has(cidr.family)) {
      throw new Error(
        "--service-cluster-ip-range[0] and --service-cluster-ip-range[1] must be of different IP family",
      );
    }
    ranges.set(cidr.family, serviceIPRange(cidr));
  }
  const portRange = parsePortRange(config.nodePortRange);
  if (!portRange.ok) throw new Error(portRange.error);
  return { ranges, primaryFamily: [...ranges.keys()][0]!, portRange: portRange.value };
}

/** Splits the random argument into the two streams. */
function streams(rng: ServiceAllocationRandom): { clusterIPs: RandomSource; nodePorts: RandomSource } {
  return "clusterIPs" in rng ? rng : { clusterIPs: rng, nodePorts: rng };
}

/**
 * The `kubernetes` ServiceCIDR object (`networking.k8s.io/v1`) for the configured ranges, as the
 * API server's default-ServiceCIDR controller creates it (K8s
 * `pkg/controlplane/controller/defaultservicecidr`): `spec.cidrs` primary first and, when a
 * timestamp is given, the `Ready` condition that controller sets.
 */
export function serviceCIDRObject(config: ServiceAllocationConfig, lastTransitionTime?: string): KubeObject {
  const cidrs = config.serviceCIDRs.map((c) => formatCIDR(mustParseCIDR(c)));
  const obj: KubeObject = {
    apiVersion: NETWORKING_V1,
    kind: "ServiceCIDR",
    metadata: { name: "kubernetes" },
    spec: { cidrs },
  };
  if (lastTransitionTime !== undefined) {
    obj.status = {
      conditions: [
        {
          lastTransitionTime,
          message: "Kubernetes default Service CIDR is ready",
          // The controller applies the condition without a reason; metav1.Condition keeps the empty field.
          reason: "",
          status: "True",
          type: "Ready",
        },
      ],
    };
  }
  return obj;
}

// ---------------------------------------------------------------------------------------------
// Public entry points

/**
 * Allocates what a new Service needs (`Allocators.allocateCreate`, after `normalizeClusterIPs`):
 * defaults `ipFamilyPolicy`/`ipFamilies` against the configured ranges, takes the requested
 * ClusterIPs or picks them (upper band first), then the NodePorts of NodePort and LoadBalancer
 * Services (ports sharing a `port` number share one nodePort; none allocated for a LoadBalancer
 * with `allocateLoadBalancerNodePorts: false` unless requested) and the `healthCheckNodePort` of a
 * LoadBalancer with `externalTrafficPolicy: Local`.
 *
 * Returns the allocated Service (a new object; the input is not touched), or the field errors of
 * a 422 (`spec.clusterIPs: Invalid value: []string{"10.96.0.10"}: failed to allocate IP
 * 10.96.0.10: provided IP is already allocated`, `spec.ports[0].nodePort: Invalid value: 30080:
 * provided port is already allocated`). A full range throws a StatusError InternalError
 * (`Internal error occurred: failed to allocate a serviceIP: range is full`).
 */
export function allocateServiceOnCreate(
  tx: Transaction,
  svc: Service,
  config: ServiceAllocationConfig,
  rng: ServiceAllocationRandom,
  options: ServiceAllocationOptions = {},
): ServiceAllocationResult {
  const cfg = resolveConfig(config);
  const random = streams(rng);
  const service = cloneService(svc);
  const spec = service.spec!;
  normalizeClusterIPs(spec, undefined);
  const txn = new AllocationTxn(tx, ownerOf(service));
  return txn.run(() => {
    const init = initIPFamilyFields(service, undefined, cfg, options);
    if (init !== "malformed") {
      if (init.length > 0) return { errors: init };
      const errs = allocClusterIPs(txn, service, cfg, random.clusterIPs);
      if (errs.length > 0) return { errors: errs };
    }
    const ports = new NodePortOperation(tx, calculateNodePortRangeOffset, cfg.portRange);
    if (needsNodePort(spec)) {
      const errs = initNodePorts(spec, ports, random.nodePorts);
      if (errs.length > 0) return { errors: errs };
    }
    if (needsHealthCheck(spec)) allocHealthCheckNodePort(spec, ports, random.nodePorts);
    ports.commit();
    return { service };
  });
}

/**
 * Allocates and releases what an updated Service needs (`REST.beginUpdate`: `patchAllocatedValues`,
 * `normalizeClusterIPs`, `Allocators.allocateUpdate`; then the strategy's
 * `dropTypeDependentFields`):
 * - values the server allocated are kept when the update omits them (a re-applied manifest keeps
 *   its ClusterIP, NodePorts matched by port name, and healthCheckNodePort);
 * - ExternalName → other types allocates ClusterIPs; other types → ExternalName releases them and
 *   drops `clusterIP(s)`, `ipFamilies` and `ipFamilyPolicy` when the update left them unchanged;
 * - dual-stack upgrade allocates the secondary ClusterIP, downgrade releases it;
 * - NodePort/LoadBalancer → ClusterIP/ExternalName releases the NodePorts (and drops unchanged
 *   ones); changed or new NodePorts are allocated, removed ones released;
 * - `healthCheckNodePort` is allocated when a Service starts needing one and released when it stops.
 *
 * Releases happen only when the whole update succeeds. `old` is the stored Service.
 */
export function allocateServiceOnUpdate(
  tx: Transaction,
  svc: Service,
  old: Service,
  config: ServiceAllocationConfig,
  rng: ServiceAllocationRandom,
  options: ServiceAllocationOptions = {},
): ServiceAllocationResult {
  const cfg = resolveConfig(config);
  const random = streams(rng);
  const service = cloneService(svc);
  const spec = service.spec!;
  const oldSpec: ServiceSpec = old.spec ?? {};
  patchAllocatedValues(spec, oldSpec);
  normalizeClusterIPs(spec, oldSpec);
  const txn = new AllocationTxn(tx, ownerOf(old));
  return txn.run(() => {
    let toRelease: string[] = [];
    const init = initIPFamilyFields(service, old, cfg, options);
    if (init !== "malformed") {
      if (init.length > 0) return { errors: init };
      const result = updateClusterIPs(txn, service, old, cfg, random.clusterIPs);
      if ("errors" in result) return result;
      toRelease = result.toRelease;
    }
    const ports = new NodePortOperation(tx, calculateNodePortRangeOffset, cfg.portRange);
    const errs = updateNodePortsTxn(spec, oldSpec, ports, random.nodePorts);
    if (errs.length > 0) return { errors: errs };
    // Success: now the deferred releases happen.
    for (const ip of toRelease) releaseClusterIP(tx, ip, txn.owner);
    ports.commit();
    dropTypeDependentFields(spec, oldSpec);
    return { service };
  });
}

/**
 * Releases everything a deleted Service held (`Allocators.releaseAllocatedResources`): its
 * ClusterIPs (not for ExternalName or headless Services), every nodePort on its ports, and its
 * healthCheckNodePort when it needs one. Releasing what is not allocated is a no-op.
 */
export function releaseServiceAllocations(tx: Transaction, svc: Service): void {
  const spec: ServiceSpec = svc.spec ?? {};
  const owner = ownerOf(svc);
  if (serviceType(spec) !== "ExternalName") {
    const ips = spec.clusterIPs?.length ? spec.clusterIPs : spec.clusterIP ? [spec.clusterIP] : [];
    if (ips[0] !== CLUSTER_IP_NONE) for (const ip of ips) releaseClusterIP(tx, ip, owner);
  }
  const ports = new NodePortOperation(tx, calculateNodePortRangeOffset);
  for (const np of collectServiceNodePorts(spec)) ports.releaseDeferred(np);
  if (needsHealthCheck(spec) && (spec.healthCheckNodePort ?? 0) > 0)
    ports.releaseDeferred(spec.healthCheckNodePort!);
  ports.commit();
}

/**
 * The Service strategy's `dropTypeDependentFields` (run by `PrepareForUpdate`, which Kubernetes
 * calls after `BeginUpdate`): on a type change, clears the fields the new type cannot have when
 * the update left them as they were (ClusterIPs, families and policy when leaving ClusterIP types,
 * NodePorts when leaving NodePort/LoadBalancer, healthCheckNodePort, allocateLoadBalancerNodePorts,
 * loadBalancerClass). {@link allocateServiceOnUpdate} already applies it; it is exported for
 * callers that need it alone. Mutates `spec`.
 */
export function dropTypeDependentFields(spec: ServiceSpec, oldSpec: ServiceSpec): void {
  if (needsClusterIP(oldSpec) && !needsClusterIP(spec)) {
    if (
      (oldSpec.clusterIP ?? "") === (spec.clusterIP ?? "") &&
      sameStrings(oldSpec.clusterIPs, spec.clusterIPs)
    ) {
      delete spec.clusterIP;
      delete spec.clusterIPs;
    }
    if (jsonEqual(oldSpec.ipFamilies, spec.ipFamilies)) delete spec.ipFamilies;
    if ((oldSpec.ipFamilyPolicy ?? "") === (spec.ipFamilyPolicy ?? "")) delete spec.ipFamilyPolicy;
  }
  if (needsNodePort(oldSpec) && !needsNodePort(spec)) {
    const oldPorts = new Set(collectServiceNodePorts(oldSpec));
    if (collectServiceNodePorts(spec).every((p) => oldPorts.has(p))) {
      for (const p of spec.ports ?? []) delete p.nodePort;
    }
  }
  if (needsHealthCheck(oldSpec) && !needsHealthCheck(spec)) {
    if ((oldSpec.healthCheckNodePort ?? 0) === (spec.healthCheckNodePort ?? 0))
      delete spec.healthCheckNodePort;
  }
  if (serviceType(oldSpec) === "LoadBalancer" && serviceType(spec) !== "LoadBalancer") {
    if (
      spec.allocateLoadBalancerNodePorts !== undefined &&
      oldSpec.allocateLoadBalancerNodePorts !== undefined &&
      spec.allocateLoadBalancerNodePorts === oldSpec.allocateLoadBalancerNodePorts
    ) {
      delete spec.allocateLoadBalancerNodePorts;
    }
    if ((oldSpec.loadBalancerClass ?? null) === (spec.loadBalancerClass ?? null))
      delete spec.loadBalancerClass;
  }
}

// ---------------------------------------------------------------------------------------------
// The allocation "transaction" of one request: undo on failure, like upstream's metaTransaction.

class AllocationTxn {
  readonly tx: Transaction;
  readonly owner: ServiceRef;
  /** Canonical names of the IPAddress objects this request created. */
  readonly #createdIPs: string[] = [];

  constructor(tx: Transaction, owner: ServiceRef) {
    this.tx = tx;
    this.owner = owner;
  }

  recordIP(ip: string): void {
    this.#createdIPs.push(ip);
  }

  /** Runs `fn`; on errors or a throw, deletes the IPAddress objects it created (NodePorts were never committed). */
  run(fn: () => ServiceAllocationResult): ServiceAllocationResult {
    let result: ServiceAllocationResult;
    try {
      result = fn();
    } catch (err) {
      this.#revert();
      throw err;
    }
    if ("errors" in result) this.#revert();
    return result;
  }

  #revert(): void {
    for (const ip of this.#createdIPs) releaseClusterIP(this.tx, ip, this.owner);
  }
}

// ---------------------------------------------------------------------------------------------
// ClusterIPs

/**
 * `initIPFamilyFields`: defaults ipFamilyPolicy (old policy on update; RequireDualStack for
 * headless selector-less Services; else SingleStack), infers ipFamilies from clusterIPs, fills in
 * the cluster's primary family, and adds the other family for dual-stack policies on a dual-stack
 * cluster. Returns field errors, or "malformed" when the fields are too broken to work with and
 * no validator was given.
 */
function initIPFamilyFields(
  service: Service,
  old: Service | undefined,
  cfg: ResolvedConfig,
  options: ServiceAllocationOptions,
): FieldError[] | "malformed" {
  const spec = service.spec!;
  const oldSpec = old?.spec;
  if (serviceType(spec) === "ExternalName") return [];
  if (isMatchingPreferDualStackClusterIPFields(spec, oldSpec)) return [];

  if (spec.ipFamilyPolicy === undefined) {
    if (oldSpec?.ipFamilyPolicy !== undefined) spec.ipFamilyPolicy = oldSpec.ipFamilyPolicy;
    else if (spec.clusterIP === CLUSTER_IP_NONE && isEmpty(spec.selector))
      spec.ipFamilyPolicy = REQUIRE_DUAL_STACK;
    else spec.ipFamilyPolicy = SINGLE_STACK;
  }

  if (options.validateClusterIPsRelatedFields) {
    const pre = options.validateClusterIPsRelatedFields(service);
    if (pre.length > 0) return pre;
  } else if (!looselyValidClusterIPFields(spec)) {
    return "malformed";
  }

  const el: FieldError[] = [];
  const policyPath = path("spec", "ipFamilyPolicy");
  const policy = spec.ipFamilyPolicy;

  if (oldSpec) {
    if (policy === SINGLE_STACK) {
      // Setting SingleStack with unchanged clusterIPs/ipFamilies is a clear request to downgrade.
      if (sameStrings(oldSpec.clusterIPs, spec.clusterIPs) && (spec.clusterIPs?.length ?? 0) > 1) {
        spec.clusterIPs = spec.clusterIPs!.slice(0, 1);
      }
      if (sameStrings(oldSpec.ipFamilies, spec.ipFamilies) && (spec.ipFamilies?.length ?? 0) > 1) {
        spec.ipFamilies = spec.ipFamilies!.slice(0, 1);
      }
    } else {
      if ((spec.clusterIPs?.length ?? 0) > 0 && spec.clusterIPs!.length < (oldSpec.clusterIPs?.length ?? 0)) {
        el.push(invalid(policyPath, policy, "must be 'SingleStack' to release the secondary cluster IP"));
      }
      if ((spec.ipFamilies?.length ?? 0) > 0 && spec.ipFamilies!.length < (oldSpec.ipFamilies?.length ?? 0)) {
        el.push(invalid(policyPath, policy, "must be 'SingleStack' to release the secondary IP family"));
      }
    }
  }

  if (policy === SINGLE_STACK) {
    if (spec.clusterIPs?.length === 2) {
      el.push(
        invalid(
          policyPath,
          policy,
          "must be 'RequireDualStack' or 'PreferDualStack' when multiple cluster IPs are specified",
        ),
      );
    }
    if (spec.ipFamilies?.length === 2) {
      el.push(
        invalid(
          policyPath,
          policy,
          "must be 'RequireDualStack' or 'PreferDualStack' when multiple IP families are specified",
        ),
      );
    }
  }

  const clusterIPs = spec.clusterIPs ?? [];
  for (let i = 0; i < clusterIPs.length; i++) {
    const ip = clusterIPs[i]!;
    if (ip === CLUSTER_IP_NONE) break;
    const fam = familyOfIP(ip);
    if (i >= (spec.ipFamilies?.length ?? 0)) {
      // A better error than the family check below: it names the IP the user gave.
      if (fam === "unknown" || !cfg.ranges.has(fam)) {
        el.push(
          invalid(
            path("spec", "clusterIPs").index(i),
            [...clusterIPs],
            `${fam} is not configured on this cluster`,
          ),
        );
      } else {
        spec.ipFamilies = [...(spec.ipFamilies ?? []), fam];
      }
    }
  }
  if (el.length > 0) return el;

  if (spec.clusterIP === CLUSTER_IP_NONE && isEmpty(spec.selector)) {
    // Headless and selector-less: any families go, even ones this cluster lacks.
    if ((spec.ipFamilies?.length ?? 0) === 0) spec.ipFamilies = [cfg.primaryFamily];
    if (spec.ipFamilies!.length < 2 && spec.ipFamilyPolicy !== SINGLE_STACK) {
      spec.ipFamilies = [...spec.ipFamilies!, otherFamily(spec.ipFamilies![0] as IPFamily)];
    }
    return [];
  }

  if (policy === REQUIRE_DUAL_STACK && cfg.ranges.size < 2) {
    el.push(invalid(policyPath, policy, "this cluster is not configured for dual-stack services"));
  }
  (spec.ipFamilies ?? []).forEach((family, i) => {
    if (!cfg.ranges.has(family as IPFamily)) {
      el.push(invalid(path("spec", "ipFamilies").index(i), family, "not configured on this cluster"));
    }
  });
  if (el.length > 0) return el;

  if ((spec.ipFamilies?.length ?? 0) === 0) spec.ipFamilies = [cfg.primaryFamily];
  if (spec.ipFamilyPolicy !== SINGLE_STACK && spec.ipFamilies!.length === 1 && cfg.ranges.size === 2) {
    spec.ipFamilies = [...spec.ipFamilies!, otherFamily(spec.ipFamilies![0] as IPFamily)];
  }
  return [];
}

/**
 * Just enough of `ValidateServiceClusterIPsRelatedFields` to know the allocator can work with the
 * fields; anything it refuses is left for the caller's validation to report.
 */
function looselyValidClusterIPFields(spec: ServiceSpec): boolean {
  const policy = spec.ipFamilyPolicy;
  if (policy !== SINGLE_STACK && policy !== PREFER_DUAL_STACK && policy !== REQUIRE_DUAL_STACK) return false;
  const ips = spec.clusterIPs ?? [];
  const families = spec.ipFamilies ?? [];
  if (ips.length > 2 || families.length > 2) return false;
  if (ips.length > 0 && (spec.clusterIP ?? "") !== ips[0]) return false;
  if (families.some((f) => f !== "IPv4" && f !== "IPv6")) return false;
  if (families.length === 2 && families[0] === families[1]) return false;
  if (ips[0] === CLUSTER_IP_NONE) return ips.length === 1 && serviceType(spec) === "ClusterIP";
  const seen = new Set<string>();
  for (let i = 0; i < ips.length; i++) {
    const fam = familyOfIP(ips[i]!);
    if (fam === "unknown" || seen.has(fam)) return false;
    if (families[i] !== undefined && families[i] !== fam) return false;
    seen.add(fam);
  }
  return true;
}

/** `allocClusterIPs`: fills `clusterIPs` (and `clusterIP`) for each of `ipFamilies`, requested or picked. */
function allocClusterIPs(
  txn: AllocationTxn,
  service: Service,
  cfg: ResolvedConfig,
  rng: RandomSource,
): FieldError[] {
  const spec = service.spec!;
  if (serviceType(spec) === "ExternalName") return [];
  if (spec.clusterIPs?.[0] === CLUSTER_IP_NONE) return [];
  spec.clusterIPs ??= [];
  const clusterIPs = spec.clusterIPs;
  const families = spec.ipFamilies ?? [];
  const toAlloc: [IPFamily, string][] = [];
  families.forEach((family, i) => {
    if (i > clusterIPs.length - 1) clusterIPs.push(""); // a marker: allocate this one
    toAlloc.push([family as IPFamily, clusterIPs[i]!]);
  });
  const allocated = allocIPs(txn, service, toAlloc, cfg, rng);
  if (!Array.isArray(allocated)) return allocated.errors;
  for (const [family, ip] of allocated) {
    families.forEach((check, i) => {
      if (check !== family) return;
      clusterIPs[i] = ip;
      if (i === 0) spec.clusterIP = ip;
    });
  }
  return [];
}

/** `allocIPs`: an empty entry is picked dynamically, any other is a static request. */
function allocIPs(
  txn: AllocationTxn,
  service: Service,
  toAlloc: readonly [IPFamily, string][],
  cfg: ResolvedConfig,
  rng: RandomSource,
): [IPFamily, string][] | { errors: FieldError[] } {
  const out: [IPFamily, string][] = [];
  for (const [family, ip] of toAlloc) {
    const range = cfg.ranges.get(family);
    if (!range)
      throw new Error(`alloc: no ClusterIP range for ${family} (initIPFamilyFields should have refused it)`);
    if (ip === "") {
      const picked = allocateNextClusterIP(txn.tx, range, txn.owner, rng);
      if (!picked) throw newInternalError("failed to allocate a serviceIP: range is full");
      const text = formatIP(picked); // the canonical text the IPAddress object is named by
      txn.recordIP(text);
      out.push([family, text]);
      continue;
    }
    const parsed = parseIPSloppy(ip);
    if (!parsed) throw newInternalError(`failed to parse service IP ${JSON.stringify(ip)}`);
    const err = allocateClusterIP(txn.tx, [...cfg.ranges.values()], parsed, txn.owner);
    if (err !== undefined) {
      const value = [...(service.spec!.clusterIPs ?? [])];
      return { errors: [invalid(path("spec", "clusterIPs"), value, `failed to allocate IP ${ip}: ${err}`)] };
    }
    txn.recordIP(ip);
    out.push([family, ip]);
  }
  return out;
}

/**
 * `updateClusterIPs`: the four cases of an update (A: from ExternalName → allocate all;
 * B: to ExternalName → release all; C: dual-stack upgrade → allocate the secondary; D: downgrade →
 * release the secondary). Returns the addresses to release once the update succeeds.
 */
function updateClusterIPs(
  txn: AllocationTxn,
  service: Service,
  old: Service,
  cfg: ResolvedConfig,
  rng: RandomSource,
): { toRelease: string[] } | { errors: FieldError[] } {
  const spec = service.spec!;
  const oldSpec = old.spec ?? {};
  if (isMatchingPreferDualStackClusterIPFields(spec, oldSpec)) return { toRelease: [] };

  if (serviceType(oldSpec) === "ExternalName" && serviceType(spec) !== "ExternalName") {
    const errs = allocClusterIPs(txn, service, cfg, rng);
    return errs.length > 0 ? { errors: errs } : { toRelease: [] };
  }
  if (oldSpec.clusterIPs?.[0] === CLUSTER_IP_NONE) return { toRelease: [] };
  if (serviceType(oldSpec) !== "ExternalName" && serviceType(spec) === "ExternalName") {
    const toRelease: string[] = [];
    (oldSpec.ipFamilies ?? []).forEach((_family, i) => {
      const ip = oldSpec.clusterIPs?.[i];
      if (ip) toRelease.push(ip);
    });
    return { toRelease };
  }

  const oldFamilies = oldSpec.ipFamilies?.length ?? 0;
  const newFamilies = spec.ipFamilies?.length ?? 0;
  if (oldFamilies === 1 && newFamilies === 2) {
    spec.clusterIPs ??= [];
    const clusterIPs = spec.clusterIPs;
    if (clusterIPs.length < 2) clusterIPs.push("");
    const family = spec.ipFamilies![1] as IPFamily;
    const allocated = allocIPs(txn, service, [[family, clusterIPs[1]!]], cfg, rng);
    if (!Array.isArray(allocated)) return allocated;
    clusterIPs[1] = allocated[0]![1];
    return { toRelease: [] };
  }
  if (oldFamilies === 2 && newFamilies === 1) {
    const ip = oldSpec.clusterIPs?.[1];
    return { toRelease: ip ? [ip] : [] };
  }
  return { toRelease: [] };
}

/** Whether an update leaves a PreferDualStack Service's ClusterIP fields exactly as they were. */
function isMatchingPreferDualStackClusterIPFields(
  spec: ServiceSpec,
  oldSpec: ServiceSpec | undefined,
): boolean {
  if (!oldSpec) return false;
  if (spec.ipFamilyPolicy === undefined) return false;
  if (serviceType(oldSpec) !== serviceType(spec)) return false;
  if (!needsClusterIP(spec)) return false;
  if (spec.ipFamilyPolicy !== PREFER_DUAL_STACK) return false;
  if (oldSpec.ipFamilyPolicy !== undefined && oldSpec.ipFamilyPolicy !== PREFER_DUAL_STACK) return false;
  return sameStrings(oldSpec.clusterIPs, spec.clusterIPs) && sameStrings(oldSpec.ipFamilies, spec.ipFamilies);
}

/**
 * `normalizeClusterIPs`: keeps `clusterIP` and `clusterIPs` in step for clients that only know
 * the singular field (create: copy it into the plural; update: restore or clear the plural).
 */
function normalizeClusterIPs(spec: ServiceSpec, oldSpec: ServiceSpec | undefined): void {
  const clusterIP = spec.clusterIP ?? "";
  if (!oldSpec) {
    if (clusterIP.length > 0 && (spec.clusterIPs?.length ?? 0) === 0) spec.clusterIPs = [clusterIP];
    return;
  }
  const oldClusterIP = oldSpec.clusterIP ?? "";
  if ((oldSpec.clusterIPs?.length ?? 0) > 0 && (spec.clusterIPs?.length ?? 0) === 0) {
    if (oldClusterIP === clusterIP) spec.clusterIPs = [...oldSpec.clusterIPs!];
  }
  if (oldClusterIP !== clusterIP) {
    if (oldClusterIP.length > 0 && clusterIP.length === 0) {
      if (sameStrings(oldSpec.clusterIPs, spec.clusterIPs)) delete spec.clusterIPs;
    } else if (sameStrings(oldSpec.clusterIPs, spec.clusterIPs)) {
      spec.clusterIPs = [clusterIP];
    }
  }
}

/**
 * `patchAllocatedValues`: an update that omits what the server allocated keeps it, so
 * re-submitting the same manifest succeeds (ClusterIPs; NodePorts by port name unless another port
 * already uses the old value; healthCheckNodePort).
 */
function patchAllocatedValues(spec: ServiceSpec, oldSpec: ServiceSpec): void {
  if (needsClusterIP(oldSpec) && needsClusterIP(spec)) {
    if (!spec.clusterIP && oldSpec.clusterIP) spec.clusterIP = oldSpec.clusterIP;
    if ((spec.clusterIPs?.length ?? 0) === 0 && (oldSpec.clusterIPs?.length ?? 0) > 0) {
      spec.clusterIPs = [...oldSpec.clusterIPs!];
    }
  }
  if (needsNodePort(oldSpec) && needsNodePort(spec)) {
    const newUsed = new Set(collectServiceNodePorts(spec));
    const used = new Set(collectServiceNodePorts(oldSpec).filter((p) => newUsed.has(p)));
    const byName = new Map<string, number>();
    for (const p of oldSpec.ports ?? []) byName.set(p.name ?? "", p.nodePort ?? 0);
    for (const p of spec.ports ?? []) {
      if (p.nodePort) continue;
      const oldVal = byName.get(p.name ?? "") ?? 0;
      if (oldVal !== 0 && !used.has(oldVal)) p.nodePort = oldVal;
    }
  }
  if (needsHealthCheck(oldSpec) && needsHealthCheck(spec)) {
    if (!spec.healthCheckNodePort && oldSpec.healthCheckNodePort)
      spec.healthCheckNodePort = oldSpec.healthCheckNodePort;
  }
}

// ---------------------------------------------------------------------------------------------
// NodePorts

/** `initNodePorts`: NodePorts of a new NodePort/LoadBalancer Service. */
function initNodePorts(spec: ServiceSpec, ports: NodePortOperation, rng: RandomSource): FieldError[] {
  const svcPortToNodePort = new Map<number, number>();
  const all = spec.ports ?? [];
  for (let i = 0; i < all.length; i++) {
    const sp = all[i]!;
    const requested = sp.nodePort ?? 0;
    if (requested === 0 && !shouldAllocateNodePorts(spec)) continue; // honour requests only
    const allocatedNodePort = svcPortToNodePort.get(sp.port) ?? 0;
    if (allocatedNodePort === 0) {
      // Ports sharing this port number (e.g. 53/TCP and 53/UDP) share one nodePort; a later one may name it.
      const np = findRequestedNodePort(sp.port, all);
      if (np !== 0) {
        const err = ports.allocate(np);
        if (err !== undefined) return [nodePortError(i, np, err)];
        sp.nodePort = np;
        svcPortToNodePort.set(sp.port, np);
      } else {
        const np2 = ports.allocateNext(rng);
        if (np2 === undefined) throw newInternalError("failed to allocate a nodePort: range is full");
        sp.nodePort = np2;
        svcPortToNodePort.set(sp.port, np2);
      }
    } else if (requested !== allocatedNodePort) {
      if (requested === 0) {
        sp.nodePort = allocatedNodePort;
      } else {
        const err = ports.allocate(requested);
        if (err !== undefined) return [nodePortError(i, requested, err)];
      }
    }
  }
  return [];
}

function nodePortError(index: number, port: number, detail: string): FieldError {
  return invalid(path("spec", "ports").index(index).child("nodePort"), port, detail);
}

function findRequestedNodePort(port: number, servicePorts: readonly ServicePort[]): number {
  for (const sp of servicePorts) if (sp.port === port && (sp.nodePort ?? 0) !== 0) return sp.nodePort!;
  return 0;
}

/** `allocHealthCheckNodePort`: the requested healthCheckNodePort, or a free one. Failures are InternalErrors. */
function allocHealthCheckNodePort(spec: ServiceSpec, ports: NodePortOperation, rng: RandomSource): void {
  const requested = spec.healthCheckNodePort ?? 0;
  if (requested !== 0) {
    const err = ports.allocate(requested);
    if (err !== undefined)
      throw newInternalError(`failed to allocate requested HealthCheck NodePort ${requested}: ${err}`);
    return;
  }
  const np = ports.allocateNext(rng);
  // Upstream prints the (zero) port it failed to get: "failed to allocate a HealthCheck NodePort 0: range is full".
  if (np === undefined) throw newInternalError("failed to allocate a HealthCheck NodePort 0: range is full");
  spec.healthCheckNodePort = np;
}

/** `txnUpdateNodePorts`: NodePort and healthCheckNodePort changes of an update. */
function updateNodePortsTxn(
  spec: ServiceSpec,
  oldSpec: ServiceSpec,
  ports: NodePortOperation,
  rng: RandomSource,
): FieldError[] {
  const type = serviceType(spec);
  if (needsNodePort(oldSpec) && (type === "ExternalName" || type === "ClusterIP")) {
    for (const np of collectServiceNodePorts(oldSpec)) ports.releaseDeferred(np);
  }
  if (needsNodePort(spec)) {
    const errs = updateNodePorts(spec, oldSpec, ports, rng);
    if (errs.length > 0) return errs;
  }
  const needed = needsHealthCheck(oldSpec);
  const needs = needsHealthCheck(spec);
  if (!needed && needs) allocHealthCheckNodePort(spec, ports, rng);
  else if (needed && !needs) ports.releaseDeferred(oldSpec.healthCheckNodePort ?? 0);
  return [];
}

/** `updateNodePorts`: allocate new or changed NodePorts, release those no longer used. */
function updateNodePorts(
  spec: ServiceSpec,
  oldSpec: ServiceSpec,
  ports: NodePortOperation,
  rng: RandomSource,
): FieldError[] {
  const oldNumbers = collectServiceNodePorts(oldSpec);
  const newNodePorts: { protocol: string; nodePort: number }[] = [];
  const portAllocated = new Set<number>();
  const all = spec.ports ?? [];
  for (let i = 0; i < all.length; i++) {
    const sp = all[i]!;
    if ((sp.nodePort ?? 0) === 0 && !shouldAllocateNodePorts(spec)) continue;
    const nodePort = { protocol: sp.protocol ?? "TCP", nodePort: sp.nodePort ?? 0 };
    if (nodePort.nodePort !== 0) {
      if (!oldNumbers.includes(nodePort.nodePort) && !portAllocated.has(nodePort.nodePort)) {
        const err = ports.allocate(nodePort.nodePort);
        if (err !== undefined) return [nodePortError(i, nodePort.nodePort, err)];
        portAllocated.add(nodePort.nodePort);
      }
    } else {
      const np = ports.allocateNext(rng);
      if (np === undefined) throw newInternalError("failed to allocate a nodePort: range is full");
      sp.nodePort = np;
      nodePort.nodePort = np;
    }
    if (newNodePorts.some((n) => n.protocol === nodePort.protocol && n.nodePort === nodePort.nodePort)) {
      // Upstream returns a plain error here, which the API server reports as a 500.
      throw newInternalError(`duplicate nodePort: {${nodePort.protocol} ${nodePort.nodePort}}`);
    }
    newNodePorts.push(nodePort);
  }
  const newNumbers = collectServiceNodePorts(spec);
  for (const o of oldNumbers) if (!newNumbers.includes(o)) ports.releaseDeferred(o);
  return [];
}

// ---------------------------------------------------------------------------------------------
// Small helpers mirroring upstream's

function serviceType(spec: ServiceSpec): string {
  return spec.type ?? "ClusterIP";
}

function needsClusterIP(spec: ServiceSpec): boolean {
  return serviceType(spec) !== "ExternalName";
}

function needsNodePort(spec: ServiceSpec): boolean {
  const t = serviceType(spec);
  return t === "NodePort" || t === "LoadBalancer";
}

/** `apiservice.NeedsHealthCheck` (= the registry's `needsHCNodePort`). */
function needsHealthCheck(spec: ServiceSpec): boolean {
  return serviceType(spec) === "LoadBalancer" && spec.externalTrafficPolicy === "Local";
}

function shouldAllocateNodePorts(spec: ServiceSpec): boolean {
  const t = serviceType(spec);
  if (t === "NodePort") return true;
  // Defaulting sets allocateLoadBalancerNodePorts to true for LoadBalancer Services.
  if (t === "LoadBalancer") return spec.allocateLoadBalancerNodePorts ?? true;
  return false;
}

function collectServiceNodePorts(spec: ServiceSpec): number[] {
  const out: number[] = [];
  for (const p of spec.ports ?? []) if (p.nodePort) out.push(p.nodePort);
  return out;
}

function sameStrings(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  const x = a ?? [];
  const y = b ?? [];
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

function jsonEqual(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

function isEmpty(map: { [key: string]: string } | undefined): boolean {
  return map === undefined || Object.keys(map).length === 0;
}

function ownerOf(svc: Service): ServiceRef {
  return { namespace: svc.metadata?.namespace ?? "default", name: svc.metadata?.name ?? "" };
}

/** A deep, mutable copy (store objects are frozen; the caller's input stays untouched). */
function cloneService(svc: Service): Service {
  const copy = JSON.parse(JSON.stringify(svc)) as Service;
  copy.spec ??= {};
  return copy;
}
