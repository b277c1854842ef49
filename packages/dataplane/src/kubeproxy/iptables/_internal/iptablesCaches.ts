/**
 * The memo caches of one iptables-mode instance.
 *
 * @module
 */
import type { ClusterIPViews } from "../../_internal/clusterIPViews.js";
import type { Ipv4Cidr } from "../../_internal/ipv4.js";
import type { ProxyState, ServicePortInfo } from "../../ServicePortInfo.js";
import type { ResolvedIptablesOptions } from "../IptablesOptions.js";
import type { ClusterIPView } from "./clusterIPFastPath.js";
import type { ServicePortNames, ServicePortPlan, ServicePortStatic } from "./servicePortPlan.js";

/**
 * Everything one iptables mode derives from the synced state and remembers, so the per-packet
 * path does no hashing, sorting or string building. Every key is an immutable input (a synced
 * {@link ServicePortInfo} or {@link ProxyState}, a node's address arrays, a plan built here): a
 * new sync brings new objects, so an entry is never stale, and WeakMap keys let the entries of
 * an old sync go with it.
 *
 * The caches belong to the mode instance (created by its factory, passed down to the functions
 * that fill them), never to a module: two modes (two clusters in one process, or different
 * kube-proxy settings) share nothing, and a dropped mode frees everything it built. Because the
 * options are fixed per instance, no cache needs them in its keys.
 */
export class IptablesCaches {
  /** `staticOf`: the node-independent facts of each service port. */
  readonly statics = new WeakMap<ServicePortInfo, ServicePortStatic>();
  /** `planOf` for ports whose plan is the same on every node. */
  readonly sharedPlans = new WeakMap<ServicePortInfo, ServicePortPlan>();
  /** `planOf` for the other ports, per node name. */
  readonly nodePlans = new WeakMap<ServicePortInfo, Map<string, ServicePortPlan>>();
  /** `namesOf`: the hashed chain names of each service port. */
  readonly names = new WeakMap<ServicePortInfo, ServicePortNames>();
  /** `detectorOf`, per `ProxyNode.clusterCIDRs` array (`null`: no IPv4 CIDR). */
  readonly detectors = new WeakMap<readonly string[], Ipv4Cidr | null>();
  /** `nodeContextOf`'s node IP, per `ProxyNode.nodeIPs` array. */
  readonly nodeIPNumbers = new WeakMap<readonly string[], number>();
  /** `clusterIPView`: ClusterIP -> the view of its ports, per synced state (built on first use). */
  clusterIPViews: ClusterIPViews<ClusterIPView> | undefined;
  /** The rule texts every traced walk may name, written with the options (built on first use). */
  fixedTexts:
    | { readonly mark: string; readonly markRule: string; readonly nodePortsJump: string }
    | undefined;

  /** @param options - the instance's kube-proxy settings, which every cached rule line was written with. */
  constructor(readonly options: ResolvedIptablesOptions) {}
}
