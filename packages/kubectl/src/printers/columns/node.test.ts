import type { Node, NodeSystemInfo } from "kubernetes-types/core/v1.js";
import { describe, expect, it } from "vitest";
import { nodePrinter } from "./node.js";

const NOW = Date.UTC(2024, 5, 1, 12, 0, 0);
const row = (n: Node) => nodePrinter.row(n, { nowMs: NOW, wide: false });
const wideRow = (n: Node) => nodePrinter.row(n, { nowMs: NOW, wide: true });
const info = (i: Partial<NodeSystemInfo>): NodeSystemInfo => ({
  architecture: "",
  bootID: "",
  containerRuntimeVersion: "",
  kernelVersion: "",
  kubeProxyVersion: "",
  kubeletVersion: "",
  machineID: "",
  operatingSystem: "",
  osImage: "",
  systemUUID: "",
  ...i,
});

describe("nodePrinter", () => {
  it("has the columns of printers.go nodeColumnDefinitions", () => {
    expect(nodePrinter.columns.map((c) => `${c.name}:${c.priority}`)).toEqual([
      "Name:0",
      "Status:0",
      "Roles:0",
      "Age:0",
      "Version:0",
      "Internal-IP:1",
      "External-IP:1",
      "OS-Image:1",
      "Kernel-Version:1",
      "Container-Runtime:1",
    ]);
  });

  // Ported from K8s pkg/printers/internalversion/printers_test.go TestPrintNodeStatus.
  it.each<[string, Node, string]>([
    [
      "foo1",
      { metadata: { name: "foo1" }, status: { conditions: [{ type: "Ready", status: "True" }] } },
      "Ready",
    ],
    [
      "foo2",
      {
        metadata: { name: "foo2" },
        spec: { unschedulable: true },
        status: { conditions: [{ type: "Ready", status: "True" }] },
      },
      "Ready,SchedulingDisabled",
    ],
    [
      "foo3",
      {
        metadata: { name: "foo3" },
        status: {
          conditions: [
            { type: "Ready", status: "True" },
            { type: "Ready", status: "True" },
          ],
        },
      },
      "Ready",
    ],
    [
      "foo4",
      { metadata: { name: "foo4" }, status: { conditions: [{ type: "Ready", status: "False" }] } },
      "NotReady",
    ],
    [
      "foo5",
      {
        metadata: { name: "foo5" },
        spec: { unschedulable: true },
        status: { conditions: [{ type: "Ready", status: "False" }] },
      },
      "NotReady,SchedulingDisabled",
    ],
    [
      "foo6",
      { metadata: { name: "foo6" }, status: { conditions: [{ type: "InvalidValue", status: "True" }] } },
      "Unknown",
    ],
    ["foo7", { metadata: { name: "foo7" }, status: { conditions: [{ type: "", status: "" }] } }, "Unknown"],
    [
      "foo8",
      {
        metadata: { name: "foo8" },
        spec: { unschedulable: true },
        status: { conditions: [{ type: "InvalidValue", status: "True" }] },
      },
      "Unknown,SchedulingDisabled",
    ],
  ])("printers_test.go TestPrintNodeStatus %s", (name, node, status) => {
    expect(row(node)).toEqual([name, status, "<none>", "<unknown>", ""]);
  });

  it("reads a Ready condition of Unknown status as NotReady", () => {
    expect(
      row({ metadata: { name: "n" }, status: { conditions: [{ type: "Ready", status: "Unknown" }] } })[1],
    ).toBe("NotReady");
  });

  // Ported from printers_test.go TestPrintNodeRole.
  it("printers_test.go TestPrintNodeRole: roles from node-role.kubernetes.io/* and kubernetes.io/role labels, sorted", () => {
    expect(row({ metadata: { name: "foo9" } })[2]).toBe("<none>");
    const labels = {
      "node-role.kubernetes.io/master": "",
      "node-role.kubernetes.io/control-plane": "",
      "node-role.kubernetes.io/proxy": "",
      "kubernetes.io/role": "node",
    };
    expect(row({ metadata: { name: "foo10", labels } })[2]).toBe("control-plane,master,node,proxy");
    expect(row({ metadata: { name: "foo11", labels: { "kubernetes.io/role": "node" } } })[2]).toBe("node");
  });

  it("ignores an empty role suffix and an empty kubernetes.io/role value", () => {
    expect(
      row({
        metadata: { name: "n", labels: { "node-role.kubernetes.io/": "", "kubernetes.io/role": "" } },
      })[2],
    ).toBe("<none>");
  });

  // Ported from printers_test.go TestPrintNodeOSImage, TestPrintNodeKernelVersion,
  // TestPrintNodeContainerRuntimeVersion, TestPrintNodeExternalIP, TestPrintNodeInternalIP.
  it.each<[string, Node, string[]]>([
    [
      "OS image",
      {
        metadata: { name: "foo1" },
        status: {
          nodeInfo: info({ osImage: "fake-os-image" }),
          addresses: [{ type: "ExternalIP", address: "1.1.1.1" }],
        },
      },
      ["<none>", "1.1.1.1", "fake-os-image", "<unknown>", "<unknown>"],
    ],
    [
      "kernel version",
      {
        metadata: { name: "foo1" },
        status: {
          nodeInfo: info({ kernelVersion: "fake-kernel-version" }),
          addresses: [{ type: "ExternalIP", address: "1.1.1.1" }],
        },
      },
      ["<none>", "1.1.1.1", "<unknown>", "fake-kernel-version", "<unknown>"],
    ],
    [
      "container runtime",
      {
        metadata: { name: "foo1" },
        status: {
          nodeInfo: info({ containerRuntimeVersion: "foo://1.2.3" }),
          addresses: [{ type: "ExternalIP", address: "1.1.1.1" }],
        },
      },
      ["<none>", "1.1.1.1", "<unknown>", "<unknown>", "foo://1.2.3"],
    ],
    [
      "internal IP only",
      { metadata: { name: "foo1" }, status: { addresses: [{ type: "InternalIP", address: "1.1.1.1" }] } },
      ["1.1.1.1", "<none>", "<unknown>", "<unknown>", "<unknown>"],
    ],
    [
      "the first address of each type",
      {
        metadata: { name: "foo3" },
        status: {
          addresses: [
            { type: "ExternalIP", address: "2.2.2.2" },
            { type: "InternalIP", address: "3.3.3.3" },
            { type: "ExternalIP", address: "4.4.4.4" },
          ],
        },
      },
      ["3.3.3.3", "2.2.2.2", "<unknown>", "<unknown>", "<unknown>"],
    ],
  ])("printers_test.go wide node columns: %s", (_name, node, wideCells) => {
    const name = node.metadata?.name ?? "";
    expect(wideRow(node)).toEqual([name, "Unknown", "<none>", "<unknown>", "", ...wideCells]);
  });

  it("a kind control-plane node, as `kubectl get nodes -o wide` shows it", () => {
    const node: Node = {
      metadata: {
        name: "kind-control-plane",
        labels: { "node-role.kubernetes.io/control-plane": "" },
        creationTimestamp: new Date(NOW - 3 * 86400_000).toISOString(),
      },
      status: {
        conditions: [{ type: "Ready", status: "True" }],
        addresses: [
          { type: "InternalIP", address: "172.18.0.2" },
          { type: "Hostname", address: "kind-control-plane" },
        ],
        nodeInfo: info({
          kubeletVersion: "v1.33.1",
          osImage: "Debian GNU/Linux 12 (bookworm)",
          kernelVersion: "6.8.0-60-generic",
          containerRuntimeVersion: "containerd://2.1.1",
        }),
      },
    };
    expect(wideRow(node)).toEqual([
      "kind-control-plane",
      "Ready",
      "control-plane",
      "3d",
      "v1.33.1",
      "172.18.0.2",
      "<none>",
      "Debian GNU/Linux 12 (bookworm)",
      "6.8.0-60-generic",
      "containerd://2.1.1",
    ]);
  });
});
