/**
 * Cluster DNS wired into a simulation's dataplane: the records, the CoreDNS workload in every
 * `coredns` container, the kubelet's resolv.conf for each pod, and name resolution for
 * `wget`/`curl` that sends real UDP queries from the pod to its nameserver (the kube-dns
 * ClusterIP, through kube-proxy, to a CoreDNS pod). With no CoreDNS pod running, kube-proxy
 * rejects or nothing answers, and lookups fail after the resolver's timeouts, as they would.
 *
 * Nameservers outside the cluster (the node's, `172.18.0.1` on kind, or a `dnsConfig`
 * nameserver such as `8.8.8.8`) are the outside world: their answers come from the
 * {@link UpstreamZone} without a packet walk, since the dataplane models no machine there.
 *
 * @module
 */
import type { KubeObject, Simulation } from "@kubesim/core";
import type {
  Dataplane,
  ResolveOptions as DataplaneResolveOptions,
  DNSQuestion,
  Origin,
  Resolution,
  ToolEnvironment,
} from "@kubesim/dataplane";
import { cidrContains, mustParseCIDR, parseIP } from "@kubesim/ipam";
import { trimDot } from "./_internal/names.js";
import { ClusterDNSRecords, type ClusterDNSRecordsOptions } from "./ClusterDNSRecords.js";
import { matchCoreDNS } from "./coreDNSWorkload.js";
import {
  type DNSConfig,
  formatResolvConf,
  KIND_NODE_RESOLV_CONF,
  type PodDNS,
  podDNS,
  type ResolvConfOptions,
} from "./resolvConf.js";
import {
  type AddressFamilies,
  type Libc,
  libcOfImage,
  type QueryReply,
  type ResolveResult,
  resolveName,
  resolverConfig,
  type SendQuery,
} from "./resolveName.js";

/** How cluster DNS is set up. */
export interface ClusterDNSOptions extends Omit<ClusterDNSRecordsOptions, "sim"> {
  readonly sim: Simulation;
  readonly dataplane: Dataplane;
  /** The kubelet's `--cluster-dns` (default: the `kube-system/kube-dns` ClusterIP, else `10.96.0.10`). */
  readonly clusterDNS?: readonly string[];
  /** The nodes' resolv.conf (default {@link KIND_NODE_RESOLV_CONF}). */
  readonly hostResolvConf?: DNSConfig;
  /**
   * Replace the dataplane's name resolution with this one, and give every tool environment
   * the pods' `/etc/resolv.conf` (default true).
   */
  readonly setResolver?: boolean;
}

/** Options of one lookup (`dryRun`: send each query as a dry run, so the lookup changes nothing). */
export interface ResolveOptions extends DataplaneResolveOptions {
  /** Which records `getaddrinfo` asks for (default `A+AAAA`, `AF_UNSPEC`). */
  readonly families?: AddressFamilies;
  /** The resolver library (default: from the pod's first container's image). */
  readonly libc?: Libc;
  /** Record packet hops in each query's trace (default true). */
  readonly trace?: boolean;
}

/** Cluster DNS of one simulation. */
export interface ClusterDNS {
  readonly records: ClusterDNSRecords;
  /** Resolves `name` as a process at `from` would (a pod: through its resolv.conf and CoreDNS). */
  resolve(name: string, from: Origin, options?: ResolveOptions): ResolveResult;
  /** The kubelet's DNS settings for `pod`. */
  podDNS(pod: KubeObject): PodDNS;
  /** `pod`'s `/etc/resolv.conf`. */
  resolvConf(pod: KubeObject): string;
  /** `env` with `/etc/resolv.conf` readable and names resolved through cluster DNS. */
  extendToolEnvironment(env: ToolEnvironment, origin: Origin): ToolEnvironment;
  /** Stops following the store (the workload and resolver stay registered). */
  dispose(): void;
}

const DEFAULT_SERVICE_CIDRS = ["10.96.0.0/12"];

function isIPLiteral(name: string): boolean {
  return parseIP(name) !== undefined;
}

/** Sets up cluster DNS on a simulation's dataplane; see the module documentation. */
export function installClusterDNS(options: ClusterDNSOptions): ClusterDNS {
  const { sim, dataplane } = options;
  const records = new ClusterDNSRecords(options);
  const kubeDNS = sim.store.get("Service", "kube-system", "kube-dns");
  const kubeDNSIPs = ((kubeDNS?.spec as { clusterIPs?: string[] } | undefined)?.clusterIPs ?? []).filter(
    (ip) => ip !== "None",
  );
  const dnsOptions: ResolvConfOptions = {
    clusterDNS: options.clusterDNS ?? (kubeDNSIPs.length > 0 ? kubeDNSIPs : ["10.96.0.10"]),
    clusterDomain: records.clusterDomain,
    hostResolvConf: options.hostResolvConf ?? KIND_NODE_RESOLV_CONF,
  };
  const host = dnsOptions.hostResolvConf as DNSConfig;
  const serviceCIDRs = sim.store
    .list("ServiceCIDR")
    .flatMap((o) => (o.spec as { cidrs?: string[] } | undefined)?.cidrs ?? []);
  const serviceRanges = (serviceCIDRs.length > 0 ? serviceCIDRs : DEFAULT_SERVICE_CIDRS).map((c) =>
    mustParseCIDR(c),
  );

  dataplane.workloads.register(matchCoreDNS(records, { random: () => sim.random("coredns") }));

  /** Whether the packet walk can carry a query to `ip` (a Service, pod or node address). */
  const inCluster = (ip: string): boolean => {
    const parsed = parseIP(ip);
    if (!parsed) return false;
    return (
      serviceRanges.some((r) => r.family === parsed.family && cidrContains(r, parsed)) ||
      dataplane.network.inClusterCIDR(ip) ||
      dataplane.network.nodeByIP(ip) !== undefined
    );
  };

  const sender = (from: Origin, trace: boolean, dryRun: boolean): SendQuery => {
    return (nameserver, question, timeoutMs) => {
      if (!inCluster(nameserver)) return outside(question);
      const ids = sim.random("dns-id");
      const id = (dryRun ? ids.fork() : ids).int(0, 65535);
      const t = dataplane.send({
        dryRun,
        from,
        to: nameserver,
        port: 53,
        protocol: "UDP",
        request: { kind: "dns", id, question, recursionDesired: true },
        timeoutMs,
        trace,
      });
      const response = t.response;
      if (t.verdict === "delivered" && response?.kind === "dns" && response.id === id)
        return {
          outcome: "answered",
          rcode: response.rcode,
          answers: response.answers,
          elapsedMs: t.elapsedMs,
          trace: t,
        };
      if (t.verdict === "refused" || t.verdict === "unreachable")
        return { outcome: "refused", elapsedMs: t.elapsedMs, trace: t };
      return { outcome: "lost", elapsedMs: timeoutMs, trace: t };
    };
  };

  /** An outside nameserver's answer (the node's resolver forwarding to the real world). */
  const outside = (question: DNSQuestion): QueryReply => {
    const up = records.upstream.answer(question);
    return { outcome: "answered", rcode: up.rcode, answers: up.answers, elapsedMs: 1 };
  };

  const configOf = (from: Origin): { config: DNSConfig; libc: Libc; pod?: KubeObject } | undefined => {
    if (from.kind !== "pod") return { config: host, libc: "glibc" };
    const pod = sim.store.get("Pod", from.namespace, from.name);
    if (!pod) return undefined;
    const image =
      (pod.spec as { containers?: { image?: string }[] } | undefined)?.containers?.[0]?.image ?? "";
    return { config: podDNS(pod, dnsOptions), libc: libcOfImage(image), pod };
  };

  const fromHostsFile = (pod: KubeObject, name: string): string[] => {
    const text = dataplane.network.hostsFile(pod);
    if (!text) return [];
    const wanted = trimDot(name).toLowerCase();
    const ips: string[] = [];
    for (const line of text.split("\n")) {
      const fields = line.split("#")[0]?.trim().split(/\s+/) ?? [];
      if (fields.length < 2) continue;
      if (fields.slice(1).some((f) => f.toLowerCase() === wanted)) ips.push(fields[0] as string);
    }
    return ips;
  };

  const resolve = (name: string, from: Origin, resolveOptions: ResolveOptions = {}): ResolveResult => {
    if (isIPLiteral(name)) return { ok: true, ips: [name], queries: [], elapsedMs: 0 };
    const setup = configOf(from);
    if (!setup) return { ok: false, error: "not-found", queries: [], elapsedMs: 0 };
    // nsswitch `hosts: files dns`: /etc/hosts first (the pod's localhost and own hostname).
    if (setup.pod) {
      const ips = fromHostsFile(setup.pod, name);
      if (ips.length > 0) return { ok: true, ips, queries: [], elapsedMs: 0 };
    }
    return resolveName(
      name,
      resolverConfig(setup.config),
      resolveOptions.libc ?? setup.libc,
      sender(from, resolveOptions.trace ?? true, resolveOptions.dryRun ?? false),
      resolveOptions.families ? { families: resolveOptions.families } : {},
    );
  };

  const resolution = (name: string, from: Origin, options?: DataplaneResolveOptions): Resolution => {
    const r = resolve(name, from, { trace: false, dryRun: options?.dryRun ?? false });
    return r.ok ? { ok: true, ips: r.ips } : { ok: false, error: r.error, elapsedMs: r.elapsedMs };
  };

  const resolvConfText = (pod: KubeObject) => formatResolvConf(podDNS(pod, dnsOptions));

  const clusterDNS: ClusterDNS = {
    records,
    resolve,
    podDNS: (pod) => podDNS(pod, dnsOptions),
    resolvConf: resolvConfText,
    extendToolEnvironment(env, origin) {
      return {
        ...env,
        resolve: (name) => resolution(name, origin),
        readFile: (path) => {
          if (path === "/etc/resolv.conf") {
            if (origin.kind === "pod") {
              const pod = sim.store.get("Pod", origin.namespace, origin.name);
              if (pod) return resolvConfText(pod);
            }
            return formatResolvConf(host);
          }
          return env.readFile(path);
        },
      };
    },
    dispose: () => records.dispose(),
  };
  if (options.setResolver ?? true) {
    dataplane.setResolver(resolution);
    dataplane.extendToolEnvironment((env, origin) => clusterDNS.extendToolEnvironment(env, origin));
  }
  return clusterDNS;
}
