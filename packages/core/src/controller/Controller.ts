import type { NameGenerator } from "../engine/NameGenerator.js";
import type { RandomStream } from "../engine/RandomStreams.js";
import type { Transaction, WatchEvent, WatchFilter } from "../store/ObjectStore.js";

/**
 * A controller: it watches kinds of objects, and for every changed key it reconciles the
 * world towards what the objects ask for. This is the one contract through which the
 * control plane (ReplicaSets, EndpointSlices, ...), the dataplane (kube-proxy) and DNS plug
 * into a simulation; the simulation owns when reconciles run, so runs are reproducible.
 */
export interface Controller {
  /** A unique name, used in inspection events (e.g. `endpointslice-controller`). */
  readonly name: string;
  /** What the controller watches, and how a change maps to the keys it reconciles. */
  readonly watches: readonly ControllerWatch[];
  /**
   * Brings the world in line for `key`. Runs inside one store transaction: its writes commit
   * together when it returns, and are dropped if it throws. A StatusError (for example a
   * Conflict) requeues the key with back-off, as controllers' rate-limited queues do; any other
   * error is a bug and stops the simulation.
   */
  reconcile(key: string, ctx: ReconcileContext): ReconcileResult | undefined;
}

/** One watch of a controller. */
export interface ControllerWatch {
  readonly filter: WatchFilter;
  /**
   * The keys a change should reconcile; by default the changed object's `namespace/name`
   * (just `name` for cluster-scoped objects). Owners map a child's change to the owner's key.
   */
  readonly keys?: (event: WatchEvent) => readonly string[];
}

/** What a reconcile may use: a transaction on the store and the simulation's sources of time and randomness. */
export interface ReconcileContext {
  readonly tx: Transaction;
  /** The current virtual time in milliseconds. */
  readonly nowMs: number;
  random(purpose: string): RandomStream;
  readonly names: NameGenerator;
}

/** What a reconcile asks for next. */
export interface ReconcileResult {
  /** Reconcile this key again after this much virtual time (for example a timeout that expires). */
  readonly requeueAfterMs?: number;
}

/** `namespace/name`, or `name` for a cluster-scoped object: the default reconcile key. */
export function objectKey(namespace: string | undefined, name: string): string {
  return namespace ? `${namespace}/${name}` : name;
}

/** Splits a key made by {@link objectKey}. */
export function splitObjectKey(key: string): { namespace: string; name: string } {
  const i = key.indexOf("/");
  return i < 0 ? { namespace: "", name: key } : { namespace: key.slice(0, i), name: key.slice(i + 1) };
}
