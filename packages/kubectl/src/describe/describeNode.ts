import type { Container, Node, Pod } from "kubernetes-types/core/v1.js";
import type { DescribeData } from "./DescribeData.js";
import { describeEvents } from "./describeEvents.js";
import {
  goLess,
  printAnnotationsMultiline,
  printLabelsMultiline,
  printTaintsMultiline,
  rfc1123z,
  timestampSince,
} from "./format.js";
import { LEVEL_0, LEVEL_1, tabbedString } from "./PrefixWriter.js";
import {
  addQuantity,
  formatQuantity,
  milliValue,
  parseQuantity,
  type Quantity,
  value,
  ZERO_QUANTITY,
} from "./Quantity.js";

/** The node's Lease in `kube-node-lease`, as `describeNodeLease` shows it. */
export interface NodeLease {
  readonly holderIdentity?: string;
  readonly acquireTime?: string;
  readonly renewTime?: string;
}

/**
 * `describeNode`: roles, labels, taints, lease, conditions, addresses, capacity and
 * allocatable, system info, pod CIDRs, the non-terminated pods with their requests and limits
 * as a share of allocatable, the allocated totals, and events.
 */
export function describeNode(
  node: Node,
  pods: readonly Pod[],
  lease: NodeLease | undefined,
  data: DescribeData,
): string {
  return tabbedString((w) => {
    const status = node.status ?? {};
    w.write(LEVEL_0, `Name:\t${node.metadata?.name ?? ""}\n`);
    const roles = nodeRoles(node);
    w.write(LEVEL_0, `Roles:\t${roles.length > 0 ? roles.join(",") : "<none>"}\n`);
    printLabelsMultiline(w, "Labels", node.metadata?.labels);
    printAnnotationsMultiline(w, "Annotations", node.metadata?.annotations);
    w.write(LEVEL_0, `CreationTimestamp:\t${rfc1123z(node.metadata?.creationTimestamp)}\n`);
    printTaintsMultiline(w, "Taints", node.spec?.taints);
    w.write(LEVEL_0, `Unschedulable:\t${node.spec?.unschedulable === true}\n`);
    if (lease) {
      w.write(LEVEL_0, "Lease:\n");
      w.write(LEVEL_1, `HolderIdentity:\t${lease.holderIdentity ?? "<unset>"}\n`);
      w.write(LEVEL_1, `AcquireTime:\t${lease.acquireTime ? rfc1123z(lease.acquireTime) : "<unset>"}\n`);
      w.write(LEVEL_1, `RenewTime:\t${lease.renewTime ? rfc1123z(lease.renewTime) : "<unset>"}\n`);
    } else {
      w.write(
        LEVEL_0,
        `Lease:\tFailed to get lease: leases.coordination.k8s.io "${node.metadata?.name ?? ""}" not found\n`,
      );
    }
    if ((status.conditions ?? []).length > 0) {
      w.write(
        LEVEL_0,
        "Conditions:\n  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage\n",
      );
      w.write(LEVEL_1, "----\t------\t-----------------\t------------------\t------\t-------\n");
      for (const c of status.conditions!) {
        w.write(
          LEVEL_1,
          `${c.type} \t${c.status} \t${rfc1123z(c.lastHeartbeatTime)} \t${rfc1123z(c.lastTransitionTime)} \t${c.reason ?? ""} \t${c.message ?? ""}\n`,
        );
      }
    }
    w.write(LEVEL_0, "Addresses:\n");
    for (const a of status.addresses ?? []) w.write(LEVEL_1, `${a.type}:\t${a.address}\n`);
    const printResources = (list: ResourceList) => {
      for (const name of Object.keys(list).sort(goLess)) {
        const q = parseQuantity(String(list[name]));
        w.write(LEVEL_0, `  ${name}:\t${q ? formatQuantity(q) : String(list[name])}\n`);
      }
    };
    if (Object.keys(status.capacity ?? {}).length > 0) {
      w.write(LEVEL_0, "Capacity:\n");
      printResources(status.capacity!);
    }
    if (Object.keys(status.allocatable ?? {}).length > 0) {
      w.write(LEVEL_0, "Allocatable:\n");
      printResources(status.allocatable!);
    }
    const info = status.nodeInfo;
    w.write(LEVEL_0, "System Info:\n");
    w.write(LEVEL_0, `  Machine ID:\t${info?.machineID ?? ""}\n`);
    w.write(LEVEL_0, `  System UUID:\t${info?.systemUUID ?? ""}\n`);
    w.write(LEVEL_0, `  Boot ID:\t${info?.bootID ?? ""}\n`);
    w.write(LEVEL_0, `  Kernel Version:\t${info?.kernelVersion ?? ""}\n`);
    w.write(LEVEL_0, `  OS Image:\t${info?.osImage ?? ""}\n`);
    w.write(LEVEL_0, `  Operating System:\t${info?.operatingSystem ?? ""}\n`);
    w.write(LEVEL_0, `  Architecture:\t${info?.architecture ?? ""}\n`);
    w.write(LEVEL_0, `  Container Runtime Version:\t${info?.containerRuntimeVersion ?? ""}\n`);
    w.write(LEVEL_0, `  Kubelet Version:\t${info?.kubeletVersion ?? ""}\n`);
    w.write(LEVEL_0, `  Kube-Proxy Version:\t${info?.kubeProxyVersion ?? ""}\n`);
    if (node.spec?.podCIDR) w.write(LEVEL_0, `PodCIDR:\t${node.spec.podCIDR}\n`);
    if ((node.spec?.podCIDRs ?? []).length > 0)
      w.write(LEVEL_0, `PodCIDRs:\t${node.spec!.podCIDRs!.join(",")}\n`);
    if (node.spec?.providerID) w.write(LEVEL_0, `ProviderID:\t${node.spec.providerID}\n`);
    describeNodeResource(node, pods, w, data.nowMs);
    if (data.events) describeEvents(data.events, w, data.nowMs);
  });
}

/** `findNodeRoles`: `node-role.kubernetes.io/<role>` label suffixes and `kubernetes.io/role` values, sorted. */
export function nodeRoles(node: Node): string[] {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(node.metadata?.labels ?? {})) {
    if (k.startsWith("node-role.kubernetes.io/")) {
      const role = k.slice("node-role.kubernetes.io/".length);
      if (role) roles.add(role);
    } else if (k === "kubernetes.io/role" && v !== "") roles.add(v);
  }
  return [...roles].sort(goLess);
}

type Totals = Map<string, Quantity>;

/** A `ResourceList` as kubernetes-types spells it. */
type ResourceList = Readonly<Record<string, unknown>>;

/**
 * `resourcehelper.PodRequests`/`PodLimits`, simplified: the sum over containers, raised to
 * any single init container's value, plus the pod overhead.
 */
function podTotals(pod: Pod, which: "requests" | "limits"): Totals {
  const sum: Totals = new Map();
  const add = (into: Totals, list: ResourceList | undefined) => {
    for (const [name, raw] of Object.entries(list ?? {})) {
      const q = parseQuantity(String(raw));
      if (q) into.set(name, addQuantity(into.get(name), q));
    }
  };
  for (const c of pod.spec?.containers ?? []) add(sum, (c as Container).resources?.[which]);
  for (const c of pod.spec?.initContainers ?? []) {
    for (const [name, raw] of Object.entries(c.resources?.[which] ?? {})) {
      const q = parseQuantity(String(raw));
      const current = sum.get(name);
      if (q && (!current || q.nanos > current.nanos)) sum.set(name, q);
    }
  }
  add(sum, pod.spec?.overhead);
  return sum;
}

/** `describeNodeResource`: the Non-terminated Pods table and the Allocated resources summary. */
function describeNodeResource(
  node: Node,
  pods: readonly Pod[],
  w: Parameters<Parameters<typeof tabbedString>[0]>[0],
  nowMs: number,
): void {
  w.write(LEVEL_0, `Non-terminated Pods:\t(${pods.length} in total)\n`);
  w.write(LEVEL_1, "Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n");
  w.write(LEVEL_1, "---------\t----\t\t------------\t----------\t---------------\t-------------\t---\n");
  const allocatable =
    Object.keys(node.status?.allocatable ?? {}).length > 0
      ? node.status!.allocatable!
      : (node.status?.capacity ?? {});
  const alloc = (name: string) => parseQuantity(String(allocatable[name] ?? "0")) ?? ZERO_QUANTITY;
  const cpuAlloc = milliValue(alloc("cpu"));
  const memAlloc = value(alloc("memory"));
  const pct = (n: number, d: number) => (d === 0 ? 0 : Math.trunc((n / d) * 100));
  const cell = (q: Quantity, n: number, d: number) => `${formatQuantity(q)} (${pct(n, d)}%)`;
  const reqs: Totals = new Map();
  const limits: Totals = new Map();
  for (const pod of pods) {
    const r = podTotals(pod, "requests");
    const l = podTotals(pod, "limits");
    for (const [k, q] of r) reqs.set(k, addQuantity(reqs.get(k), q));
    for (const [k, q] of l) limits.set(k, addQuantity(limits.get(k), q));
    const cpuR = r.get("cpu") ?? ZERO_QUANTITY;
    const cpuL = l.get("cpu") ?? ZERO_QUANTITY;
    const memR = r.get("memory") ?? ZERO_QUANTITY;
    const memL = l.get("memory") ?? ZERO_QUANTITY;
    w.write(
      LEVEL_1,
      `${pod.metadata?.namespace ?? ""}\t${pod.metadata?.name ?? ""}\t\t${cell(cpuR, milliValue(cpuR), cpuAlloc)}\t${cell(cpuL, milliValue(cpuL), cpuAlloc)}\t${cell(memR, value(memR), memAlloc)}\t${cell(memL, value(memL), memAlloc)}\t${timestampSince(pod.metadata?.creationTimestamp, nowMs)}\n`,
    );
  }
  w.write(LEVEL_0, "Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n");
  w.write(LEVEL_1, "Resource\tRequests\tLimits\n");
  w.write(LEVEL_1, "--------\t--------\t------\n");
  const total = (t: Totals, name: string) => t.get(name) ?? ZERO_QUANTITY;
  const storageAlloc = value(alloc("ephemeral-storage"));
  w.write(
    LEVEL_1,
    `cpu\t${cell(total(reqs, "cpu"), milliValue(total(reqs, "cpu")), cpuAlloc)}\t${cell(total(limits, "cpu"), milliValue(total(limits, "cpu")), cpuAlloc)}\n`,
  );
  w.write(
    LEVEL_1,
    `memory\t${cell(total(reqs, "memory"), value(total(reqs, "memory")), memAlloc)}\t${cell(total(limits, "memory"), value(total(limits, "memory")), memAlloc)}\n`,
  );
  w.write(
    LEVEL_1,
    `ephemeral-storage\t${cell(total(reqs, "ephemeral-storage"), value(total(reqs, "ephemeral-storage")), storageAlloc)}\t${cell(total(limits, "ephemeral-storage"), value(total(limits, "ephemeral-storage")), storageAlloc)}\n`,
  );
  const names = Object.keys(allocatable).sort(goLess);
  for (const name of names.filter((n) => n.startsWith("hugepages-"))) {
    const a = value(alloc(name));
    w.write(
      LEVEL_1,
      `${name}\t${cell(total(reqs, name), value(total(reqs, name)), a)}\t${cell(total(limits, name), value(total(limits, name)), a)}\n`,
    );
  }
  const standard = new Set(["cpu", "memory", "ephemeral-storage", "storage", "pods"]);
  for (const name of names.filter(
    (n) => !n.startsWith("hugepages-") && !standard.has(n) && !n.startsWith("requests."),
  )) {
    w.write(
      LEVEL_1,
      `${name}\t${formatQuantity(total(reqs, name))}\t${formatQuantity(total(limits, name))}\n`,
    );
  }
}
