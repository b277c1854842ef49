/**
 * The immutable, indexed state a kube-proxy sync produces.
 *
 * @module
 */
import type { Protocol } from "../packet/Packet.js";
import type { ProxyState, ServicePortInfo } from "./ServicePortInfo.js";

/** The key of a service port in a snapshot: its name and protocol (kube-proxy's `ServicePortName`). */
export function servicePortKey(port: Pick<ServicePortInfo, "name" | "protocol">): string {
  return `${port.name}|${port.protocol}`;
}

/** A number per protocol and port, so lookups build no strings. */
function portKey(protocol: Protocol, port: number): number {
  return port * 4 + (protocol === "TCP" ? 0 : protocol === "UDP" ? 1 : protocol === "SCTP" ? 2 : 3);
}

/**
 * Service ports by address: the port itself when the address has one (most Services have a
 * single port, so a packet's lookup is one hash probe and reads no list), else the list of its
 * ports. A lookup scans that short list rather than probing a second map.
 */
type ByAddress = Map<string, ServicePortInfo | ServicePortInfo[]>;

function addTo(index: ByAddress, ip: string, port: ServicePortInfo): void {
  const v = index.get(ip);
  if (v === undefined) index.set(ip, port);
  else if (isList(v)) v.push(port);
  else index.set(ip, [v, port]);
}

function isList(v: ServicePortInfo | ServicePortInfo[]): v is ServicePortInfo[] {
  return Array.isArray(v);
}

function findIn(
  v: ServicePortInfo | ServicePortInfo[] | undefined,
  protocol: Protocol,
  port: number,
): ServicePortInfo | undefined {
  if (v === undefined) return undefined;
  if (!isList(v)) return v.port === port && v.protocol === protocol ? v : undefined;
  return findPort(v, protocol, port);
}

/** The port of `ports` serving `protocol`/`port`; the last one added wins, as a map's set would. */
function findPort(
  ports: readonly ServicePortInfo[],
  protocol: Protocol,
  port: number,
): ServicePortInfo | undefined {
  for (let i = ports.length - 1; i >= 0; i--) {
    const p = ports[i] as ServicePortInfo;
    if (p.port === port && p.protocol === protocol) return p;
  }
  return undefined;
}

const NO_PORTS: readonly ServicePortInfo[] = Object.freeze([]);

/**
 * An immutable {@link ProxyState}: the service ports of one sync with hash indexes by
 * ClusterIP, node port and external address. A sync builds the next snapshot from the
 * previous one with {@link ProxyStateSnapshot.withChanges}, sharing every unchanged
 * {@link ServicePortInfo}.
 */
export class ProxyStateSnapshot implements ProxyState {
  readonly version: number;
  readonly syncedAtMs: number;
  readonly #ports: ReadonlyMap<string, ServicePortInfo>;
  /** Ports by ClusterIP, in the order of {@link ProxyStateSnapshot.portsOfClusterIP}. */
  readonly #byClusterIP: ByAddress = new Map();
  readonly #byNodePort = new Map<number, ServicePortInfo>();
  readonly #byExternalIP: ByAddress = new Map();
  #sorted: readonly ServicePortInfo[] | undefined;
  #byHealthCheckNodePort: Map<number, ServicePortInfo> | undefined;

  /** An empty state: what a kube-proxy has before its first sync. */
  static empty(): ProxyStateSnapshot {
    return new ProxyStateSnapshot(0, 0, new Map());
  }

  /** A state holding exactly `ports`. */
  static of(version: number, syncedAtMs: number, ports: readonly ServicePortInfo[]): ProxyStateSnapshot {
    return new ProxyStateSnapshot(version, syncedAtMs, new Map(ports.map((p) => [servicePortKey(p), p])));
  }

  private constructor(version: number, syncedAtMs: number, ports: ReadonlyMap<string, ServicePortInfo>) {
    this.version = version;
    this.syncedAtMs = syncedAtMs;
    this.#ports = ports;
    for (const p of ports.values()) {
      for (const ip of p.clusterIPs) addTo(this.#byClusterIP, ip, p);
      if (p.nodePort > 0) this.#byNodePort.set(portKey(p.protocol, p.nodePort), p);
      for (const ip of p.externalIPs) addTo(this.#byExternalIP, ip, p);
      for (const ip of p.loadBalancerIPs) addTo(this.#byExternalIP, ip, p);
    }
  }

  /**
   * The next state: `upserts` replace (or add) the ports with the same key, `removedKeys`
   * (see {@link servicePortKey}) are dropped, everything else is shared.
   */
  withChanges(
    version: number,
    syncedAtMs: number,
    upserts: readonly ServicePortInfo[],
    removedKeys: readonly string[],
  ): ProxyStateSnapshot {
    const ports = new Map(this.#ports);
    for (const key of removedKeys) ports.delete(key);
    for (const p of upserts) ports.set(servicePortKey(p), p);
    return new ProxyStateSnapshot(version, syncedAtMs, ports);
  }

  /** The port with this {@link servicePortKey}. */
  get(key: string): ServicePortInfo | undefined {
    return this.#ports.get(key);
  }

  servicePorts(): readonly ServicePortInfo[] {
    this.#sorted ??= [...this.#ports.values()].sort((a, b) =>
      a.name < b.name
        ? -1
        : a.name > b.name
          ? 1
          : a.protocol < b.protocol
            ? -1
            : a.protocol > b.protocol
              ? 1
              : 0,
    );
    return this.#sorted;
  }

  byClusterIP(ip: string, protocol: Protocol, port: number): ServicePortInfo | undefined {
    return findIn(this.#byClusterIP.get(ip), protocol, port);
  }

  portsOfClusterIP(ip: string): readonly ServicePortInfo[] {
    const v = this.#byClusterIP.get(ip);
    return v === undefined ? NO_PORTS : isList(v) ? v : [v];
  }

  byNodePort(protocol: Protocol, nodePort: number): ServicePortInfo | undefined {
    return this.#byNodePort.get(portKey(protocol, nodePort));
  }

  byExternalIP(ip: string, protocol: Protocol, port: number): ServicePortInfo | undefined {
    return findIn(this.#byExternalIP.get(ip), protocol, port);
  }

  byHealthCheckNodePort(port: number): ServicePortInfo | undefined {
    // Built on first use: only traces of health checks ask, and a snapshot never changes.
    if (!this.#byHealthCheckNodePort) {
      this.#byHealthCheckNodePort = new Map();
      for (const sp of this.servicePorts())
        if (sp.healthCheckNodePort !== 0) this.#byHealthCheckNodePort.set(sp.healthCheckNodePort, sp);
    }
    return this.#byHealthCheckNodePort.get(port);
  }
}
