/**
 * The kube-proxy settings that change what the iptables proxier writes.
 *
 * @module
 */

/**
 * kube-proxy iptables-mode settings. Defaults are those of the fake proxier in Kubernetes'
 * pkg/proxy/iptables/proxier_test.go (`NewFakeProxier`), so a default dump compares line
 * for line with the expected dumps there.
 */
export interface IptablesOptions {
  /** `--iptables-masquerade-bit` (default 14: mark `0x4000`). */
  readonly masqueradeBit?: number;
  /** `--masquerade-all`: SNAT every packet to a ClusterIP (default false). */
  readonly masqueradeAll?: boolean;
  /** `iptables.localhostNodePorts` (default true): NodePorts answer on 127.0.0.0/8. */
  readonly localhostNodePorts?: boolean;
  /** Whether the nfacct counters exist (default true, as in the fake proxier); they add `-m nfacct` rules. */
  readonly nfacct?: boolean;
  /** `nf_conntrack_tcp_be_liberal` set (default false): no `--ctstate INVALID -j DROP` rule. */
  readonly conntrackTCPLiberal?: boolean;
  /** Whether iptables supports `--random-fully` (default false, as the fake iptables reports). */
  readonly randomFully?: boolean;
}

/** {@link IptablesOptions} with every default filled in. */
export type ResolvedIptablesOptions = Required<IptablesOptions>;

/** Fills in the defaults of {@link IptablesOptions}. */
export function resolveIptablesOptions(options: IptablesOptions = {}): ResolvedIptablesOptions {
  return {
    masqueradeBit: options.masqueradeBit ?? 14,
    masqueradeAll: options.masqueradeAll ?? false,
    localhostNodePorts: options.localhostNodePorts ?? true,
    nfacct: options.nfacct ?? true,
    conntrackTCPLiberal: options.conntrackTCPLiberal ?? false,
    randomFully: options.randomFully ?? false,
  };
}
