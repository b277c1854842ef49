import type { KubeObject } from "../api/KubeObject.js";
import { flatString } from "../engine/flatString.js";
import type { Interner } from "../engine/Interner.js";
import type { Transaction } from "../store/ObjectStore.js";

/**
 * Who reports an event (`source` of a core/v1 Event). A frozen one with just these fields is
 * stored as it is, so that a reporter can share one object among all its events.
 */
export interface EventSource {
  /** e.g. `default-scheduler`, `kubelet`, `replicaset-controller`. */
  readonly component: string;
  /** The node, for the kubelet. */
  readonly host?: string;
}

/** An event to record about an object. */
export interface EventInput {
  readonly type: "Normal" | "Warning";
  /** CamelCase reason, e.g. `Scheduled`, `FailedScheduling`, `SuccessfulCreate`. */
  readonly reason: string;
  readonly message: string;
  /** e.g. `spec.containers{web}` for container events. */
  readonly fieldPath?: string;
}

/**
 * Records a core/v1 Event about `object`, as client-go's event recorder does: the event is
 * named `<object name>.<16 hex digits of the time in nanoseconds>` in the object's namespace
 * (`default` for cluster-scoped objects); an event with the same object, reason, message and
 * source as an existing one is counted again instead (the recorder's EventCorrelator), bumping
 * `count` and `lastTimestamp`. Call it inside a reconcile's transaction. A reporter that records
 * many events passes its `shared` interner, which keeps one `involvedObject` per object version.
 */
export function recordEvent(
  tx: Transaction,
  nowMs: number,
  object: KubeObject,
  source: EventSource,
  event: EventInput,
  shared?: Interner,
): KubeObject {
  const namespace = object.metadata.namespace || "default";
  const name = object.metadata.name ?? "";
  const timestamp = tx.timestamp(nowMs);
  const build = () => ({
    apiVersion: object.apiVersion,
    kind: object.kind,
    name,
    ...(object.metadata.namespace ? { namespace: object.metadata.namespace } : {}),
    ...(object.metadata.uid ? { uid: object.metadata.uid } : {}),
    ...(object.metadata.resourceVersion ? { resourceVersion: object.metadata.resourceVersion } : {}),
    ...(event.fieldPath ? { fieldPath: event.fieldPath } : {}),
  });
  // The events a reporter records about one version of an object (a container's Pulled,
  // Created, Started) can share one reference to it.
  const involvedObject =
    shared && object.metadata.uid && object.metadata.resourceVersion
      ? shared.value(
          `involvedObject\u0000${object.metadata.uid}\u0000${object.metadata.resourceVersion}\u0000${event.fieldPath ?? ""}`,
          build,
        )
      : build();
  const key = correlationKey(involvedObject, source, event);
  // The correlation index finds candidates without scanning the namespace's events.
  for (const existing of tx.byIndex(EVENT_CORRELATION_INDEX, namespace, hashKey(key))) {
    if (correlationKeyOfEvent(existing) !== key) continue;
    return tx.mutate({ kind: "Event", namespace, name: existing.metadata.name! }, (d) => {
      const e = d as Record<string, unknown>;
      e.count = ((e.count as number | undefined) ?? 1) + 1;
      e.lastTimestamp = timestamp;
    });
  }
  let eventName = `${name}.${nanosHex(nowMs)}`;
  for (let i = 1; tx.get("Event", namespace, eventName); i++) eventName = `${name}.${nanosHex(nowMs, i)}`;
  return tx.create({
    apiVersion: "v1",
    kind: "Event",
    metadata: { name: flatString(eventName), namespace },
    involvedObject,
    reason: event.reason,
    message: flatString(event.message),
    // A frozen source is the reporter's own, shared by all its events (the kubelet's per node).
    source: Object.isFrozen(source)
      ? source
      : source.host
        ? { component: source.component, host: source.host }
        : { component: source.component },
    firstTimestamp: timestamp,
    lastTimestamp: timestamp,
    count: 1,
    type: event.type,
    eventTime: null,
    reportingComponent: source.component,
    reportingInstance: source.host ?? "",
  });
}

/**
 * The store index of Events by a hash of their correlation key, which the Simulation installs.
 * client-go's recorder keeps the keys it has seen in an in-memory LRU cache; kubesim keeps them
 * as an index of the store, so that repeats are found after a restore too. The hash may
 * collide: candidates are compared by their whole key.
 */
export const EVENT_CORRELATION_INDEX = "kubesim.io/event-correlation";

/** An Event's key in {@link EVENT_CORRELATION_INDEX}. */
export function eventCorrelationIndexKey(event: KubeObject): number {
  return hashKey(correlationKeyOfEvent(event));
}

/** FNV-1a of the key, cut to 30 bits: a small integer, which a Map keeps without allocating. */
function hashKey(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h & 0x3fffffff;
}

function correlationKey(involved: Record<string, unknown>, source: EventSource, event: EventInput): string {
  return [
    involved.kind,
    involved.namespace ?? "",
    involved.name,
    involved.uid ?? "",
    involved.fieldPath ?? "",
    source.component,
    source.host ?? "",
    event.type,
    event.reason,
    event.message,
  ].join("\u0000");
}

/** The correlation key of a recorded event, from the same fields {@link correlationKey} reads. */
function correlationKeyOfEvent(e: KubeObject): string {
  const ev = e as unknown as {
    involvedObject: Record<string, unknown>;
    source?: { component?: string; host?: string };
    type: EventInput["type"];
    reason: string;
    message: string;
  };
  return correlationKey(
    ev.involvedObject,
    { component: ev.source?.component ?? "", ...(ev.source?.host ? { host: ev.source.host } : {}) },
    { type: ev.type, reason: ev.reason, message: ev.message },
  );
}

/** The time in nanoseconds as 16 hex digits (`%x` of UnixNano), plus `bump` to keep names unique. */
function nanosHex(ms: number, bump = 0): string {
  return (BigInt(ms) * 1_000_000n + BigInt(bump)).toString(16).padStart(16, "0");
}
