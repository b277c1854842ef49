/**
 * A pod's `/etc/resolv.conf`, as the kubelet computes it (K8s `pkg/kubelet/network/dns/dns.go`
 * `GetPodDNS`) and containerd writes it (`parseDNSOptions`: `search`, then `nameserver` lines,
 * then `options`):
 * - `ClusterFirst` (the default): the kubelet's `--cluster-dns` addresses, the search list
 *   `<ns>.svc.<zone> svc.<zone> <zone>` followed by the node's own search domains (duplicates
 *   omitted), and `options ndots:5` (`defaultDNSOptions`). On a `hostNetwork` pod it falls
 *   back to `Default`.
 * - `ClusterFirstWithHostNet`: `ClusterFirst`, also for `hostNetwork` pods.
 * - `Default`: the node's resolv.conf (nameservers, search and options as they are).
 * - `None`: nothing but `dnsConfig`.
 * Then `dnsConfig` is appended (`appendDNSConfig`: nameservers and searches de-duplicated,
 * options merged by name with `dnsConfig` winning) and the limits applied
 * (`formDNSConfigFitsLimits`): at most 3 nameservers (`MaxDNSNameservers`), at most 32 search
 * domains (`MaxDNSSearchPaths`), none longer than 253 characters, and at most 2048 characters
 * of search line (`MaxDNSSearchListChars`), cut from the end; each cut is reported as the
 * kubelet's `DNSConfigForming` warning event.
 *
 * @module
 */
import type { KubeObject } from "@kubesim/core";

/** The three lists a resolv.conf carries. */
export interface DNSConfig {
  readonly nameservers: readonly string[];
  readonly searches: readonly string[];
  readonly options: readonly string[];
}

/**
 * A kind node's `/etc/resolv.conf`: Docker's embedded DNS for user-defined networks
 * (`nameserver 127.0.0.11`, `options ndots:0`), which kind's entrypoint rewrites to the
 * network's gateway (`enable_network_magic`: kubernetes-sigs/kind
 * `images/base/files/usr/local/bin/entrypoint`). No search domains (the host's would be
 * copied; we assume none).
 */
export const KIND_NODE_RESOLV_CONF: DNSConfig = Object.freeze({
  nameservers: Object.freeze(["172.18.0.1"]),
  searches: Object.freeze([]) as readonly string[],
  options: Object.freeze(["ndots:0"]),
});

/** `validation.MaxDNSNameservers`. */
export const MAX_DNS_NAMESERVERS = 3;
/** `validation.MaxDNSSearchPaths` (32 since the ExpandedDNSConfig feature went GA, v1.28). */
export const MAX_DNS_SEARCH_PATHS = 32;
/** `validation.MaxDNSSearchListChars`. */
export const MAX_DNS_SEARCH_LIST_CHARS = 2048;
/** `utilvalidation.DNS1123SubdomainMaxLength`: longer search domains are dropped (glibc 2.28 aborts on them). */
const MAX_SEARCH_DOMAIN_LENGTH = 253;

/** The kubelet's DNS settings. */
export interface ResolvConfOptions {
  /** `--cluster-dns` (default `["10.96.0.10"]`, kubeadm's tenth address of the service range). */
  readonly clusterDNS?: readonly string[];
  /** `--cluster-domain` (default `cluster.local`). */
  readonly clusterDomain?: string;
  /** The node's resolv.conf, the kubelet's `--resolv-conf` (default {@link KIND_NODE_RESOLV_CONF}). */
  readonly hostResolvConf?: DNSConfig;
}

/** What the kubelet gives the pod's sandbox, and the warning events it recorded. */
export interface PodDNS extends DNSConfig {
  /** Messages of `DNSConfigForming` warning events (limits exceeded). */
  readonly warnings: readonly string[];
}

interface PodDNSShape {
  readonly metadata: { readonly namespace?: string };
  readonly spec?: {
    readonly dnsPolicy?: string;
    readonly hostNetwork?: boolean;
    readonly dnsConfig?: {
      readonly nameservers?: readonly string[];
      readonly searches?: readonly string[];
      readonly options?: readonly { readonly name: string; readonly value?: string }[];
    };
  };
}

function omitDuplicates(items: readonly string[]): string[] {
  return [...new Set(items)];
}

/**
 * `mergeDNSOptions`: by name, `dnsConfig` winning. The kubelet collects them in a Go map, so
 * their order varies between runs; kubesim keeps first-seen order, one of the orders Kubernetes
 * can produce.
 */
function mergeDNSOptions(
  existing: readonly string[],
  extra: readonly { readonly name: string; readonly value?: string }[],
): string[] {
  const values = new Map<string, string>();
  for (const op of existing) {
    const i = op.indexOf(":");
    if (i >= 0) values.set(op.slice(0, i), op.slice(i + 1));
    else values.set(op, "");
  }
  for (const op of extra) values.set(op.name, op.value ?? "");
  return [...values].map(([name, value]) => (value === "" ? name : `${name}:${value}`));
}

/** The DNS settings the kubelet computes for `pod`. */
export function podDNS(pod: KubeObject, options: ResolvConfOptions = {}): PodDNS {
  const host = options.hostResolvConf ?? KIND_NODE_RESOLV_CONF;
  const clusterDNS = options.clusterDNS ?? ["10.96.0.10"];
  const domain = options.clusterDomain ?? "cluster.local";
  const spec = (pod as PodDNSShape).spec ?? {};
  const policy = spec.dnsPolicy ?? "ClusterFirst";
  let kind: "cluster" | "host" | "none";
  if (policy === "None") kind = "none";
  else if (policy === "ClusterFirstWithHostNet") kind = "cluster";
  else if (policy === "ClusterFirst" && !spec.hostNetwork) kind = "cluster";
  else kind = "host"; // Default, and ClusterFirst on the host network
  // The kubelet falls back to Default when it has no --cluster-dns.
  if (kind === "cluster" && clusterDNS.length === 0) kind = "host";
  let nameservers: string[];
  let searches: string[];
  let opts: string[];
  if (kind === "none") {
    nameservers = [];
    searches = [];
    opts = [];
  } else if (kind === "cluster") {
    nameservers = [...clusterDNS];
    const ns = (pod as PodDNSShape).metadata.namespace ?? "default";
    searches =
      domain === ""
        ? [...host.searches]
        : omitDuplicates([`${ns}.svc.${domain}`, `svc.${domain}`, domain, ...host.searches]);
    opts = ["ndots:5"];
  } else {
    nameservers = [...host.nameservers];
    searches = [...host.searches];
    opts = [...host.options];
  }
  const extra = spec.dnsConfig;
  if (extra) {
    nameservers = omitDuplicates([...nameservers, ...(extra.nameservers ?? [])]);
    searches = omitDuplicates([...searches, ...(extra.searches ?? [])]);
    opts = mergeDNSOptions(opts, extra.options ?? []);
  }
  const warnings: string[] = [];
  if (nameservers.length > MAX_DNS_NAMESERVERS) {
    nameservers = nameservers.slice(0, MAX_DNS_NAMESERVERS);
    warnings.push(
      `Nameserver limits were exceeded, some nameservers have been omitted, the applied nameserver line is: ${nameservers.join(" ")}`,
    );
  }
  const fitted = fitSearches(searches);
  if (fitted.exceeded)
    warnings.push(
      `Search Line limits were exceeded, some search paths have been omitted, the applied search line is: ${fitted.searches.join(" ")}`,
    );
  return { nameservers, searches: fitted.searches, options: opts, warnings };
}

/** `formDNSSearchFitsLimits`. */
function fitSearches(input: readonly string[]): { searches: string[]; exceeded: boolean } {
  let exceeded = false;
  let searches = [...input];
  if (searches.length > MAX_DNS_SEARCH_PATHS) {
    searches = searches.slice(0, MAX_DNS_SEARCH_PATHS);
    exceeded = true;
  }
  const short = searches.filter((s) => s.length <= MAX_SEARCH_DOMAIN_LENGTH);
  if (short.length !== searches.length) exceeded = true;
  searches = short;
  const lineLength = searches.join(" ").length;
  if (lineLength > MAX_DNS_SEARCH_LIST_CHARS) {
    let cutLength = 0;
    let cut = 0;
    for (let i = searches.length - 1; i >= 0; i--) {
      cutLength += (searches[i] as string).length + 1;
      cut++;
      if (lineLength - cutLength <= MAX_DNS_SEARCH_LIST_CHARS) break;
    }
    searches = searches.slice(0, searches.length - cut);
    exceeded = true;
  }
  return { searches, exceeded };
}

/** The resolv.conf text containerd writes from DNS settings (`parseDNSOptions`). */
export function formatResolvConf(config: DNSConfig): string {
  let out = "";
  if (config.searches.length > 0) out += `search ${config.searches.join(" ")}\n`;
  if (config.nameservers.length > 0) out += `nameserver ${config.nameservers.join("\nnameserver ")}\n`;
  if (config.options.length > 0) out += `options ${config.options.join(" ")}\n`;
  return out;
}

/**
 * The pod's `/etc/resolv.conf`, e.g. for a `default` pod:
 * `search default.svc.cluster.local svc.cluster.local cluster.local` /
 * `nameserver 10.96.0.10` / `options ndots:5`.
 */
export function resolvConf(pod: KubeObject, options: ResolvConfOptions = {}): string {
  return formatResolvConf(podDNS(pod, options));
}
