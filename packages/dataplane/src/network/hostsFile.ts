/**
 * The `/etc/hosts` the kubelet mounts into every container of a pod, byte for byte as
 * Kubernetes' `pkg/kubelet/kubelet_pods.go` writes it (`managedHostsFileContent`,
 * `nodeHostsFileContent`, `hostsEntriesFromHostAliases`, `GeneratePodHostNameAndDomain`).
 *
 * @module
 */

/** `spec.hostAliases[]` of a pod. */
export interface HostAlias {
  readonly ip?: string;
  readonly hostnames?: readonly string[];
}

/** The header of a pod's own hosts file (kubelet `managedHostsHeader`). */
export const MANAGED_HOSTS_HEADER = "# Kubernetes-managed hosts file.\n";

/** The header the kubelet puts above the node's file for hostNetwork pods (`managedHostsHeaderWithHostNetwork`). */
export const MANAGED_HOSTS_HEADER_WITH_HOST_NETWORK = "# Kubernetes-managed hosts file (host network).\n";

/**
 * The `# Entries added by HostAliases.` section: a blank line, the comment, then one line per
 * alias with its IP and all its hostnames separated by tabs (current kubelets; older ones
 * wrote one line per hostname). Empty without aliases.
 */
export function hostsEntriesFromHostAliases(hostAliases: readonly HostAlias[] | undefined): string {
  if (!hostAliases || hostAliases.length === 0) return "";
  let out = "\n# Entries added by HostAliases.\n";
  for (const alias of hostAliases) out += `${alias.ip ?? ""}\t${(alias.hostnames ?? []).join("\t")}\n`;
  return out;
}

/**
 * A pod's hosts file (kubelet `managedHostsFileContent`): the header, the localhost and IPv6
 * boilerplate, one line per pod IP (`<ip>\t<hostname>`, or `<ip>\t<hostname>.<domain>\t<hostname>`
 * when the pod has a subdomain), then the HostAliases section.
 */
export function managedHostsFileContent(
  podIPs: readonly string[],
  hostName: string,
  hostDomainName: string,
  hostAliases?: readonly HostAlias[],
): string {
  let out =
    MANAGED_HOSTS_HEADER +
    "127.0.0.1\tlocalhost\n" +
    "::1\tlocalhost ip6-localhost ip6-loopback\n" +
    "fe00::0\tip6-localnet\n" +
    "fe00::0\tip6-mcastprefix\n" +
    "fe00::1\tip6-allnodes\n" +
    "fe00::2\tip6-allrouters\n";
  for (const ip of podIPs)
    out +=
      hostDomainName.length > 0
        ? `${ip}\t${hostName}.${hostDomainName}\t${hostName}\n`
        : `${ip}\t${hostName}\n`;
  return out + hostsEntriesFromHostAliases(hostAliases);
}

/**
 * A hostNetwork pod's hosts file (kubelet `nodeHostsFileContent`): the host-network header,
 * the node's own `/etc/hosts`, then the HostAliases section.
 */
export function nodeHostsFileContent(nodeHostsFile: string, hostAliases?: readonly HostAlias[]): string {
  return MANAGED_HOSTS_HEADER_WITH_HOST_NETWORK + nodeHostsFile + hostsEntriesFromHostAliases(hostAliases);
}

/**
 * The node's own `/etc/hosts`. kubesim's nodes are kind nodes, containers on a docker network,
 * so this is the file docker writes for a container (moby `libnetwork/etchosts`: its
 * `defaultContent` records, then the container's address and hostname).
 */
export function dockerHostsFile(nodeIP: string | undefined, hostname: string): string {
  return (
    "127.0.0.1\tlocalhost\n" +
    "::1\tlocalhost ip6-localhost ip6-loopback\n" +
    "fe00::0\tip6-localnet\n" +
    "ff00::0\tip6-mcastprefix\n" +
    "ff02::1\tip6-allnodes\n" +
    "ff02::2\tip6-allrouters\n" +
    (nodeIP ? `${nodeIP}\t${hostname}\n` : "")
  );
}

/**
 * The hostname and domain the kubelet gives a pod (`GeneratePodHostNameAndDomain`):
 * `spec.hostname` or the pod name, cut to 63 characters without a trailing `-` or `.`; the
 * domain `<subdomain>.<namespace>.svc.<clusterDomain>` when `spec.subdomain` is set, else empty.
 */
export function podHostNameAndDomain(
  pod: {
    readonly name: string;
    readonly namespace: string;
    readonly hostname?: string;
    readonly subdomain?: string;
  },
  clusterDomain: string,
): { hostName: string; hostDomainName: string } {
  let hostName = pod.hostname && pod.hostname.length > 0 ? pod.hostname : pod.name;
  if (hostName.length > 63) hostName = hostName.slice(0, 63).replace(/[-.]+$/, "");
  const hostDomainName =
    pod.subdomain && pod.subdomain.length > 0 ? `${pod.subdomain}.${pod.namespace}.svc.${clusterDomain}` : "";
  return { hostName, hostDomainName };
}
