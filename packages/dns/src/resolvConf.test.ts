import type { KubeObject } from "@kubesim/core";
import { describe, expect, it } from "vitest";
import { podDNS, resolvConf } from "./resolvConf.js";

function pod(spec: Record<string, unknown> = {}, namespace = "default"): KubeObject {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "p", namespace },
    spec: { containers: [], ...spec },
  };
}

describe("resolvConf (K8s pkg/kubelet/network/dns/dns.go GetPodDNS; containerd parseDNSOptions)", () => {
  it("ClusterFirst (the default): cluster DNS, the namespace's search list, ndots:5", () => {
    expect(resolvConf(pod({}, "prod"))).toBe(
      "search prod.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n",
    );
  });

  it("the node's search domains follow the cluster's, duplicates omitted; its options are not used", () => {
    const host = {
      nameservers: ["192.168.1.1"],
      searches: ["corp.example", "cluster.local"],
      options: ["edns0"],
    };
    expect(podDNS(pod(), { hostResolvConf: host })).toMatchObject({
      nameservers: ["10.96.0.10"],
      searches: ["default.svc.cluster.local", "svc.cluster.local", "cluster.local", "corp.example"],
      options: ["ndots:5"],
    });
  });

  it("ClusterFirst on the host network falls back to Default (the node's file, kind: 172.18.0.1, ndots:0); ClusterFirstWithHostNet does not", () => {
    expect(resolvConf(pod({ hostNetwork: true }))).toBe("nameserver 172.18.0.1\noptions ndots:0\n");
    expect(resolvConf(pod({ hostNetwork: true, dnsPolicy: "ClusterFirstWithHostNet" }))).toContain(
      "nameserver 10.96.0.10\n",
    );
    expect(resolvConf(pod({ dnsPolicy: "Default" }))).toBe("nameserver 172.18.0.1\noptions ndots:0\n");
  });

  it("None uses only dnsConfig; dnsConfig is appended to other policies, de-duplicated, options merged by name", () => {
    expect(
      resolvConf(
        pod({
          dnsPolicy: "None",
          dnsConfig: {
            nameservers: ["1.2.3.4"],
            searches: ["ns1.svc.cluster-domain.example", "my.dns.search.suffix"],
            options: [{ name: "ndots", value: "2" }, { name: "edns0" }],
          },
        }),
      ),
    ).toBe(
      "search ns1.svc.cluster-domain.example my.dns.search.suffix\nnameserver 1.2.3.4\noptions ndots:2 edns0\n",
    );
    expect(
      podDNS(
        pod({
          dnsConfig: {
            nameservers: ["10.96.0.10", "8.8.8.8"],
            searches: ["svc.cluster.local", "extra.example"],
            options: [{ name: "ndots", value: "1" }, { name: "single-request-reopen" }],
          },
        }),
      ),
    ).toMatchObject({
      nameservers: ["10.96.0.10", "8.8.8.8"],
      searches: ["default.svc.cluster.local", "svc.cluster.local", "cluster.local", "extra.example"],
      options: ["ndots:1", "single-request-reopen"],
    });
  });

  it("limits: 3 nameservers, 32 search domains, none over 253 characters, a 2048-character search line (with the kubelet's warnings)", () => {
    const many = podDNS(
      pod({ dnsPolicy: "None", dnsConfig: { nameservers: ["1.1.1.1", "2.2.2.2", "3.3.3.3", "4.4.4.4"] } }),
    );
    expect(many.nameservers).toEqual(["1.1.1.1", "2.2.2.2", "3.3.3.3"]);
    expect(many.warnings).toEqual([
      "Nameserver limits were exceeded, some nameservers have been omitted, the applied nameserver line is: 1.1.1.1 2.2.2.2 3.3.3.3",
    ]);
    const searches = Array.from({ length: 40 }, (_, i) => `d${i}.example`);
    expect(podDNS(pod({ dnsConfig: { searches } })).searches).toHaveLength(32);
    const long = `${"a".repeat(250)}.com`;
    expect(podDNS(pod({ dnsConfig: { searches: [long, "ok.example"] } })).searches).toEqual([
      "default.svc.cluster.local",
      "svc.cluster.local",
      "cluster.local",
      "ok.example",
    ]);
    const wide = Array.from({ length: 10 }, (_, i) => `${String(i).repeat(200)}.x`);
    const fitted = podDNS(pod({ dnsConfig: { searches: wide } }));
    expect(fitted.searches.join(" ").length).toBeLessThanOrEqual(2048);
    expect(fitted.searches.slice(0, 3)).toEqual([
      "default.svc.cluster.local",
      "svc.cluster.local",
      "cluster.local",
    ]);
    expect(fitted.warnings[0]).toMatch(/^Search Line limits were exceeded/);
  });
});
