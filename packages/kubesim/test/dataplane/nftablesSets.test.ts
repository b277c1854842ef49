/** nftables sets hold each key once (kubernetes pkg/proxy/nftables: one element per ClusterIP in `cluster-ips`). */
import { describe, expect, it } from "vitest";
import { apply, clusterIPOf, netCluster, service, waitForProxySync } from "./fixtures.js";

describe("nft list table ip kube-proxy", () => {
  it("lists a multi-port Service's ClusterIP once in cluster-ips", () => {
    const c = netCluster({ mode: "nftables" });
    apply(
      c,
      service({
        name: "multi",
        selector: { app: "multi" },
        ports: [
          { name: "http", port: 80, targetPort: 8080 },
          { name: "https", port: 443, targetPort: 8443 },
        ],
      }),
    );
    waitForProxySync(c);
    const ip = clusterIPOf(c, "multi");
    const dump = c.dataplane.dumpRules("kubesim-worker");
    const elements = /set cluster-ips \{[^}]*elements = \{([^}]*)\}/s.exec(dump)?.[1] ?? "";
    expect(elements.split(ip).length - 1).toBe(1);
  });
});
