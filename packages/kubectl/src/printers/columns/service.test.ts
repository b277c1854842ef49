import type { Service } from "kubernetes-types/core/v1.js";
import { describe, expect, it } from "vitest";
import { servicePrinter } from "./service.js";

const NOW = Date.UTC(2024, 5, 1, 12, 0, 0);
const ctx = { nowMs: NOW, wide: false };
const wide = { nowMs: NOW, wide: true };

describe("servicePrinter", () => {
  it("has the columns of printers.go serviceColumnDefinitions", () => {
    expect(servicePrinter.columns.map((c) => `${c.name}:${c.priority}`)).toEqual([
      "Name:0",
      "Type:0",
      "Cluster-IP:0",
      "External-IP:0",
      "Port(s):0",
      "Age:0",
      "Selector:1",
    ]);
  });

  // Ported from K8s pkg/printers/internalversion/printers_test.go TestPrintService.
  it.each<[string, Service, boolean, string[]]>([
    [
      "ClusterIP: cluster IP and port/protocol, selector only when wide",
      {
        metadata: { name: "test1" },
        spec: {
          type: "ClusterIP",
          ports: [{ protocol: "tcp", port: 2233 }],
          clusterIPs: ["10.9.8.7"],
          selector: { foo: "bar" },
        },
      },
      false,
      ["test1", "ClusterIP", "10.9.8.7", "<none>", "2233/tcp", "<unknown>"],
    ],
    [
      "ClusterIP wide",
      {
        metadata: { name: "test1" },
        spec: {
          type: "ClusterIP",
          ports: [{ protocol: "tcp", port: 2233 }],
          clusterIPs: ["10.9.8.7"],
          selector: { foo: "bar" },
        },
      },
      true,
      ["test1", "ClusterIP", "10.9.8.7", "<none>", "2233/tcp", "<unknown>", "foo=bar"],
    ],
    [
      "NodePort: port:nodePort/protocol",
      {
        metadata: { name: "test2" },
        spec: {
          type: "NodePort",
          ports: [{ protocol: "tcp", port: 8888, nodePort: 9999 }],
          clusterIPs: ["10.9.8.7"],
        },
      },
      false,
      ["test2", "NodePort", "10.9.8.7", "<none>", "8888:9999/tcp", "<unknown>"],
    ],
    [
      "LoadBalancer without an ingress point is <pending>",
      {
        metadata: { name: "test3" },
        spec: { type: "LoadBalancer", ports: [{ protocol: "tcp", port: 8888 }], clusterIPs: ["10.9.8.7"] },
      },
      false,
      ["test3", "LoadBalancer", "10.9.8.7", "<pending>", "8888/tcp", "<unknown>"],
    ],
    [
      "LoadBalancer with externalIPs and no status",
      {
        metadata: { name: "test4" },
        spec: {
          type: "LoadBalancer",
          ports: [{ protocol: "tcp", port: 8888 }],
          clusterIPs: ["10.9.8.7"],
          externalIPs: ["80.11.12.10"],
        },
      },
      false,
      ["test4", "LoadBalancer", "10.9.8.7", "80.11.12.10", "8888/tcp", "<unknown>"],
    ],
    [
      "LoadBalancer: ingress IPs (preferred over hostnames) then externalIPs",
      {
        metadata: { name: "test5" },
        spec: {
          type: "LoadBalancer",
          ports: [{ protocol: "tcp", port: 8888 }],
          clusterIPs: ["10.9.8.7"],
          externalIPs: ["80.11.12.10"],
        },
        status: { loadBalancer: { ingress: [{ ip: "3.4.5.6", hostname: "test.cluster.com" }] } },
      },
      false,
      ["test5", "LoadBalancer", "10.9.8.7", "3.4.5.6,80.11.12.10", "8888/tcp", "<unknown>"],
    ],
    [
      "LoadBalancer with several ingress points and externalIPs",
      {
        metadata: { name: "test6" },
        spec: {
          type: "LoadBalancer",
          ports: [{ protocol: "tcp", port: 8888 }],
          clusterIPs: ["10.9.8.7"],
          externalIPs: ["80.11.12.10", "80.11.12.11"],
        },
        status: {
          loadBalancer: {
            ingress: [
              { ip: "2.3.4.5", hostname: "test.cluster.local" },
              { ip: "3.4.5.6", hostname: "test.cluster.com" },
            ],
          },
        },
      },
      false,
      [
        "test6",
        "LoadBalancer",
        "10.9.8.7",
        "2.3.4.5,3.4.5.6,80.11.12.10,80.11.12.11",
        "8888/tcp",
        "<unknown>",
      ],
    ],
    [
      "ExternalName shows the name and no cluster IP",
      {
        metadata: { name: "test7" },
        spec: { type: "ExternalName", externalName: "my.database.example.com" },
      },
      false,
      ["test7", "ExternalName", "<none>", "my.database.example.com", "<none>", "<unknown>"],
    ],
  ])("printers_test.go TestPrintService: %s", (_name, svc, isWide, expected) => {
    expect(servicePrinter.row(svc, isWide ? wide : ctx)).toEqual(expected);
  });

  // Ported from printers_test.go TestPrintServiceLoadBalancer.
  const lb = (ingress: { ip?: string; hostname?: string }[], ports: [number, string][]): Service => ({
    metadata: { name: "service" },
    spec: {
      clusterIPs: ["1.2.3.4"],
      type: "LoadBalancer",
      ports: ports.map(([port, protocol]) => ({ port, protocol })),
      selector: { foo: "bar" },
    },
    status: { loadBalancer: { ingress } },
  });

  it("printers_test.go TestPrintServiceLoadBalancer: several ingress IPs, sorted and joined", () => {
    expect(servicePrinter.row(lb([{ ip: "3.4.5.6" }, { ip: "2.3.4.5" }], [[80, "TCP"]]), ctx)[3]).toBe(
      "2.3.4.5,3.4.5.6",
    );
  });

  it("printers_test.go TestPrintServiceLoadBalancer: ports of every protocol", () => {
    const svc = lb(
      [],
      [
        [80, "TCP"],
        [8090, "UDP"],
        [8000, "TCP"],
        [7777, "SCTP"],
      ],
    );
    expect(servicePrinter.row(svc, ctx).slice(3, 5)).toEqual([
      "<pending>",
      "80/TCP,8090/UDP,8000/TCP,7777/SCTP",
    ]);
  });

  it("printers_test.go TestPrintServiceLoadBalancer: long lists are cut to 13 characters + ... unless wide", () => {
    const svc = lb(
      [{ ip: "2.3.4.5" }, { ip: "3.4.5.6" }, { ip: "5.6.7.8", hostname: "host5678" }],
      [[80, "TCP"]],
    );
    expect(servicePrinter.row(svc, ctx)[3]).toBe("2.3.4.5,3.4.5...");
    expect(servicePrinter.row(svc, wide)).toEqual([
      "service",
      "LoadBalancer",
      "1.2.3.4",
      "2.3.4.5,3.4.5.6,5.6.7.8",
      "80/TCP",
      "<unknown>",
      "foo=bar",
    ]);
  });

  it("shows a hostname-only ingress point and de-duplicates ingress addresses", () => {
    const svc = lb([{ hostname: "lb.example" }, { hostname: "lb.example" }], [[80, "TCP"]]);
    expect(servicePrinter.row(svc, wide)[3]).toBe("lb.example");
  });

  it("prints None for headless Services and prefers clusterIP over clusterIPs", () => {
    const headless: Service = {
      metadata: { name: "db" },
      spec: { type: "ClusterIP", clusterIP: "None", clusterIPs: ["None"] },
    };
    expect(servicePrinter.row(headless, ctx).slice(2, 5)).toEqual(["None", "<none>", "<none>"]);
    const dual: Service = { metadata: { name: "d" }, spec: { type: "ClusterIP", clusterIP: "10.96.0.10" } };
    expect(servicePrinter.row(dual, ctx)[2]).toBe("10.96.0.10");
  });

  it("REFERENCE 9.1: the kubernetes and a pending LoadBalancer Service", () => {
    const k: Service = {
      metadata: { name: "kubernetes", creationTimestamp: new Date(NOW - 2 * 86400_000).toISOString() },
      spec: { type: "ClusterIP", clusterIP: "10.96.0.1", ports: [{ port: 443, protocol: "TCP" }] },
    };
    const web: Service = {
      metadata: { name: "web", creationTimestamp: new Date(NOW - 30_000).toISOString() },
      spec: {
        type: "LoadBalancer",
        clusterIP: "10.96.120.15",
        ports: [{ port: 80, nodePort: 31200, protocol: "TCP" }],
      },
    };
    expect(servicePrinter.row(k, ctx)).toEqual([
      "kubernetes",
      "ClusterIP",
      "10.96.0.1",
      "<none>",
      "443/TCP",
      "2d",
    ]);
    expect(servicePrinter.row(web, ctx)).toEqual([
      "web",
      "LoadBalancer",
      "10.96.120.15",
      "<pending>",
      "80:31200/TCP",
      "30s",
    ]);
  });
});
