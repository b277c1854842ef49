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
        "c.yaml: workerz: Unsupported field: supported fields are apiVersion, kind, name, seed, startTime, nodes, networking, loadBalancer, dns, outside",
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

  it("reads the load balancer provider and the cloud's pool and delay bounds", () => {
    const text =
      "loadBalancer:\n  provider: cloud\n  cloud:\n    addresses: [198.51.100.0/24, 192.0.2.10-192.0.2.20]\n    minDelaySeconds: 5\n    maxDelaySeconds: 10\n";
    expect(parseClusterConfig(text, "c.yaml")).toEqual({
      ok: true,
      config: {
        loadBalancer: {
          provider: "cloud",
          cloud: {
            addresses: ["198.51.100.0/24", "192.0.2.10-192.0.2.20"],
            minDelaySeconds: 5,
            maxDelaySeconds: 10,
          },
        },
      },
    });
  });

  it("refuses an unknown provider, bad addresses and inverted delay bounds", () => {
    const r = parseClusterConfig(
      "loadBalancer:\n  provider: aws\n  cloud:\n    addresses: [203.0.113.0/33, 192.0.2.9-192.0.2.1]\n    minDelaySeconds: 120\n    maxDelaySeconds: 60\n",
      "c.yaml",
    );
    expect(!r.ok && r.error.split("\n")).toEqual([
      'c.yaml: loadBalancer.provider: Unsupported value: "aws": supported values: "cloud", "metallb", "none"',
      expect.stringMatching(
        /^c\.yaml: loadBalancer\.cloud\.addresses\[0\]: Invalid value: "203\.0\.113\.0\/33": /,
      ),
      'c.yaml: loadBalancer.cloud.addresses[1]: Invalid value: "192.0.2.9-192.0.2.1": start IP "192.0.2.9" is after the end IP "192.0.2.1"',
      "c.yaml: loadBalancer.cloud.maxDelaySeconds: Invalid value: 60: must be greater than or equal to minDelaySeconds (120)",
    ]);
  });

  it("reads the DNS settings and the outside world, and names bad fields", () => {
    const ok = parseClusterConfig(
      "dns:\n  clusterDomain: corp.internal\n  ttl: 5\noutside:\n  clientIP: 192.168.50.2\n  hosts:\n  - name: api.partner.test\n    ip: 198.51.100.7\n",
      "c.yaml",
    );
    expect(ok).toEqual({
      ok: true,
      config: {
        dns: { clusterDomain: "corp.internal", ttl: 5 },
        outside: { clientIP: "192.168.50.2", hosts: [{ name: "api.partner.test", ip: "198.51.100.7" }] },
      },
    });
    const bad = parseClusterConfig(
      "dns:\n  clusterDomain: Corp_Internal\n  ttl: 7200\noutside:\n  clientIP: nope\n  hosts:\n  - name: x\n    ip: 1.2.3\n    port: 80\n",
      "c.yaml",
    );
    expect(bad.ok).toBe(false);
    const error = bad.ok ? "" : bad.error;
    expect(error).toContain(
      'dns.clusterDomain: Invalid value: "Corp_Internal": a lowercase RFC-1123 subdomain',
    );
    expect(error).toContain("dns.ttl: Invalid value: 7200: must be between 0 and 3600, inclusive");
    expect(error).toContain('outside.clientIP: Invalid value: "nope": must be an IPv4 address');
    expect(error).toContain('outside.hosts[0].ip: Invalid value: "1.2.3": must be an IPv4 address');
    expect(error).toContain("outside.hosts[0].port: Unsupported field: supported fields are name, ip");
  });
});
