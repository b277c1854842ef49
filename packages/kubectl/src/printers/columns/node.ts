import type { Node } from "kubernetes-types/core/v1.js";
import { translateTimestampSince } from "../age.js";
import type { ResourcePrinter } from "../table.js";
import { sortedSet } from "./_internal/format.js";

/** `labelNodeRolePrefix` and `nodeLabelRole` of printers.go. */
const LABEL_NODE_ROLE_PREFIX = "node-role.kubernetes.io/";
const NODE_LABEL_ROLE = "kubernetes.io/role";

/**
 * `findNodeRoles`: the `<role>` of every `node-role.kubernetes.io/<role>` label and the value of
 * a non-empty `kubernetes.io/role` label, de-duplicated and sorted.
 */
function findNodeRoles(node: Node): string[] {
  const roles: string[] = [];
  for (const [k, v] of Object.entries(node.metadata?.labels ?? {})) {
    if (k.startsWith(LABEL_NODE_ROLE_PREFIX)) {
      const role = k.slice(LABEL_NODE_ROLE_PREFIX.length);
      if (role.length > 0) roles.push(role);
    } else if (k === NODE_LABEL_ROLE && v !== "") {
      roles.push(v);
    }
  }
  return sortedSet(roles);
}

function nodeAddress(node: Node, type: string): string {
  return node.status?.addresses?.find((a) => a.type === type)?.address ?? "<none>";
}

/**
 * `kubectl get nodes`: NAME, STATUS, ROLES, AGE, VERSION; wide adds INTERNAL-IP, EXTERNAL-IP,
 * OS-IMAGE, KERNEL-VERSION, CONTAINER-RUNTIME. Port of `printNode` (K8s
 * `pkg/printers/internalversion/printers.go`): STATUS is `Ready`, `NotReady` or `Unknown` (no
 * Ready condition), with `,SchedulingDisabled` for cordoned nodes; ROLES is `<none>` without
 * role labels.
 */
export const nodePrinter: ResourcePrinter<Node> = {
  columns: [
    { name: "Name", priority: 0 },
    { name: "Status", priority: 0 },
    { name: "Roles", priority: 0 },
    { name: "Age", priority: 0 },
    { name: "Version", priority: 0 },
    { name: "Internal-IP", priority: 1 },
    { name: "External-IP", priority: 1 },
    { name: "OS-Image", priority: 1 },
    { name: "Kernel-Version", priority: 1 },
    { name: "Container-Runtime", priority: 1 },
  ],
  row(node, ctx) {
    // printNode keeps the last condition of each type; only Ready is shown.
    let ready: string | undefined;
    for (const c of node.status?.conditions ?? []) {
      if (c.type === "Ready") ready = c.status === "True" ? "Ready" : "NotReady";
    }
    const status = [ready ?? "Unknown"];
    if (node.spec?.unschedulable) status.push("SchedulingDisabled");
    const roles = findNodeRoles(node).join(",") || "<none>";
    const info = node.status?.nodeInfo;
    const cells = [
      node.metadata?.name ?? "",
      status.join(","),
      roles,
      translateTimestampSince(node.metadata?.creationTimestamp, ctx.nowMs),
      info?.kubeletVersion ?? "",
    ];
    if (ctx.wide) {
      cells.push(
        nodeAddress(node, "InternalIP"),
        nodeAddress(node, "ExternalIP"),
        info?.osImage || "<unknown>",
        info?.kernelVersion || "<unknown>",
        info?.containerRuntimeVersion || "<unknown>",
      );
    }
    return cells;
  },
};
