/**
 * The data a packet walk works on and produces: addresses, requests, hops, verdicts and the
 * trace. All plain, serialisable data, so traces can be compared, saved and rendered anywhere.
 *
 * @module
 */

/** Transport protocols as Kubernetes spells them, plus ICMP for `ping`. */
export type Protocol = "TCP" | "UDP" | "SCTP" | "ICMP";

/** An IP address and port (`port` 0 for ICMP). IPs are in their canonical text form. */
export interface SocketAddress {
  readonly ip: string;
  readonly port: number;
}

/** What identifies a flow (conntrack's tuple). */
export interface FiveTuple {
  readonly protocol: Protocol;
  readonly src: SocketAddress;
  readonly dst: SocketAddress;
}

/** Where a packet starts. */
export type Origin =
  | { readonly kind: "pod"; readonly namespace: string; readonly name: string }
  /** A process in a node's host network namespace (kubelet, `curl` on the node, hostNetwork pods). */
  | { readonly kind: "node"; readonly name: string }
  /** A machine outside the cluster with this address. */
  | { readonly kind: "external"; readonly ip: string };

/** DNS record types kubesim answers and asks for. */
export type DNSType = "A" | "AAAA" | "SRV" | "PTR" | "CNAME" | "TXT" | "NS" | "SOA" | "ANY";

/** The question of a DNS query. */
export interface DNSQuestion {
  /** Fully qualified, with the trailing dot (`web.default.svc.cluster.local.`), in the case the client sent. */
  readonly name: string;
  readonly type: DNSType;
}

/** A resource record in presentation form. */
export interface DNSRecord {
  /** Owner name, fully qualified with the trailing dot. */
  readonly name: string;
  readonly type: DNSType;
  readonly ttl: number;
  /** RDATA as zone files print it: `10.96.0.10`, `0 100 8080 web.default.svc.cluster.local.`, `"1.0.1"`. */
  readonly data: string;
}

/** An application request carried by a flow: what the client says once connected. */
export type AppRequest =
  | {
      readonly kind: "http";
      readonly method: string;
      /** Path with query, e.g. `/echo?msg=hi`. */
      readonly path: string;
      /** Header names as sent (first letter case kept); `Host` included. */
      readonly headers: readonly (readonly [string, string])[];
      readonly body: string;
    }
  /** Raw bytes on a TCP connection (`nc`), or one UDP datagram. */
  | { readonly kind: "data"; readonly data: string }
  /** Only open the connection (`nc -z`) or, for ICMP, an echo request. */
  | { readonly kind: "none" }
  /** A DNS query (one question), as a resolver sends it over UDP or TCP port 53. */
  | {
      readonly kind: "dns";
      readonly id: number;
      readonly question: DNSQuestion;
      readonly recursionDesired: boolean;
    };

/** What the server side answered. */
export type AppResponse =
  | {
      readonly kind: "http";
      readonly status: number;
      /** Reason phrase, e.g. `OK`, `Not Found`. */
      readonly reason: string;
      readonly headers: readonly (readonly [string, string])[];
      readonly body: string;
    }
  | { readonly kind: "data"; readonly data: string }
  /** Connection accepted, nothing said (a TCP server that waits for the client). */
  | { readonly kind: "none" }
  /** ICMP echo reply. */
  | { readonly kind: "echo-reply" }
  /** A DNS response. */
  | {
      readonly kind: "dns";
      readonly id: number;
      readonly question: DNSQuestion;
      readonly rcode: "NOERROR" | "NXDOMAIN" | "SERVFAIL" | "REFUSED";
      readonly authoritative: boolean;
      readonly answers: readonly DNSRecord[];
      readonly authority: readonly DNSRecord[];
      readonly additional: readonly DNSRecord[];
    };

/**
 * How a request ended, as the client experiences it:
 * - `delivered`: it reached a listening socket (the response, if any, came back);
 * - `refused`: a TCP RST or ICMP port-unreachable came back (iptables REJECT, nothing listening);
 * - `dropped`: something discarded it silently (the client times out);
 * - `timed-out`: it went somewhere nobody answers (an unallocated IP, a black hole);
 * - `unreachable`: no route, or ARP for the destination failed (ICMP host-unreachable).
 */
export type Verdict = "delivered" | "refused" | "dropped" | "timed-out" | "unreachable";

/** Netfilter hooks, plus the non-netfilter steps a packet goes through. */
export type HopStage =
  | "socket"
  | "routing"
  | "PREROUTING"
  | "INPUT"
  | "FORWARD"
  | "OUTPUT"
  | "POSTROUTING"
  | "conntrack"
  | "ipvs"
  | "bridge"
  | "veth"
  | "vxlan"
  | "wire"
  | "application";

/** One step of a packet's path. */
export interface Hop {
  /** The node whose kernel handles this step (absent outside the cluster). */
  readonly node?: string;
  /** The network namespace: `pod <ns>/<name>`, `host <node>`, or `external <ip>`. */
  readonly netns: string;
  readonly stage: HopStage;
  /** Netfilter table for hook stages (`nat`, `filter`, `mangle`) or the nftables table. */
  readonly table?: string;
  /** Chain of the rule that matched (`KUBE-SVC-...`), when a rule did. */
  readonly chain?: string;
  /** The matching rule in the dump's syntax (`iptables-save`, `ipvsadm -Ln`, `nft list`). */
  readonly rule?: string;
  /** Interface the packet enters or leaves by. */
  readonly iface?: string;
  /** The packet's tuple before this step changed it (NAT, conntrack reply translation). */
  readonly before?: FiveTuple;
  /** The tuple after this step, when it changed. */
  readonly after?: FiveTuple;
  /** What happened and why, in one sentence. */
  readonly note: string;
}

/** The pod (or host) that got the packet. */
export interface Backend {
  readonly kind: "pod" | "node" | "external";
  readonly namespace?: string;
  readonly name: string;
  readonly node?: string;
  readonly ip: string;
  readonly port: number;
  readonly container?: string;
}

/** The full story of one request. */
export interface Trace {
  readonly origin: Origin;
  /** The tuple the client sent (before any NAT). */
  readonly sent: FiveTuple;
  readonly hops: readonly Hop[];
  readonly verdict: Verdict;
  /** Why it ended that way, in one sentence (e.g. `default/backend:http has no endpoints`). */
  readonly reason: string;
  readonly backend?: Backend;
  readonly response?: AppResponse;
  /** The source address the server saw (after any SNAT), for delivered requests. */
  readonly peerSeenByServer?: SocketAddress;
  /** Virtual time the client waited until it knew the outcome. */
  readonly elapsedMs: number;
}

/** One possible backend of an "all outcomes" walk and its probability. */
export interface Outcome {
  readonly probability: number;
  readonly trace: Trace;
}
