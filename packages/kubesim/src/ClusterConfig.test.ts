import { describe, expect, it } from "vitest";
import { parseClusterConfig } from "./ClusterConfig.js";

describe("parseClusterConfig", () => {
  it("reads a full config", () => {
    const text =
      "apiVersion: kubesim.io/v1alpha1\nkind: ClusterConfig\nname: lab\nseed: 7\nstartTime: '2030-01-01T00:00:00Z'\nnodes:\n  workers: 3\n";
    expect(parseClusterConfig(text, "c.yaml")).toEqual({
      ok: true,
      config: { name: "lab", seed: 7, startTime: "2030-01-01T00:00:00Z", nodes: { workers: 3 } },
    });
  });

  it("treats an empty file as the defaults", () => {
    expect(parseClusterConfig("", "c.yaml")).toEqual({ ok: true, config: {} });
  });

  it("names the field, the bad value and what is allowed", () => {
    expect(parseClusterConfig("nodes:\n  workers: -1\n", "c.yaml")).toEqual({
      ok: false,
      error: "c.yaml: nodes.workers: Invalid value: -1: must be between 0 and 5000, inclusive",
    });
    expect(parseClusterConfig("workerz: 3\n", "c.yaml")).toEqual({
      ok: false,
      error:
        "c.yaml: workerz: Unsupported field: supported fields are apiVersion, kind, name, seed, startTime, nodes, networking",
    });
    const bad = parseClusterConfig("seed: -3\nstartTime: soon\n", "c.yaml");
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.error.split("\n")).toEqual([
      "c.yaml: seed: Invalid value: -3: must be a non-negative integer",
      'c.yaml: startTime: Invalid value: "soon": must be an RFC 3339 timestamp such as "2025-01-01T00:00:00Z"',
    ]);
  });

  it("checks the ranges as kube-apiserver checks its flags (service range of 8 to 2^20 addresses)", () => {
    const errors = (networking: string) => {
      const r = parseClusterConfig(`networking:\n${networking}`, "c.yaml");
      return r.ok ? [] : r.error.split("\n");
    };
    expect(
      errors(
        "  serviceSubnet: 10.96.0.0/29\n  podSubnet: 10.244.0.0/16\n  serviceNodePortRange: 30000-32767\n",
      ),
    ).toEqual([]);
    expect(errors("  serviceSubnet: 10.0.0.0/8\n")).toEqual([
      'c.yaml: networking.serviceSubnet: Invalid value: "10.0.0.0/8": specified --service-cluster-ip-range is too large; for 32-bit addresses, the mask must be >= 12',
    ]);
    expect(errors("  serviceSubnet: 10.96.0.0/30\n")).toEqual([
      'c.yaml: networking.serviceSubnet: Invalid value: "10.96.0.0/30": the service cluster IP range must be at least 8 IP addresses',
    ]);
    expect(errors("  serviceSubnet: 10.96.0.0/12,10.100.0.0/16\n")).toEqual([
      'c.yaml: networking.serviceSubnet: Invalid value: "10.96.0.0/12,10.100.0.0/16": the two CIDRs must be of different IP families',
    ]);
    expect(errors("  podSubnet: 10.244.0.0/25\n")).toEqual([
      'c.yaml: networking.podSubnet: Invalid value: "10.244.0.0/25": must be at least a /24, the size of one node\'s pod range',
    ]);
    expect(errors("  serviceNodePortRange: lots\n")[0]).toMatch(
      /^c.yaml: networking.serviceNodePortRange: Invalid value: "lots": /,
    );
  });

  it("reports YAML syntax errors with the file name", () => {
    const r = parseClusterConfig("nodes: [\n", "c.yaml");
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error.startsWith("c.yaml: ")).toBe(true);
  });
});
