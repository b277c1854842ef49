/**
 * @kubesim/dns: cluster DNS of a kubesim cluster.
 *
 * Map of the package:
 * - `ClusterDNSRecords`  the cluster's records (Services, EndpointSlices, pods) in hash indexes
 *                        kept current from store watches, and CoreDNS's answer to a question:
 *                        kubernetes plugin, reverse zones, `forward` to the outside world.
 * - `UpstreamZone`       the outside world's names (`example.com`), answered recursively.
 * - `coreDNSWorkload`    CoreDNS in a pod: DNS on 53/UDP+TCP, `loadbalance`, metrics, health, ready.
 * - `resolvConf`         the kubelet's pod DNS settings (dnsPolicy, dnsConfig, limits) and the
 *                        `/etc/resolv.conf` containerd writes.
 * - `resolveName`        the libc stub resolver (glibc or musl): ndots, search list, retries.
 * - `installClusterDNS`  all of it wired into a dataplane: the workload, `setResolver`, tool files.
 */
export * from "./ClusterDNSRecords.js";
export * from "./coreDNSWorkload.js";
export * from "./installClusterDNS.js";
export * from "./resolvConf.js";
export * from "./resolveName.js";
export * from "./UpstreamZone.js";
