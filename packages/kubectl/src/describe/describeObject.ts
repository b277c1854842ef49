import {
  deepEqual,
  formatTimestamp,
  type KubeObject,
  labelSelectorAsSelector,
  type StoreReader,
} from "@kubesim/core";
import type { Deployment, ReplicaSet } from "kubernetes-types/apps/v1.js";
import type { ConfigMap, Endpoints, Namespace, Node, Pod, Service } from "kubernetes-types/core/v1.js";
import type { EndpointSlice } from "kubernetes-types/discovery/v1.js";
import type { LabelSelector } from "kubernetes-types/meta/v1.js";
import { parseTimestampMs } from "../printers/age.js";
import type { DescribeData } from "./DescribeData.js";
import { describeConfigMap } from "./describeConfigMap.js";
import { describeDeployment } from "./describeDeployment.js";
import { describeEndpointSlice } from "./describeEndpointSlice.js";
import { describeEndpoints } from "./describeEndpoints.js";
import { type EventReference, searchEvents } from "./describeEvents.js";
import { describeNamespace } from "./describeNamespace.js";
import { describeNode, type NodeLease } from "./describeNode.js";
import { describePod } from "./describePod.js";
import { describeReplicaSet, type PodPhaseCounts } from "./describeReplicaSet.js";
import { describeService } from "./describeService.js";

/** The kinds `kubectl describe` has a describer for in kubesim. */
export const DESCRIBABLE_KINDS: readonly string[] = [
  "Namespace",
  "Node",
  "Pod",
  "Service",
  "Deployment",
  "ReplicaSet",
  "Endpoints",
  "EndpointSlice",
  "ConfigMap",
];

/** Where a describer reads related objects (events, pods, ReplicaSets, slices) and the time. */
export interface DescribeContext {
  readonly reader: StoreReader;
  readonly nowMs: number;
  /** Whether to show the Events section (kubectl: one object, or `--show-events`). */
  readonly showEvents: boolean;
}

/** How often a kubelet renews its node Lease (`nodeLeaseRenewIntervalFraction` of 40 s). */
const NODE_LEASE_RENEW_MS = 10_000;

/**
 * The `kubectl describe` text of `obj` (k8s.io/kubectl/pkg/describe/describe.go), reading the
 * related objects each describer fetches from `ctx.reader`; undefined for kinds without a
 * describer here.
 */
export function describeObject(obj: KubeObject, ctx: DescribeContext): string | undefined {
  const { reader, nowMs } = ctx;
  const ns = obj.metadata.namespace ?? "";
  const name = obj.metadata.name ?? "";
  const uid = obj.metadata.uid ?? "";
  const eventsFor = (ref: EventReference) =>
    ctx.showEvents ? searchEvents(reader.list("Event"), ref) : undefined;
  const data = (ref: EventReference): DescribeData => ({ nowMs, events: eventsFor(ref) });
  switch (obj.kind) {
    case "Namespace":
      return describeNamespace(obj as unknown as Namespace);
    case "Pod":
      // The Pod describer searches without the kind, so that mirror pods' events match too.
      return describePod(obj as unknown as Pod, data({ kind: "", namespace: ns, name, uid }));
    case "Service": {
      const slices = reader
        .list("EndpointSlice", { namespace: ns })
        .filter(
          (s) => s.metadata.labels?.["kubernetes.io/service-name"] === name,
        ) as unknown as EndpointSlice[];
      return describeService(
        obj as unknown as Service,
        slices,
        data({ kind: "Service", namespace: ns, name, uid }),
      );
    }
    case "Endpoints":
      return describeEndpoints(
        obj as unknown as Endpoints,
        data({ kind: "Endpoints", namespace: ns, name, uid }),
      );
    case "EndpointSlice":
      return describeEndpointSlice(
        obj as unknown as EndpointSlice,
        data({ kind: "EndpointSlice", namespace: ns, name, uid }),
      );
    case "ConfigMap":
      return describeConfigMap(
        obj as unknown as ConfigMap,
        data({ kind: "ConfigMap", namespace: ns, name, uid }),
      );
    case "ReplicaSet": {
      const rs = obj as unknown as ReplicaSet;
      return describeReplicaSet(
        rs,
        podPhases(reader, ns, rs.spec?.selector, uid),
        data({ kind: "ReplicaSet", namespace: ns, name, uid }),
      );
    }
    case "Deployment": {
      const d = obj as unknown as Deployment;
      const { oldReplicaSets, newReplicaSet } = replicaSetsOf(reader, d);
      return describeDeployment(
        d,
        oldReplicaSets,
        newReplicaSet,
        data({ kind: "Deployment", namespace: ns, name, uid }),
      );
    }
    case "Node": {
      const node = obj as unknown as Node;
      const pods = (reader.list("Pod") as unknown as Pod[]).filter(
        (p) => p.spec?.nodeName === name && p.status?.phase !== "Succeeded" && p.status?.phase !== "Failed",
      );
      // Node events are recorded both against the node's uid (controllers) and its name (kubelet).
      const events = ctx.showEvents
        ? [
            ...searchEvents(reader.list("Event"), { kind: "Node", namespace: "", name, uid }),
            ...searchEvents(reader.list("Event"), { kind: "Node", namespace: "", name, uid: name }),
          ]
        : undefined;
      return describeNode(node, pods, nodeLease(reader, node, nowMs), { nowMs, events });
    }
    default:
      return undefined;
  }
}

/** `getPodStatusForController`: the controller's own pods (by selector and controller uid) by phase. */
function podPhases(
  reader: StoreReader,
  namespace: string,
  selector: LabelSelector | undefined,
  uid: string,
): PodPhaseCounts {
  const parsed = labelSelectorAsSelector(selector as Parameters<typeof labelSelectorAsSelector>[0]);
  const counts = { running: 0, waiting: 0, succeeded: 0, failed: 0 };
  if (!parsed.ok) return counts;
  for (const pod of reader.list("Pod", { namespace, labelSelector: parsed.selector }) as unknown as Pod[]) {
    const owner = (pod.metadata?.ownerReferences ?? []).find((r) => r.controller);
    if (!owner || owner.uid !== uid) continue;
    if (pod.status?.phase === "Running") counts.running++;
    else if (pod.status?.phase === "Pending") counts.waiting++;
    else if (pod.status?.phase === "Succeeded") counts.succeeded++;
    else if (pod.status?.phase === "Failed") counts.failed++;
  }
  return counts;
}

/**
 * `deploymentutil.GetAllReplicaSets`: the Deployment's own ReplicaSets; the new one is the
 * oldest whose pod template equals the Deployment's apart from `pod-template-hash`, the others
 * are old.
 */
function replicaSetsOf(
  reader: StoreReader,
  d: Deployment,
): { oldReplicaSets: ReplicaSet[]; newReplicaSet: ReplicaSet | undefined } {
  const parsed = labelSelectorAsSelector(d.spec?.selector as Parameters<typeof labelSelectorAsSelector>[0]);
  if (!parsed.ok) return { oldReplicaSets: [], newReplicaSet: undefined };
  const owned = (
    reader.list("ReplicaSet", {
      namespace: d.metadata?.namespace ?? "",
      labelSelector: parsed.selector,
    }) as unknown as ReplicaSet[]
  )
    .filter((rs) =>
      (rs.metadata?.ownerReferences ?? []).some((r) => r.controller && r.uid === d.metadata?.uid),
    )
    .sort((a, b) => {
      const ta = parseTimestampMs(a.metadata?.creationTimestamp) ?? 0;
      const tb = parseTimestampMs(b.metadata?.creationTimestamp) ?? 0;
      return ta !== tb ? ta - tb : (a.metadata?.name ?? "") < (b.metadata?.name ?? "") ? -1 : 1;
    });
  const withoutHash = (t: unknown) => {
    const tpl = t as { metadata?: { labels?: Record<string, string> } } | undefined;
    const labels = { ...tpl?.metadata?.labels };
    delete labels["pod-template-hash"];
    return { ...tpl, metadata: { ...tpl?.metadata, labels } };
  };
  const newReplicaSet = owned.find((rs) =>
    deepEqual(withoutHash(rs.spec?.template), withoutHash(d.spec?.template)),
  );
  return { oldReplicaSets: owned.filter((rs) => rs !== newReplicaSet), newReplicaSet };
}

/**
 * The node's Lease: read from the store when kubesim has the kind, otherwise the one its
 * kubelet would keep (held by the node, renewed every 10 s since the node was created).
 */
function nodeLease(reader: StoreReader, node: Node, nowMs: number): NodeLease | undefined {
  const name = node.metadata?.name ?? "";
  try {
    const lease = reader.get("Lease", "kube-node-lease", name) as
      | { spec?: { holderIdentity?: string; acquireTime?: string; renewTime?: string } }
      | undefined;
    if (lease) return { ...lease.spec };
  } catch {
    // No Lease kind in this registry: synthesise the kubelet's lease below.
  }
  const created = parseTimestampMs(node.metadata?.creationTimestamp) ?? nowMs;
  const renew =
    created + Math.floor(Math.max(0, nowMs - created) / NODE_LEASE_RENEW_MS) * NODE_LEASE_RENEW_MS;
  return { holderIdentity: name, renewTime: formatTimestamp(renew) };
}
