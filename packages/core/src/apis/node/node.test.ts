import type { Node } from "kubernetes-types/core/v1.js";
import { describe, expect, it } from "vitest";
import { errorString } from "../../validation/field.js";
import { defaultNode } from "./defaults.js";
import { validateNode, validateNodeUpdate } from "./validation.js";

function node(spec: Node["spec"] = {}, status?: Node["status"]): Node {
  return { apiVersion: "v1", kind: "Node", metadata: { name: "worker-1" }, spec, status };
}

// pkg/apis/core/v1/defaults.go SetDefaults_NodeStatus and SetObjectDefaults_Node
describe("Node defaulting", () => {
  it("copies capacity into a missing allocatable and stores quantities canonically", () => {
    const out = defaultNode(node({}, { capacity: { cpu: "2", memory: "8388608Ki", pods: "110" } }));
    expect(out.status).toEqual({
      capacity: { cpu: "2", memory: "8Gi", pods: "110" },
      allocatable: { cpu: "2", memory: "8Gi", pods: "110" },
    });
  });

  it("keeps a given allocatable", () => {
    const out = defaultNode(node({}, { capacity: { cpu: "2" }, allocatable: { cpu: "1900m" } }));
    expect(out.status!.allocatable).toEqual({ cpu: "1900m" });
  });
});

// pkg/apis/core/validation/validation.go ValidateNode / ValidateNodeUpdate (validation_test.go TestValidateNode...)
describe("ValidateNode", () => {
  it("accepts a kubeadm control-plane node", () => {
    const cp = node({
      podCIDR: "10.244.0.0/24",
      podCIDRs: ["10.244.0.0/24"],
      taints: [{ key: "node-role.kubernetes.io/control-plane", effect: "NoSchedule" }],
    });
    expect(validateNode(cp)).toEqual([]);
  });

  it("reports taint problems under metadata.taints, as Go does", () => {
    const bad = node({
      taints: [
        { key: "dedicated", value: "gpu", effect: "NoSchedule" },
        { key: "dedicated", value: "other", effect: "NoSchedule" },
        { key: "x", effect: "" },
        { key: "y", effect: "Never" },
      ],
    });
    expect(validateNode(bad).map(errorString)).toEqual([
      'metadata.taints[1]: Duplicate value: core.Taint{Key:"dedicated", Value:"other", Effect:"NoSchedule", TimeAdded:(*v1.Time)(nil)}: taints must be unique by key and effect pair',
      "metadata.taints[2].effect: Required value",
      'metadata.taints[3].effect: Unsupported value: "Never": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"',
    ]);
  });

  it("checks podCIDRs: valid, one per family, no duplicates", () => {
    expect(validateNode(node({ podCIDRs: ["10.244.1.0/24", "10.244.2.0/24"] })).map(errorString)).toEqual([
      'spec.podCIDRs: Invalid value: []string{"10.244.1.0/24", "10.244.2.0/24"}: may specify no more than one CIDR for each IP family',
    ]);
    expect(validateNode(node({ podCIDRs: ["10.244.1.0/33"] })).map(errorString)).toEqual([
      'spec.podCIDRs[0]: Invalid value: "10.244.1.0/33": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)',
    ]);
    expect(validateNode(node({ podCIDRs: ["10.244.1.0/24", "fd00:10:244:1::/64"] }))).toEqual([]);
  });

  it("refuses negative capacity at status.capacity.<name>", () => {
    expect(validateNode(node({}, { capacity: { cpu: "-1" } })).map(errorString)).toEqual([
      'status.capacity.cpu: Invalid value: "-1": must be greater than or equal to 0',
    ]);
  });

  it("lets the podCIDR be set once but not changed", () => {
    const old = node({});
    const assigned = node({ podCIDRs: ["10.244.1.0/24"] });
    expect(validateNodeUpdate(assigned, old)).toEqual([]);
    expect(validateNodeUpdate(node({ podCIDRs: ["10.244.2.0/24"] }), assigned).map(errorString)).toEqual([
      'spec.podCIDRs: Forbidden: node updates may not change podCIDR except from "" to valid',
    ]);
  });

  it("refuses duplicate addresses in the status", () => {
    const n = node(
      {},
      {
        addresses: [
          { type: "InternalIP", address: "172.18.0.2" },
          { type: "InternalIP", address: "172.18.0.2" },
        ],
      },
    );
    expect(validateNodeUpdate(n, node({})).map(errorString)).toEqual([
      'status.addresses[1]: Duplicate value: core.NodeAddress{Type:"InternalIP", Address:"172.18.0.2"}',
    ]);
  });
});
