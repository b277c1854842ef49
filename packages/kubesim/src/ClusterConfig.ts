import { parseTimestamp } from "@kubesim/core";
import { compareIP, hostBits, parseCIDR, parseIP, parsePortRange } from "@kubesim/ipam";
import { parse as parseYaml } from "yaml";

/**
 * How a simulated cluster is built. Every field is optional; the defaults give a small
 * kubeadm-like cluster (one control-plane node and two workers).
 *
 * File form (`kubesim run --config FILE`):
 * ```yaml
 * apiVersion: kubesim.io/v1alpha1
 * kind: ClusterConfig
 * name: kubesim
 * seed: 7
 * startTime: "2025-01-01T00:00:00Z"
 * nodes:
 *   workers: 3
 * networking:
 *   serviceSubnet: 10.96.0.0/12
 *   podSubnet: 10.244.0.0/16
 *   serviceNodePortRange: 30000-32767
 *   kubeProxyMode: iptables
 *   cniBackend: vxlan
 * loadBalancer:
 *   provider: cloud          # cloud | metallb | none
 *   cloud:
 *     addresses: [203.0.113.0/24]
 *     minDelaySeconds: 60
 *     maxDelaySeconds: 120
 * ```
 */
export interface ClusterConfig {
  /** The cluster's name; node names derive from it (`kubesim-control-plane`, `kubesim-worker`, `kubesim-worker2`). */
  readonly name?: string;
  /** The seed of every random choice. */
  readonly seed?: number;
  /** When the user starts (RFC 3339): the cluster is bootstrapped 2 minutes of virtual time earlier (`BOOTSTRAP_MS`). */
  readonly startTime?: string;
  readonly nodes?: {
    /** Number of worker nodes (default 2). */
    readonly workers?: number;
  };
  readonly networking?: ClusterNetworking;
  readonly loadBalancer?: ClusterLoadBalancer;
  /** Cluster DNS's Corefile-level settings. */
  readonly dns?: ClusterDNSConfig;
  /** The world outside the cluster: its hosts (and their names) and the outside client's address. */
  readonly outside?: ClusterOutside;
}

/**
 * Who gives LoadBalancer Services their EXTERNAL-IP. `cloud` (default): a simulated
 * cloud-controller-manager that provisions a load balancer with an address of the cloud's public
 * pool after 60-120 s of virtual time. `metallb`: MetalLB (layer 2), configured as in a real
 * cluster by applying IPAddressPool and L2Advertisement objects in `metallb-system`. `none`: an
 * on-premises cluster without either, where LoadBalancer Services stay `<pending>` forever.
 */
export interface ClusterLoadBalancer {
  readonly provider?: "cloud" | "metallb" | "none";
  readonly cloud?: CloudLoadBalancerConfig;
}

/** The simulated cloud's load balancers. */
export interface CloudLoadBalancerConfig {
  /**
   * The public addresses the cloud hands out, lowest free first: CIDRs (host addresses only) or
   * `start-end` ranges. Default `203.0.113.0/24` (TEST-NET-3, RFC 5737: reserved for documentation,
   * so never a real host), so the first load balancer gets `203.0.113.1`.
   */
  readonly addresses?: readonly string[];
  /** Shortest provisioning time in seconds of virtual time (default 60). */
  readonly minDelaySeconds?: number;
  /** Longest provisioning time in seconds of virtual time (default 120). */
  readonly maxDelaySeconds?: number;
}

/** The load balancer defaults: a cloud cluster's. */
export const DEFAULT_LOAD_BALANCER: {
  readonly provider: "cloud" | "metallb" | "none";
  readonly cloud: Required<CloudLoadBalancerConfig>;
} = {
  provider: "cloud",
  cloud: { addresses: ["203.0.113.0/24"], minDelaySeconds: 60, maxDelaySeconds: 120 },
};

/** Cluster DNS settings (kubeadm's `networking.dnsDomain`, the Corefile's `ttl`). */
export interface ClusterDNSConfig {
  /** The cluster domain (default `cluster.local`). */
  readonly clusterDomain?: string;
  /** The `kubernetes` plugin's TTL in seconds (default 30, kubeadm's Corefile). */
  readonly ttl?: number;
}

/** A machine outside the cluster that answers HTTP on port 80 and ping. */
export interface OutsideHostConfig {
  /** Its DNS name, which cluster DNS forwards to the outside world and the outside client resolves. */
  readonly name: string;
  readonly ip: string;
}

/** The world outside the cluster. */
export interface ClusterOutside {
  /** Its hosts (default: `example.com` at 93.184.215.14). Replaces the default list. */
  readonly hosts?: readonly OutsideHostConfig[];
  /**
   * The address of the machine running the script, the outside client of `kubesim trace` and of
   * `curl`/`wget` in scripts (default 172.18.0.1, the gateway of kind's docker network).
   */
  readonly clientIP?: string;
}

/** Address ranges, named as kubeadm's ClusterConfiguration names them. */
export interface ClusterNetworking {
  /** The Service ClusterIP range(s), `--service-cluster-ip-range`: one CIDR, or two of different families (default `10.96.0.0/12`). */
  readonly serviceSubnet?: string;
  /** The pod network, `--cluster-cidr`; each node gets the next /24 (IPv4) or /64 (IPv6) of it (default `10.244.0.0/16`). */
  readonly podSubnet?: string;
  /** `--service-node-port-range` (default `30000-32767`). */
  readonly serviceNodePortRange?: string;
  /** kube-proxy's `--proxy-mode`, named as kind names it (default `iptables`, kube-proxy's default). */
  readonly kubeProxyMode?: "iptables" | "ipvs" | "nftables";
  /** How pod traffic crosses nodes: flannel's backend type (default `vxlan`, flannel's default). */
  readonly cniBackend?: "vxlan" | "host-gw";
}

/** The networking defaults: a kubeadm cluster's. */
export const DEFAULT_NETWORKING: Required<ClusterNetworking> = {
  serviceSubnet: "10.96.0.0/12",
  podSubnet: "10.244.0.0/16",
  serviceNodePortRange: "30000-32767",
  kubeProxyMode: "iptables",
  cniBackend: "vxlan",
};

/** The apiVersion and kind of a cluster config file. */
export const CLUSTER_CONFIG_API_VERSION = "kubesim.io/v1alpha1";
export const CLUSTER_CONFIG_KIND = "ClusterConfig";

/**
 * Parses and checks a cluster config file. Errors name the field and what is allowed, e.g.
 * `config.yaml: nodes.workers: Invalid value: -1: must be between 0 and 5000, inclusive`.
 */
export function parseClusterConfig(
  text: string,
  source: string,
): { ok: true; config: ClusterConfig } | { ok: false; error: string } {
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (err) {
    return { ok: false, error: `${source}: ${(err as Error).message.split("\n")[0]}` };
  }
  if (doc === null || doc === undefined) return { ok: true, config: {} };
  if (typeof doc !== "object" || Array.isArray(doc))
    return { ok: false, error: `${source}: must be a mapping` };
  const errors = checkClusterConfig(doc as Record<string, unknown>);
  if (errors.length > 0) return { ok: false, error: errors.map((e) => `${source}: ${e}`).join("\n") };
  const { apiVersion: _a, kind: _k, ...config } = doc as Record<string, unknown>;
  return { ok: true, config: config as ClusterConfig };
}

/** Field errors of a config object (also used for configs given to `createCluster`). */
export function checkClusterConfig(config: Readonly<Record<string, unknown>>): string[] {
  const errors: string[] = [];
  const known = new Set([
    "apiVersion",
    "kind",
    "name",
    "seed",
    "startTime",
    "nodes",
    "networking",
    "loadBalancer",
    "dns",
    "outside",
  ]);
  for (const key of Object.keys(config)) {
    if (!known.has(key))
      errors.push(`${key}: Unsupported field: supported fields are ${[...known].join(", ")}`);
  }
  if (config.apiVersion !== undefined && config.apiVersion !== CLUSTER_CONFIG_API_VERSION) {
    errors.push(
      `apiVersion: Unsupported value: ${JSON.stringify(config.apiVersion)}: supported values: "${CLUSTER_CONFIG_API_VERSION}"`,
    );
  }
  if (config.kind !== undefined && config.kind !== CLUSTER_CONFIG_KIND) {
    errors.push(
      `kind: Unsupported value: ${JSON.stringify(config.kind)}: supported values: "${CLUSTER_CONFIG_KIND}"`,
    );
  }
  if (
    config.name !== undefined &&
    (typeof config.name !== "string" ||
      !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(config.name) ||
      config.name.length > 40)
  ) {
    errors.push(
      `name: Invalid value: ${JSON.stringify(config.name)}: must be a lowercase RFC 1123 label of at most 40 characters`,
    );
  }
  if (config.seed !== undefined && !(Number.isSafeInteger(config.seed) && (config.seed as number) >= 0)) {
    errors.push(`seed: Invalid value: ${JSON.stringify(config.seed)}: must be a non-negative integer`);
  }
  if (
    config.startTime !== undefined &&
    (typeof config.startTime !== "string" || parseTimestamp(config.startTime) === undefined)
  ) {
    errors.push(
      `startTime: Invalid value: ${JSON.stringify(config.startTime)}: must be an RFC 3339 timestamp such as "2025-01-01T00:00:00Z"`,
    );
  }
  if (config.nodes !== undefined) {
    const nodes = config.nodes as Record<string, unknown>;
    if (typeof nodes !== "object" || nodes === null || Array.isArray(nodes)) {
      errors.push(`nodes: Invalid value: ${JSON.stringify(config.nodes)}: must be a mapping`);
    } else {
      for (const key of Object.keys(nodes))
        if (key !== "workers") errors.push(`nodes.${key}: Unsupported field: supported fields are workers`);
      const w = nodes.workers;
      if (w !== undefined && !(Number.isInteger(w) && (w as number) >= 0 && (w as number) <= 5000)) {
        errors.push(
          `nodes.workers: Invalid value: ${JSON.stringify(w)}: must be between 0 and 5000, inclusive`,
        );
      }
    }
  }
  if (config.networking !== undefined) errors.push(...checkNetworking(config.networking));
  if (config.loadBalancer !== undefined) errors.push(...checkLoadBalancer(config.loadBalancer));
  if (config.dns !== undefined) errors.push(...checkDNS(config.dns));
  if (config.outside !== undefined) errors.push(...checkOutside(config.outside));
  return errors;
}

const DNS_NAME = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?(\.[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)*$/;

function checkDNS(value: unknown): string[] {
  if (!isMapping(value)) return [`dns: Invalid value: ${JSON.stringify(value)}: must be a mapping`];
  const errors: string[] = [];
  for (const key of Object.keys(value))
    if (key !== "clusterDomain" && key !== "ttl")
      errors.push(`dns.${key}: Unsupported field: supported fields are clusterDomain, ttl`);
  const domain = value.clusterDomain;
  if (domain !== undefined && !(typeof domain === "string" && DNS_NAME.test(domain)))
    errors.push(
      `dns.clusterDomain: Invalid value: ${JSON.stringify(domain)}: a lowercase RFC-1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
    );
  const ttl = value.ttl;
  // The kubernetes plugin's ttl: 0 to 3600 seconds (coredns plugin/kubernetes/setup.go).
  if (ttl !== undefined && !(Number.isInteger(ttl) && (ttl as number) >= 0 && (ttl as number) <= 3600))
    errors.push(`dns.ttl: Invalid value: ${JSON.stringify(ttl)}: must be between 0 and 3600, inclusive`);
  return errors;
}

function checkOutside(value: unknown): string[] {
  if (!isMapping(value)) return [`outside: Invalid value: ${JSON.stringify(value)}: must be a mapping`];
  const errors: string[] = [];
  for (const key of Object.keys(value))
    if (key !== "hosts" && key !== "clientIP")
      errors.push(`outside.${key}: Unsupported field: supported fields are hosts, clientIP`);
  const client = value.clientIP;
  if (client !== undefined && !(typeof client === "string" && parseIP(client)?.family === "IPv4"))
    errors.push(`outside.clientIP: Invalid value: ${JSON.stringify(client)}: must be an IPv4 address`);
  const hosts = value.hosts;
  if (hosts === undefined) return errors;
  if (!Array.isArray(hosts))
    return [...errors, `outside.hosts: Invalid value: ${JSON.stringify(hosts)}: must be a list`];
  hosts.forEach((h, i) => {
    const at = `outside.hosts[${i}]`;
    if (!isMapping(h)) {
      errors.push(`${at}: Invalid value: ${JSON.stringify(h)}: must be a mapping with name and ip`);
      return;
    }
    for (const key of Object.keys(h))
      if (key !== "name" && key !== "ip")
        errors.push(`${at}.${key}: Unsupported field: supported fields are name, ip`);
    if (!(typeof h.name === "string" && DNS_NAME.test(h.name)))
      errors.push(`${at}.name: Invalid value: ${JSON.stringify(h.name)}: must be a lowercase DNS name`);
    if (!(typeof h.ip === "string" && parseIP(h.ip)?.family === "IPv4"))
      errors.push(`${at}.ip: Invalid value: ${JSON.stringify(h.ip)}: must be an IPv4 address`);
  });
  return errors;
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Whether `text` is a CIDR or a `start-end` range of one family, start not after end (MetalLB's syntax). */
function addressEntryError(text: string): string | undefined {
  if (!text.includes("-")) {
    const parsed = parseCIDR(text);
    return parsed.ok ? undefined : parsed.error;
  }
  const [startText, endText] = text.split("-", 2).map((p) => p.trim());
  const start = parseIP(startText ?? "");
  const end = parseIP(endText ?? "");
  if (start === undefined) return `invalid start IP "${startText}"`;
  if (end === undefined) return `invalid end IP "${endText}"`;
  if (start.family !== end.family) return "start and end must be of the same IP family";
  if (compareIP(start, end) > 0) return `start IP "${startText}" is after the end IP "${endText}"`;
  return undefined;
}

function checkLoadBalancer(value: unknown): string[] {
  if (!isMapping(value)) return [`loadBalancer: Invalid value: ${JSON.stringify(value)}: must be a mapping`];
  const errors: string[] = [];
  for (const key of Object.keys(value)) {
    if (key !== "provider" && key !== "cloud")
      errors.push(`loadBalancer.${key}: Unsupported field: supported fields are provider, cloud`);
  }
  const provider = value.provider;
  if (provider !== undefined && !["cloud", "metallb", "none"].includes(provider as string)) {
    errors.push(
      `loadBalancer.provider: Unsupported value: ${JSON.stringify(provider)}: supported values: "cloud", "metallb", "none"`,
    );
  }
  const cloud = value.cloud;
  if (cloud === undefined) return errors;
  if (!isMapping(cloud))
    return [...errors, `loadBalancer.cloud: Invalid value: ${JSON.stringify(cloud)}: must be a mapping`];
  for (const key of Object.keys(cloud)) {
    if (!(key in DEFAULT_LOAD_BALANCER.cloud)) {
      errors.push(
        `loadBalancer.cloud.${key}: Unsupported field: supported fields are ${Object.keys(DEFAULT_LOAD_BALANCER.cloud).join(", ")}`,
      );
    }
  }
  const addresses = cloud.addresses;
  if (addresses !== undefined) {
    if (!Array.isArray(addresses) || addresses.length === 0) {
      errors.push(
        `loadBalancer.cloud.addresses: Invalid value: ${JSON.stringify(addresses)}: must be a non-empty list`,
      );
    } else {
      addresses.forEach((a, i) => {
        const error = typeof a === "string" ? addressEntryError(a) : "must be a string";
        if (error !== undefined)
          errors.push(`loadBalancer.cloud.addresses[${i}]: Invalid value: ${JSON.stringify(a)}: ${error}`);
      });
    }
  }
  const seconds = (key: "minDelaySeconds" | "maxDelaySeconds"): number | undefined => {
    const v = cloud[key];
    if (v === undefined) return undefined;
    if (!(typeof v === "number" && Number.isInteger(v) && v >= 0 && v <= 86_400)) {
      errors.push(
        `loadBalancer.cloud.${key}: Invalid value: ${JSON.stringify(v)}: must be between 0 and 86400, inclusive`,
      );
      return undefined;
    }
    return v;
  };
  const min = seconds("minDelaySeconds") ?? DEFAULT_LOAD_BALANCER.cloud.minDelaySeconds;
  const max = seconds("maxDelaySeconds") ?? DEFAULT_LOAD_BALANCER.cloud.maxDelaySeconds;
  if (min > max) {
    errors.push(
      `loadBalancer.cloud.maxDelaySeconds: Invalid value: ${max}: must be greater than or equal to minDelaySeconds (${min})`,
    );
  }
  return errors;
}

/**
 * The kube-apiserver's and kube-controller-manager's checks of the ranges (K8s
 * cmd/kube-apiserver/app/options/validation.go, REFERENCE section 1.1): a service range of at
 * least 8 addresses and at most 20 host bits, two ranges only of different families, a valid
 * node port range, a pod network with room for at least one node block.
 */
function checkNetworking(value: unknown): string[] {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return [`networking: Invalid value: ${JSON.stringify(value)}: must be a mapping`];
  }
  const net = value as Record<string, unknown>;
  const errors: string[] = [];
  for (const key of Object.keys(net)) {
    if (!(key in DEFAULT_NETWORKING)) {
      errors.push(
        `networking.${key}: Unsupported field: supported fields are ${Object.keys(DEFAULT_NETWORKING).join(", ")}`,
      );
    }
  }
  const str = (key: keyof ClusterNetworking): string | undefined => {
    const v = net[key];
    if (v === undefined) return undefined;
    if (typeof v !== "string") {
      errors.push(`networking.${key}: Invalid value: ${JSON.stringify(v)}: must be a string`);
      return undefined;
    }
    return v;
  };
  const services = str("serviceSubnet");
  if (services !== undefined) {
    const cidrs = services.split(",").map((c) => c.trim());
    const families = new Set<string>();
    if (cidrs.length > 2)
      errors.push(
        `networking.serviceSubnet: Invalid value: "${services}": may hold at most two CIDRs, one per IP family`,
      );
    for (const text of cidrs) {
      const parsed = parseCIDR(text);
      if (!parsed.ok) {
        errors.push(`networking.serviceSubnet: Invalid value: "${text}": ${parsed.error}`);
        continue;
      }
      const { cidr } = parsed.value;
      const bits = hostBits(cidr);
      if (bits > 20) {
        errors.push(
          `networking.serviceSubnet: Invalid value: "${text}": specified --service-cluster-ip-range is too large; for ${cidr.family === "IPv4" ? 32 : 128}-bit addresses, the mask must be >= ${cidr.family === "IPv4" ? 12 : 108}`,
        );
      } else if (bits < 3) {
        errors.push(
          `networking.serviceSubnet: Invalid value: "${text}": the service cluster IP range must be at least 8 IP addresses`,
        );
      }
      if (families.has(cidr.family)) {
        errors.push(
          `networking.serviceSubnet: Invalid value: "${services}": the two CIDRs must be of different IP families`,
        );
      }
      families.add(cidr.family);
    }
  }
  const pods = str("podSubnet");
  if (pods !== undefined) {
    const parsed = parseCIDR(pods);
    if (!parsed.ok) errors.push(`networking.podSubnet: Invalid value: "${pods}": ${parsed.error}`);
    else {
      const { cidr } = parsed.value;
      const blockPrefix = cidr.family === "IPv4" ? 24 : 64;
      if (cidr.prefixLength > blockPrefix) {
        errors.push(
          `networking.podSubnet: Invalid value: "${pods}": must be at least a /${blockPrefix}, the size of one node's pod range`,
        );
      }
    }
  }
  for (const [key, allowed] of [
    ["kubeProxyMode", ["iptables", "ipvs", "nftables"]],
    ["cniBackend", ["vxlan", "host-gw"]],
  ] as const) {
    const v = str(key);
    if (v !== undefined && !(allowed as readonly string[]).includes(v))
      errors.push(
        `networking.${key}: Unsupported value: "${v}": supported values: ${allowed.map((a) => `"${a}"`).join(", ")}`,
      );
  }
  const ports = str("serviceNodePortRange");
  if (ports !== undefined) {
    const parsed = parsePortRange(ports);
    if (!parsed.ok)
      errors.push(`networking.serviceNodePortRange: Invalid value: "${ports}": ${parsed.error}`);
  }
  return errors;
}
