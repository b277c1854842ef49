/**
 * The `iptables-save` of a small cluster, compared with the structure Kubernetes' own proxier
 * tests expect (pkg/proxy/iptables/proxier_test.go TestOverallIPTablesRules, whose layout the
 * dump follows: KUBE-NODEPORTS and KUBE-SERVICES first, then the other chains by name). The
 * cluster is the tutorial's: `backend-service` (3 agnhost endpoints, port 8080) and
 * `frontend-service` (NodePort 30080, 1 endpoint), plus `default/kubernetes`. The expected nat
 * table is built here independently: chain names from proxier.go's hashing (base32 of SHA-256 of
 * servicePortName + protocol [+ endpoint], first 16 characters, computed with node:crypto),
 * endpoints sorted by their `ip:port` string, probabilities 1/(n-i) printed with %0.10f, the last
 * endpoint unconditional, KUBE-SEP chains masquerading hairpin traffic before DNAT. The same text
 * comes from `kubesim node-exec NODE -- iptables-save` on every node.
 */
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  apply,
  clusterIPOf,
  httpEchoDeployment,
  netCluster,
  netexecDeployment,
  podsWith,
  service,
  waitForReady,
} from "./fixtures.js";

const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/** Go's base32.StdEncoding of `bytes`, as far as the first 16 characters need it. */
function base32(bytes: Uint8Array): string {
  let out = "";
  let buffer = 0;
  let bits = 0;
  for (const b of bytes) {
    buffer = (buffer << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
    buffer &= (1 << bits) - 1;
  }
  return out;
}

/** proxier.go portProtoHash / servicePortEndpointChainName. */
function hash16(text: string): string {
  return base32(createHash("sha256").update(text).digest()).slice(0, 16);
}
const svcChain = (name: string) => `KUBE-SVC-${hash16(`${name}tcp`)}`;
const extChain = (name: string) => `KUBE-EXT-${hash16(`${name}tcp`)}`;
const sepChain = (name: string, endpoint: string) => `KUBE-SEP-${hash16(`${name}tcp${endpoint}`)}`;

describe("iptables-save of the tutorial's cluster", () => {
  it("computes the well-known chain name of default/kubernetes:https", () => {
    // Every kube-proxy in iptables mode has this chain; its name is a fixed point of the hashing.
    expect(svcChain("default/kubernetes:https")).toBe("KUBE-SVC-NPX46M4PTMTKRN6Y");
  });

  it("has the chains, rule order and probabilities Kubernetes' proxier tests expect", () => {
    const c = netCluster({ seed: 31 });
    // Without CoreDNS's endpoints, kube-dns has no nat rules, and the cluster's Services are those
    // of the tutorial plus default/kubernetes, the shape of the proxier test.
    expect(c.kubectl("scale deployment coredns -n kube-system --replicas=0").exitCode).toBe(0);
    c.sim.advance(60_000);
    apply(
      c,
      netexecDeployment({ name: "backend", replicas: 3 }),
      service({
        name: "backend-service",
        selector: { app: "backend" },
        ports: [{ port: 8080, targetPort: 8080 }],
      }),
      httpEchoDeployment({ name: "frontend", replicas: 1, text: "frontend", port: 80 }),
      service({
        name: "frontend-service",
        type: "NodePort",
        selector: { app: "frontend" },
        ports: [{ port: 80, targetPort: 80, nodePort: 30080 }],
      }),
    );
    waitForReady(c, { app: "backend" }, 3);
    waitForReady(c, { app: "frontend" }, 1);

    const byIPPort = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
    const backend = "default/backend-service";
    const frontend = "default/frontend-service";
    const kubernetes = "default/kubernetes:https";
    const endpoints = new Map<string, string[]>([
      [
        backend,
        podsWith(c, { app: "backend" })
          .map((p) => `${p.ip}:8080`)
          .sort(byIPPort),
      ],
      [frontend, podsWith(c, { app: "frontend" }).map((p) => `${p.ip}:80`)],
      [kubernetes, ["172.18.0.2:6443"]],
    ]);
    const clusterIPs = new Map([
      [backend, [clusterIPOf(c, "backend-service"), 8080] as const],
      [frontend, [clusterIPOf(c, "frontend-service"), 80] as const],
      [kubernetes, ["10.96.0.1", 443] as const],
    ]);
    const seps = [...endpoints].flatMap(([name, eps]) =>
      eps.map((ep) => ({ name, ep, chain: sepChain(name, ep) })),
    );
    const svcs = [...endpoints.keys()].map((name) => ({ name, chain: svcChain(name) }));
    const byChain = <T extends { chain: string }>(a: T, b: T) => byIPPort(a.chain, b.chain);

    const lines = [
      "*nat",
      ":KUBE-NODEPORTS - [0:0]",
      ":KUBE-SERVICES - [0:0]",
      `:${extChain(frontend)} - [0:0]`,
      ":KUBE-MARK-MASQ - [0:0]",
      ":KUBE-POSTROUTING - [0:0]",
      ...[...seps].sort(byChain).map((s) => `:${s.chain} - [0:0]`),
      ...[...svcs].sort(byChain).map((s) => `:${s.chain} - [0:0]`),
      `-A KUBE-NODEPORTS -m comment --comment ${frontend} -m tcp -p tcp -d 127.0.0.0/8 --dport 30080 -m nfacct --nfacct-name localhost_nps_accepted_pkts -j ${extChain(frontend)}`,
      `-A KUBE-NODEPORTS -m comment --comment ${frontend} -m tcp -p tcp --dport 30080 -j ${extChain(frontend)}`,
      ...[backend, frontend, kubernetes].map((name) => {
        const [ip, port] = clusterIPs.get(name)!;
        return `-A KUBE-SERVICES -m comment --comment "${name} cluster IP" -m tcp -p tcp -d ${ip} --dport ${port} -j ${svcChain(name)}`;
      }),
      '-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS',
      `-A ${extChain(frontend)} -m comment --comment "masquerade traffic for ${frontend} external destinations" -j KUBE-MARK-MASQ`,
      `-A ${extChain(frontend)} -j ${svcChain(frontend)}`,
      "-A KUBE-MARK-MASQ -j MARK --or-mark 0x4000",
      "-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN",
      "-A KUBE-POSTROUTING -j MARK --xor-mark 0x4000",
      '-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE',
      ...[...seps]
        .sort(byChain)
        .flatMap((s) => [
          `-A ${s.chain} -m comment --comment ${s.name} -s ${s.ep.split(":")[0]} -j KUBE-MARK-MASQ`,
          `-A ${s.chain} -m comment --comment ${s.name} -m tcp -p tcp -j DNAT --to-destination ${s.ep}`,
        ]),
      ...[...svcs].sort(byChain).flatMap((s) => {
        const [ip, port] = clusterIPs.get(s.name)!;
        const eps = endpoints.get(s.name)!;
        return [
          `-A ${s.chain} -m comment --comment "${s.name} cluster IP" -m tcp -p tcp -d ${ip} --dport ${port} ! -s 10.244.0.0/16 -j KUBE-MARK-MASQ`,
          ...eps.map((ep, i) => {
            const n = eps.length;
            const statistic =
              i < n - 1 ? ` -m statistic --mode random --probability ${(1 / (n - i)).toFixed(10)}` : "";
            return `-A ${s.chain} -m comment --comment "${s.name} -> ${ep}"${statistic} -j ${sepChain(s.name, ep)}`;
          }),
        ];
      }),
      "COMMIT",
    ];
    const expected = `${lines.join("\n")}\n`;

    for (const node of ["kubesim-control-plane", "kubesim-worker", "kubesim-worker2"]) {
      const dump = c.dataplane.dumpRules(node);
      const nat = dump.slice(dump.indexOf("*nat\n"));
      expect(nat, node).toBe(expected);
      const viaScript = c.kubesim(["node-exec", node, "--", "iptables-save"]);
      expect(viaScript.exitCode).toBe(0);
      expect(viaScript.stdout).toContain(expected);
    }
    // The backend's three endpoints: 1/3, then 1/2, then the rest.
    expect(expected).toContain("--probability 0.3333333333");
    expect(expected).toContain("--probability 0.5000000000");
  });
});
