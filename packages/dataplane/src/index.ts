/**
 * @kubesim/dataplane: the simulated network of a kubesim cluster.
 *
 * Map of the package:
 * - `Dataplane`   the facade: send a request from a pod, a node or an outside machine and get
 *                 its trace; all outcomes with probabilities; connections; commands in pods.
 * - `packet/`     packets, hops, verdicts and traces (plain data), the packet walk, the
 *                 choosers (seeded, or exploring every outcome) and the trace's text rendering.
 * - `network/`    per-node network namespaces: interfaces, routes (longest-prefix match), the
 *                 CNI (flannel-like VXLAN or host-gw), /etc/hosts, the index of pod and node IPs.
 * - `kubeproxy/`  kube-proxy: the service-port model synced from Services and EndpointSlices
 *                 after a delay, endpoint categorization, and the iptables, ipvs and nftables modes.
 * - `conntrack/`  per-node connection tracking: established flows keep their backend.
 * - `workloads/`  what answers a packet in a pod: a catalogue of images by behaviour.
 * - `tools/`      wget, curl, nc, ping, ip, hostname, cat, sh -c: the commands run inside pods.
 */
export * from "./conntrack/ConntrackTable.js";
export * from "./Dataplane.js";
export * from "./kubeproxy/categorizeEndpoints.js";
export * from "./kubeproxy/healthServers.js";
export * from "./kubeproxy/iptables/chainNames.js";
export * from "./kubeproxy/iptables/iptablesMode.js";
export * from "./kubeproxy/iptables/iptablesRules.js";
export * from "./kubeproxy/ipvs/ipvsMode.js";
export * from "./kubeproxy/nftables/nftablesMode.js";
export * from "./kubeproxy/ProxyMode.js";
export * from "./kubeproxy/ProxyStateSnapshot.js";
export * from "./kubeproxy/ProxyStateTracker.js";
export * from "./kubeproxy/RecentTable.js";
export * from "./kubeproxy/RoundRobinTable.js";
export * from "./kubeproxy/ServicePortInfo.js";
export * from "./kubeproxy/servicePortInfos.js";
export * from "./network/ClusterNetwork.js";
export * from "./network/crossNodeHops.js";
export * from "./network/formatRoute.js";
export * from "./network/hostsFile.js";
export * from "./network/NetworkTypes.js";
export * from "./network/OutsideNetwork.js";
export * from "./network/outsideHosts.js";
export * from "./packet/choosers.js";
export * from "./packet/Packet.js";
export * from "./packet/renderTrace.js";
export * from "./packet/WalkWorld.js";
export * from "./packet/walkPacket.js";
export * from "./tools/runCommand.js";
export * from "./tools/ToolEnvironment.js";
export * from "./workloads/builtinMatchers.js";
export * from "./workloads/httpEchoWorkload.js";
export * from "./workloads/netexecWorkload.js";
export * from "./workloads/nginxWorkload.js";
export * from "./workloads/podListeningPorts.js";
export * from "./workloads/Workload.js";
export * from "./workloads/WorkloadRegistry.js";
