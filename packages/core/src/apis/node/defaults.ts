/**
 * Node defaulting (`pkg/apis/core/v1/defaults.go` `SetDefaults_NodeStatus` and the resource-list
 * defaulting of `SetObjectDefaults_Node`, Kubernetes 1.33).
 *
 * @module
 */

import { produce } from "immer";
import type { Node } from "kubernetes-types/core/v1.js";
import { canonicalResourceQuantity } from "../pod/quantity.js";

function canonicalList(list: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(list).map(([k, v]) => [k, canonicalResourceQuantity(v)]));
}

/**
 * A Node as stored: `status.allocatable` copied from `status.capacity` when absent, and both lists'
 * quantities canonical and rounded up to milli-units (`8Gi` stays `8Gi`, `0.5` becomes `500m`).
 */
export function defaultNode(node: Node): Node {
  return produce(node, (d) => {
    const status = d.status;
    if (!status) return;
    if (status.allocatable === undefined && status.capacity !== undefined)
      status.allocatable = { ...status.capacity };
    if (status.capacity) status.capacity = canonicalList(status.capacity);
    if (status.allocatable) status.allocatable = canonicalList(status.allocatable);
  });
}
