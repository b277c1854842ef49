import { Simulation } from "@kubesim/core";
import { formatIPv4, parseIPv4 } from "@kubesim/ipam";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addNode, addPod, kindNodes, removePod, setPodStatus } from "./_internal/testCluster.js";
import { ClusterNetwork, type Netns } from "./ClusterNetwork.js";
import { formatRoute } from "./formatRoute.js";
import type { CNIBackend, NetworkInterface, Route } from "./NetworkTypes.js";

function cluster(backend: CNIBackend = "vxlan") {
  const sim = new Simulation();
  kindNodes(sim);
  const net = new ClusterNetwork({ sim, backend });
  return { sim, net };
}

const text = (routes: Route[]) => routes.map(formatRoute).join("\n");

/** `ip -o addr`-like one-liners: enough to pin indexes, names, peers, masters, MTUs and addresses. */
const summary = (ifaces: NetworkInterface[]) =>
  ifaces.map(
    (i) =>
      `${i.index}: ${i.name}${i.peerIndex ? `@if${i.peerIndex}` : ""} <${i.flags.join(",")}> mtu ${i.mtu}` +
      `${i.master ? ` master ${i.master}` : ""} state ${i.state} ${i.kind} ` +
      i.addresses
        .map((a) => `${a.family} ${a.cidr}${a.broadcast ? ` brd ${a.broadcast}` : ""} scope ${a.scope}`)
        .join(" "),
  );

describe("ClusterNetwork: routes as `ip route` lists them", () => {
  it("vxlan node: default route, flannel.1 onlink routes to the other nodes, cni0, eth0's subnet", () => {
    const { sim, net } = cluster();
    addPod(sim, { name: "web", node: "kubesim-worker", ip: "10.244.1.5" });
    expect(text(net.nodeRoutes("kubesim-worker"))).toBe(
      [
        "default via 172.18.0.1 dev eth0",
        "10.244.0.0/24 via 10.244.0.0 dev flannel.1 onlink",
        "10.244.1.0/24 dev cni0 proto kernel scope link src 10.244.1.1",
        "10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink",
        "172.18.0.0/16 dev eth0 proto kernel scope link src 172.18.0.3",
      ].join("\n"),
    );
  });

  it("host-gw node: the other nodes' podCIDRs via their node IPs on eth0", () => {
    const { sim, net } = cluster("host-gw");
    addPod(sim, { name: "web", node: "kubesim-worker", ip: "10.244.1.5" });
    expect(text(net.nodeRoutes("kubesim-worker"))).toBe(
      [
        "default via 172.18.0.1 dev eth0",
        "10.244.0.0/24 via 172.18.0.2 dev eth0",
        "10.244.1.0/24 dev cni0 proto kernel scope link src 10.244.1.1",
        "10.244.2.0/24 via 172.18.0.4 dev eth0",
        "172.18.0.0/16 dev eth0 proto kernel scope link src 172.18.0.3",
      ].join("\n"),
    );
  });

  it("cni0 appears with the first pod and its route shows linkdown once the last pod is gone", () => {
    const { sim, net } = cluster();
    expect(net.nodeRoutes("kubesim-worker").some((r) => r.dev === "cni0")).toBe(false);
    addPod(sim, { name: "web", node: "kubesim-worker", ip: "10.244.1.5" });
    removePod(sim, "web");
    expect(net.nodeRoutes("kubesim-worker").find((r) => r.dev === "cni0")).toEqual({
      destination: "10.244.1.0/24",
      dev: "cni0",
      proto: "kernel",
      scope: "link",
      src: "10.244.1.1",
      linkdown: true,
    });
  });

  it("pod: default and the pod network via cni0, its subnet connected (flannel CNI + bridge plugin)", () => {
    const { sim, net } = cluster();
    const pod = addPod(sim, { name: "web", node: "kubesim-worker", ip: "10.244.1.5" });
    expect(text(net.podRoutes(pod))).toBe(
      [
        "default via 10.244.1.1 dev eth0",
        "10.244.0.0/16 via 10.244.1.1 dev eth0",
        "10.244.1.0/24 dev eth0 proto kernel scope link src 10.244.1.5",
      ].join("\n"),
    );
  });

  it("lists the longer prefix first for the same destination address (fib_trie order)", () => {
    const { sim, net } = cluster();
    addPod(sim, { name: "dns", node: "kubesim-control-plane", ip: "10.244.0.2" });
    expect(text(net.podRoutes({ namespace: "default", name: "dns" }))).toBe(
      [
        "default via 10.244.0.1 dev eth0",
        "10.244.0.0/24 dev eth0 proto kernel scope link src 10.244.0.2",
        "10.244.0.0/16 via 10.244.0.1 dev eth0",
      ].join("\n"),
    );
  });

  it("hostNetwork pods see their node's routes; pods without a sandbox have none", () => {
    const { sim, net } = cluster();
    addPod(sim, { name: "proxy", node: "kubesim-worker2", ip: "172.18.0.4", hostNetwork: true });
    addPod(sim, { name: "pending", node: "kubesim-worker2" });
    expect(net.podRoutes({ namespace: "default", name: "proxy" })).toEqual(net.nodeRoutes("kubesim-worker2"));
    expect(net.podRoutes({ namespace: "default", name: "pending" })).toEqual([]);
  });
});

describe("ClusterNetwork: route lookups", () => {
  it("says what the chosen route means in a node's host namespace", () => {
    const { sim, net } = cluster();
    addPod(sim, { name: "a", node: "kubesim-worker", ip: "10.244.1.5" });
    const host: Netns = { kind: "node", name: "kubesim-worker" };
    expect(net.routeLookup(host, "10.244.1.5")?.target).toEqual({ kind: "bridge", node: "kubesim-worker" });
    expect(net.routeLookup(host, "10.244.2.9")).toEqual({
      route: { destination: "10.244.2.0/24", gateway: "10.244.2.0", dev: "flannel.1", onlink: true },
      target: { kind: "overlay", node: "kubesim-worker2", nodeIP: "172.18.0.4" },
    });
    expect(net.routeLookup(host, "172.18.0.2")?.target).toEqual({
      kind: "neighbour",
      node: "kubesim-control-plane",
    });
    expect(net.routeLookup(host, "172.18.0.1")?.target).toEqual({ kind: "neighbour" });
    expect(net.routeLookup(host, "8.8.8.8")?.target).toEqual({ kind: "gateway", gateway: "172.18.0.1" });
    expect(net.routeLookup(host, "172.18.0.3")?.target).toEqual({ kind: "local", dev: "eth0" });
    expect(net.routeLookup(host, "10.244.1.1")?.target).toEqual({ kind: "local", dev: "cni0" });
    expect(net.routeLookup(host, "10.244.1.0")?.target).toEqual({ kind: "local", dev: "flannel.1" });
    expect(net.routeLookup(host, "127.0.0.53")?.target).toEqual({ kind: "local", dev: "lo" });
    // No route to the pod network beyond the nodes' podCIDRs: the default route takes it.
    expect(net.routeLookup(host, "10.244.200.1")?.target).toEqual({ kind: "gateway", gateway: "172.18.0.1" });
  });

  it("host-gw: another node's podCIDR goes to that node's IP", () => {
    const { net } = cluster("host-gw");
    expect(net.routeLookup({ kind: "node", name: "kubesim-worker" }, "10.244.0.7")).toEqual({
      route: { destination: "10.244.0.0/24", gateway: "172.18.0.2", dev: "eth0" },
      target: { kind: "host-gw", node: "kubesim-control-plane", nodeIP: "172.18.0.2" },
    });
  });

  it("in a pod: its subnet is on-link, everything else goes to cni0", () => {
    const { sim, net } = cluster();
    addPod(sim, { name: "a", node: "kubesim-worker", ip: "10.244.1.5" });
    const pod: Netns = { kind: "pod", namespace: "default", name: "a" };
    expect(net.routeLookup(pod, "10.244.1.6")?.target).toEqual({ kind: "bridge", node: "kubesim-worker" });
    expect(net.routeLookup(pod, "10.244.2.6")).toEqual({
      route: { destination: "10.244.0.0/16", gateway: "10.244.1.1", dev: "eth0" },
      target: { kind: "gateway", gateway: "10.244.1.1", node: "kubesim-worker" },
    });
    expect(net.routeLookup(pod, "10.96.0.10")?.route.destination).toBe("default");
    expect(net.routeLookup(pod, "10.244.1.5")?.target).toEqual({ kind: "local", dev: "eth0" });
    expect(
      net.routeLookup({ kind: "pod", namespace: "default", name: "nope" }, "10.244.1.6"),
    ).toBeUndefined();
  });

  it("agrees with a brute-force longest-prefix match over the listed routes (property)", () => {
    // Nodes get podCIDRs of mixed lengths, overlapping one another, so the per-length maps are
    // exercised; a destination is drawn near the blocks so most land inside one.
    const arb = fc.record({
      backend: fc.constantFrom<CNIBackend>("vxlan", "host-gw"),
      cidrs: fc.uniqueArray(
        fc.record({ third: fc.integer({ min: 0, max: 7 }), length: fc.integer({ min: 20, max: 28 }) }),
        { minLength: 1, maxLength: 8, selector: (c) => `${c.third}/${c.length}` },
      ),
      withPods: fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }),
      from: fc.nat(),
      dsts: fc.array(
        fc.oneof(
          fc
            .record({ third: fc.integer({ min: 0, max: 8 }), fourth: fc.integer({ min: 0, max: 255 }) })
            .map((d) => `10.244.${d.third}.${d.fourth}`),
          fc.integer({ min: 0, max: 12 }).map((d) => `172.18.0.${d}`),
          fc.ipV4(),
        ),
        { minLength: 1, maxLength: 20 },
      ),
    });
    fc.assert(
      fc.property(arb, ({ backend, cidrs, withPods, from, dsts }) => {
        const sim = new Simulation();
        const names = cidrs.map((_, i) => `n${i}`);
        cidrs.forEach((c, i) => {
          const network = formatIPv4(
            (parseIPv4(`10.244.${c.third}.0`)! >>> (32 - c.length)) << (32 - c.length),
          );
          addNode(sim, names[i]!, `172.18.0.${i + 2}`, `${network}/${c.length}`);
          const gw = parseIPv4(network)! + 2;
          if (withPods[i]) addPod(sim, { name: `p${i}`, node: names[i]!, ip: formatIPv4(gw >>> 0) });
        });
        const net = new ClusterNetwork({ sim, backend });
        const me = names[from % names.length]!;
        const routes = net.nodeRoutes(me);
        for (const dst of dsts) {
          const got = net.routeLookup({ kind: "node", name: me }, dst);
          const expected = bruteForce(routes, dst, net.nodeInterfaces(me));
          expect(got?.route, `${me} -> ${dst}`).toEqual(expected);
          withPods.forEach((has, i) => {
            if (!has || i >= names.length) return;
            const pod = { namespace: "default", name: `p${i}` };
            const fromPod = net.routeLookup({ kind: "pod", ...pod }, dst);
            expect(fromPod?.route, `p${i} -> ${dst}`).toEqual(
              bruteForce(net.podRoutes(pod), dst, net.podInterfaces(pod)),
            );
          });
        }
      }),
      { numRuns: 100 },
    );
  });
});

/** The kernel's choice by scanning: local addresses first, then the longest listed prefix. */
function bruteForce(routes: Route[], dst: string, ifaces: NetworkInterface[]): Route | undefined {
  const ip = parseIPv4(dst)!;
  if (ip >>> 24 === 127)
    return { destination: "127.0.0.0/8", dev: "lo", proto: "kernel", scope: "host", src: "127.0.0.1" };
  for (const iface of ifaces)
    for (const a of iface.addresses)
      if (a.family === "inet" && a.cidr.split("/")[0] === dst)
        return { destination: dst, dev: iface.name, proto: "kernel", scope: "host", src: dst };
  let best: Route | undefined;
  let bestLength = -1;
  for (const r of routes) {
    const [net0, len0] = r.destination === "default" ? ["0.0.0.0", "0"] : r.destination.split("/");
    const length = Number(len0);
    const mask = length === 0 ? 0 : (0xffffffff << (32 - length)) >>> 0;
    if ((ip & mask) >>> 0 === parseIPv4(net0!)! && length > bestLength) {
      best = r;
      bestLength = length;
    }
  }
  return best;
}

describe("ClusterNetwork: interfaces as `ip addr` lists them", () => {
  it("node: lo, eth0, flannel.1, cni0 and one veth per pod in creation order", () => {
    const { sim, net } = cluster();
    addPod(sim, { name: "a", node: "kubesim-worker", ip: "10.244.1.2" });
    addPod(sim, { name: "b", node: "kubesim-worker", ip: "10.244.1.3" });
    const ifaces = net.nodeInterfaces("kubesim-worker");
    const [vethA, vethB] = ifaces.filter((i) => i.kind === "veth");
    expect(vethA!.name).toMatch(/^veth[0-9a-f]{8}$/);
    expect(
      summary(ifaces).map((l) =>
        l
          .replace(/fe80::\S+/g, "fe80::X/64")
          .replace(vethA!.name, "vethA")
          .replace(vethB!.name, "vethB"),
      ),
    ).toEqual([
      "1: lo <LOOPBACK,UP,LOWER_UP> mtu 65536 state UNKNOWN loopback inet 127.0.0.1/8 scope host inet6 ::1/128 scope host",
      "2: eth0 <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 state UP ethernet inet 172.18.0.3/16 brd 172.18.255.255 scope global inet6 fe80::X/64 scope link",
      "3: flannel.1 <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 state UNKNOWN vxlan inet 10.244.1.0/32 scope global inet6 fe80::X/64 scope link",
      "5: cni0 <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 state UP bridge inet 10.244.1.1/24 brd 10.244.1.255 scope global inet6 fe80::X/64 scope link",
      "6: vethA@if2 <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 master cni0 state UP veth inet6 fe80::X/64 scope link",
      "7: vethB@if2 <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 master cni0 state UP veth inet6 fe80::X/64 scope link",
    ]);
    expect(vethA!.name).not.toBe(vethB!.name);
    expect(ifaces[1]!.mac).toBe("02:42:ac:12:00:03");
    expect(ifaces[1]!.addresses[1]!.cidr).toBe("fe80::42:acff:fe12:3/64");
  });

  it("kube-ipvs0 when asked: a DOWN dummy holding the Service IPs", () => {
    const { net } = cluster();
    const ipvs = net.nodeInterfaces("kubesim-worker", {
      ipvs: true,
      serviceIPs: ["10.96.0.1", "10.96.0.10"],
    });
    expect(summary(ipvs.filter((i) => i.name === "kube-ipvs0"))).toEqual([
      "4: kube-ipvs0 <BROADCAST,NOARP> mtu 1500 state DOWN dummy inet 10.96.0.1/32 scope global inet 10.96.0.10/32 scope global",
    ]);
  });

  it("pod: lo and eth0@ifN, N its veth's index on the node; MTU 1500 with host-gw", () => {
    for (const backend of ["vxlan", "host-gw"] as const) {
      const { sim, net } = cluster(backend);
      const pod = addPod(sim, { name: "a", node: "kubesim-worker", ip: "10.244.1.2" });
      const veth = net.nodeInterfaces("kubesim-worker").find((i) => i.kind === "veth")!;
      const [lo, eth0] = net.podInterfaces(pod);
      expect(lo!.name).toBe("lo");
      expect(eth0).toMatchObject({
        index: 2,
        name: "eth0",
        peerIndex: veth.index,
        mtu: backend === "vxlan" ? 1450 : 1500,
      });
      expect(eth0!.addresses[0]).toEqual({
        family: "inet",
        cidr: "10.244.1.2/24",
        broadcast: "10.244.1.255",
        scope: "global",
      });
      expect(eth0!.mac).not.toBe(veth.mac);
    }
  });

  it("keeps a pod's ifindex and veth name while it lives, and never reuses an index", () => {
    const { sim, net } = cluster();
    const a = addPod(sim, { name: "a", node: "kubesim-worker", ip: "10.244.1.2" });
    const before = net.podInterfaces(a);
    sim.store.updateStatus({
      ...sim.store.get("Pod", "default", "a")!,
      status: { phase: "Running", podIP: "10.244.1.2", conditions: [{ type: "Ready", status: "True" }] },
    });
    expect(net.podInterfaces(a)).toEqual(before);
    removePod(sim, "a");
    const b = addPod(sim, { name: "b", node: "kubesim-worker", ip: "10.244.1.3" });
    expect(net.podInterfaces(b)[1]!.peerIndex).toBe(before[1]!.peerIndex! + 1);
  });

  it("derives the same names and MACs for the same pod uid in another run", () => {
    const run = () => {
      const { sim, net } = cluster();
      addPod(sim, { name: "a", node: "kubesim-worker", ip: "10.244.1.2" });
      return net.nodeInterfaces("kubesim-worker");
    };
    expect(run()).toEqual(run());
  });
});

describe("ClusterNetwork: the index follows the store", () => {
  it("finds pods by IP while they have a sandbox, and a new pod reusing the IP", () => {
    const { sim, net } = cluster();
    addPod(sim, { name: "old", node: "kubesim-worker", ip: "10.244.1.7" });
    expect(net.podByIP("10.244.1.7")).toMatchObject({
      name: "old",
      node: "kubesim-worker",
      hostNetwork: false,
    });
    removePod(sim, "old");
    expect(net.podByIP("10.244.1.7")).toBeUndefined();
    expect(net.pod("default", "old")).toBeUndefined();
    addPod(sim, { name: "new", node: "kubesim-worker2", ip: "10.244.1.7" });
    expect(net.podByIP("10.244.1.7")?.name).toBe("new");
  });

  it("drops pods that ended (Succeeded/Failed) and indexes pods once they get an IP", () => {
    const { sim, net } = cluster();
    const job = addPod(sim, { name: "job", node: "kubesim-worker", ip: "10.244.1.8" });
    setPodStatus(sim, job, "10.244.1.8", "Succeeded");
    expect(net.podByIP("10.244.1.8")).toBeUndefined();
    const later = addPod(sim, { name: "later", node: "kubesim-worker" });
    expect(net.pod("default", "later")).toBeUndefined();
    setPodStatus(sim, later, "10.244.1.9", "Pending");
    expect(net.podByIP("10.244.1.9")?.name).toBe("later");
  });

  it("does not index hostNetwork pods by IP: the address is the node's", () => {
    const { sim, net } = cluster();
    addPod(sim, { name: "proxy", node: "kubesim-worker", ip: "172.18.0.3", hostNetwork: true });
    expect(net.podByIP("172.18.0.3")).toBeUndefined();
    expect(net.nodeByIP("172.18.0.3")).toBe("kubesim-worker");
    expect(net.pod("default", "proxy")).toMatchObject({ hostNetwork: true, ip: "172.18.0.3" });
  });

  it("follows nodes: addresses, podCIDRs, readiness, removal", () => {
    const { sim, net } = cluster();
    expect(net.node("kubesim-worker")).toEqual({
      name: "kubesim-worker",
      ips: ["172.18.0.3"],
      podCIDR: "10.244.1.0/24",
      ready: true,
      bridgeIP: "10.244.1.1",
      overlayIP: "10.244.1.0",
    });
    expect(net.nodeOfPodCIDR("10.244.2.77")).toBe("kubesim-worker2");
    expect(net.nodeOfPodCIDR("10.244.9.1")).toBeUndefined();
    sim.store.delete({ kind: "Node", namespace: "", name: "kubesim-worker2" });
    expect(net.nodeOfPodCIDR("10.244.2.77")).toBeUndefined();
    expect(net.nodeByIP("172.18.0.4")).toBeUndefined();
    expect(net.nodeRoutes("kubesim-worker").map((r) => r.destination)).not.toContain("10.244.2.0/24");
    addNode(sim, "kubesim-worker3", "172.18.0.5", "10.244.3.0/24", "zone-a");
    expect(net.node("kubesim-worker3")?.zone).toBe("zone-a");
    expect(net.inClusterCIDR("10.244.3.1")).toBe(true);
    expect(net.inClusterCIDR("10.96.0.1")).toBe(false);
  });

  it("indexes what existed before it was built, and rebuilds after a store restore", () => {
    const sim = new Simulation();
    kindNodes(sim);
    addPod(sim, { name: "a", node: "kubesim-worker", ip: "10.244.1.2" });
    const saved = sim.store.snapshot();
    const net = new ClusterNetwork({ sim });
    expect(net.podByIP("10.244.1.2")?.name).toBe("a");
    removePod(sim, "a");
    expect(net.podByIP("10.244.1.2")).toBeUndefined();
    sim.store.restore(saved);
    net.resync();
    expect(net.podByIP("10.244.1.2")?.name).toBe("a");
    net.dispose();
    addPod(sim, { name: "b", node: "kubesim-worker", ip: "10.244.1.3" });
    expect(net.podByIP("10.244.1.3")).toBeUndefined();
  });
});

describe("ClusterNetwork: /etc/hosts", () => {
  it("writes the kubelet's managed file with the pod's FQDN and HostAliases", () => {
    const { sim, net } = cluster();
    const pod = addPod(sim, {
      name: "web-0",
      node: "kubesim-worker",
      ip: "10.244.1.5",
      spec: {
        hostname: "web-0",
        subdomain: "web",
        hostAliases: [{ ip: "10.1.2.3", hostnames: ["foo.remote", "bar.remote"] }],
      },
    });
    expect(net.hostsFile(pod)).toBe(
      "# Kubernetes-managed hosts file.\n" +
        "127.0.0.1\tlocalhost\n" +
        "::1\tlocalhost ip6-localhost ip6-loopback\n" +
        "fe00::0\tip6-localnet\n" +
        "fe00::0\tip6-mcastprefix\n" +
        "fe00::1\tip6-allnodes\n" +
        "fe00::2\tip6-allrouters\n" +
        "10.244.1.5\tweb-0.web.default.svc.cluster.local\tweb-0\n" +
        "\n" +
        "# Entries added by HostAliases.\n" +
        "10.1.2.3\tfoo.remote\tbar.remote\n",
    );
  });

  it("gives hostNetwork pods the node's file under the host-network header", () => {
    const { sim, net } = cluster();
    const pod = addPod(sim, { name: "proxy", node: "kubesim-worker", ip: "172.18.0.3", hostNetwork: true });
    expect(net.hostsFile(pod)).toBe(
      "# Kubernetes-managed hosts file (host network).\n" +
        "127.0.0.1\tlocalhost\n" +
        "::1\tlocalhost ip6-localhost ip6-loopback\n" +
        "fe00::0\tip6-localnet\n" +
        "ff00::0\tip6-mcastprefix\n" +
        "ff02::1\tip6-allnodes\n" +
        "ff02::2\tip6-allrouters\n" +
        "172.18.0.3\tkubesim-worker\n",
    );
    expect(net.hostsFile({ namespace: "default", name: "missing" })).toBeUndefined();
  });
});

describe("ClusterNetwork: crossing nodes", () => {
  it("describes the VXLAN hop between the nodes' addresses", () => {
    const { net } = cluster();
    const inner = {
      protocol: "TCP" as const,
      src: { ip: "10.244.1.5", port: 40000 },
      dst: { ip: "10.244.2.6", port: 80 },
    };
    const hops = net.crossNode("kubesim-worker", "kubesim-worker2", inner);
    expect(hops.map((h) => [h.node, h.stage, h.iface])).toEqual([
      ["kubesim-worker", "vxlan", "flannel.1"],
      ["kubesim-worker", "wire", "eth0"],
      ["kubesim-worker2", "vxlan", "flannel.1"],
    ]);
    expect(hops[0]!.after).toMatchObject({
      protocol: "UDP",
      src: { ip: "172.18.0.3" },
      dst: { ip: "172.18.0.4", port: 8472 },
    });
    expect(hops[2]!.after).toEqual(inner);
    expect(net.crossNode("kubesim-worker", "kubesim-worker", inner)).toEqual([]);
    expect(() => net.crossNode("kubesim-worker", "nope", inner)).toThrow(/nope/);
  });
});
