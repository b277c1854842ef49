/**
 * The rules kube-proxy's iptables proxier programs on one node, and their `iptables-save`
 * text, in the order Kubernetes' own proxier tests print them (pkg/proxy/iptables/proxier_test.go
 * `sortIPTablesRules`: tables by name; chains KUBE-NODEPORTS, KUBE-SERVICES, then the other
 * KUBE-* chains alphabetically; rules grouped by chain in write order, with KUBE-SERVICES and
 * KUBE-NODEPORTS ordered by Service and the "must be the last rule" rule last).
 *
 * Only kube-proxy's own chains are printed, as in those tests: the jumps from PREROUTING,
 * OUTPUT, POSTROUTING, INPUT and FORWARD into them are installed outside the restore and do
 * not appear. IPv4 only (an IPv6 node would have a second, ip6tables, dump).
 *
 * @module
 */
import type { ProxyNode } from "../ProxyMode.js";
import { IptablesCaches } from "./_internal/iptablesCaches.js";
import { saveText, tablesOf } from "./_internal/iptablesTables.js";
import { type IptablesOptions, resolveIptablesOptions } from "./IptablesOptions.js";

export {
  markMasqRule,
  masqueradeMark,
  nodePortsJumpRule,
  postroutingRules,
} from "./_internal/iptablesTables.js";

/** One table of an `iptables-save` dump. */
export interface IptablesTable {
  /** Chain names, in declaration (`:CHAIN - [0:0]`) order. */
  readonly chains: readonly string[];
  /** `-A CHAIN ...` lines, in dump order. */
  readonly rules: readonly string[];
}

/** kube-proxy's filter and nat tables on one node. */
export interface IptablesRules {
  readonly filter: IptablesTable;
  readonly nat: IptablesTable;
}

/**
 * Every rule kube-proxy's iptables mode has programmed on `node`, table by table. A one-off
 * call: it builds the rules afresh (an iptables mode's own `dump` reuses what its packets and
 * earlier dumps built).
 */
export function iptablesRules(node: ProxyNode, options: IptablesOptions = {}): IptablesRules {
  return tablesOf(node, new IptablesCaches(resolveIptablesOptions(options)));
}

/** `iptables-save`-style text of kube-proxy's rules on `node` (`*filter` then `*nat`). */
export function iptablesSave(node: ProxyNode, options: IptablesOptions = {}): string {
  return saveText(iptablesRules(node, options));
}
