/**
 * What the simulated command-line tools (wget, curl, nc, ping, ip, hostname, cat) need from
 * the place they run in: a pod's or a node's network namespace, or an external machine. The
 * dataplane provides it; the tools only parse arguments and print what the real ones print.
 *
 * @module
 */
import type { NetworkInterface, Route } from "../network/NetworkTypes.js";
import type { AppRequest, AppResponse, Protocol, SocketAddress, Trace, Verdict } from "../packet/Packet.js";

/** What one connection attempt (and its request, if any) came to, as the client sees it. */
export interface ToolOutcome {
  readonly verdict: Verdict;
  /** The reply, when `delivered` and the server said something. */
  readonly response?: AppResponse;
  /** Virtual milliseconds until the client learned the outcome (a `dropped` request: never, so the tool's own timeout applies). */
  readonly elapsedMs: number;
  /** The client's own address of the connection. */
  readonly local: SocketAddress;
  readonly trace: Trace;
}

/** Name resolution as the libc resolver reports it. */
export type Resolution =
  | { readonly ok: true; readonly ips: readonly string[] }
  | {
      readonly ok: false;
      readonly error: "not-found" | "timeout";
      /** How long the failed lookup took (the resolver's timeouts and retries), when known. */
      readonly elapsedMs?: number;
    };

/** Where a tool runs. */
export interface ToolEnvironment {
  readonly hostname: string;
  /** Sends `request` to `ip:port` over `protocol` and waits at most `timeoutMs`. */
  connect(options: {
    readonly protocol: Exclude<Protocol, "ICMP">;
    readonly ip: string;
    readonly port: number;
    readonly request: AppRequest;
    readonly timeoutMs: number;
  }): ToolOutcome;
  /** One ICMP echo to `ip`. */
  ping(ip: string, timeoutMs: number): ToolOutcome;
  /** Resolves a host name (not an IP literal) through /etc/hosts and DNS. */
  resolve(name: string): Resolution;
  readonly interfaces: readonly NetworkInterface[];
  readonly routes: readonly Route[];
  /** File contents by absolute path (`/etc/hosts`, `/etc/resolv.conf`, `/etc/hostname`). */
  readFile(path: string): string | undefined;
  /**
   * The virtual wall-clock time when the command starts, in milliseconds since the Unix epoch
   * (dig prints it as `;; WHEN:`). Optional: tools print the epoch when it is absent.
   */
  now?(): number;
}

/** What a tool printed, its exit code, and how long it ran in virtual time. */
export interface ToolResult {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
  readonly elapsedMs: number;
}
