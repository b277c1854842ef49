import type { KubeObject } from "@kubesim/core";
import { isDNS1123Subdomain, isValidPortName } from "@kubesim/core";
import type { ServicePort } from "kubernetes-types/core/v1.js";
import { fail, type GenerateResult } from "./goMaps.js";

/** The Service types `kubectl create service` has a subcommand for. */
export type CreateServiceType = "ClusterIP" | "NodePort" | "LoadBalancer" | "ExternalName";

/** Options of {@link generateCreateService}: the flags of `kubectl create service <type>`. */
export interface CreateServiceOptions {
  readonly name: string;
  readonly type: CreateServiceType;
  /** `--tcp` values, each `port[:targetPort]` (already split at commas, as a StringSlice flag is). */
  readonly tcp: readonly string[];
  /** `--clusterip` (clusterip only). */
  readonly clusterIP: string;
  /** `--node-port` (nodeport only), 0 when not given. */
  readonly nodePort: number;
  /** `--external-name` (externalname only). */
  readonly externalName: string;
  /** Set when `-n` was given explicitly. */
  readonly namespace?: string;
}

/**
 * The Service `kubectl create service clusterip|nodeport|loadbalancer|externalname` sends
 * (k8s.io/kubectl/pkg/cmd/create/create_service.go `Validate` and `createService`): label and
 * selector `app: NAME`, one TCP port per `--tcp` named after the spec with `:` turned into
 * `-`, and the `status.loadBalancer: {}` kubectl prints. Errors are kubectl's.
 */
export function generateCreateService(o: CreateServiceOptions): GenerateResult<KubeObject> {
  if (o.clusterIP === "None" && o.type !== "ClusterIP")
    return fail("ClusterIP=None can only be used with ClusterIP service type");
  if (o.clusterIP !== "None" && o.tcp.length === 0 && o.type !== "ExternalName") {
    return fail("at least one tcp port specifier must be provided");
  }
  if (o.type === "ExternalName" && isDNS1123Subdomain(o.externalName).length > 0) {
    return fail(`invalid service external name ${o.externalName}`);
  }
  const ports: ServicePort[] = [];
  for (const spec of o.tcp) {
    const parsed = parsePorts(spec);
    if (!parsed.ok) return parsed;
    ports.push({
      name: spec.replaceAll(":", "-"),
      protocol: "TCP",
      port: parsed.object.port,
      targetPort: parsed.object.targetPort,
      ...(o.nodePort !== 0 ? { nodePort: o.nodePort } : {}),
    });
  }
  return {
    ok: true,
    object: {
      kind: "Service",
      apiVersion: "v1",
      metadata: {
        name: o.name,
        ...(o.namespace ? { namespace: o.namespace } : {}),
        creationTimestamp: null as unknown as string,
        labels: { app: o.name },
      },
      spec: {
        ...(ports.length > 0 ? { ports } : {}),
        selector: { app: o.name },
        ...(o.clusterIP ? { clusterIP: o.clusterIP } : {}),
        type: o.type,
        ...(o.externalName ? { externalName: o.externalName } : {}),
      },
      status: { loadBalancer: {} },
    },
  };
}

/**
 * `parsePorts` of create_service.go: `port[:targetPort]`, the port by `utilsnet.ParsePort`
 * (0 allowed), the target port a number in 1-65535 or an IANA port name.
 */
export function parsePorts(spec: string): GenerateResult<{ port: number; targetPort: number | string }> {
  const parts = spec.split(":");
  const port = parsePort(parts[0]!);
  if (!port.ok) return port;
  if (parts.length === 1) return { ok: true, object: { port: port.object, targetPort: port.object } };
  const target = parts[1]!;
  if (/^[+-]?\d+$/.test(target)) {
    const n = Number(target);
    if (n < 1 || n > 65535) return fail("must be between 1 and 65535, inclusive");
    return { ok: true, object: { port: port.object, targetPort: n } };
  }
  const nameErrors = isValidPortName(target);
  if (nameErrors.length > 0) return fail(nameErrors.join(","));
  return { ok: true, object: { port: port.object, targetPort: target } };
}

/** `utilsnet.ParsePort(s, allowZero=true)`: strconv.ParseUint(s, 10, 16) with its errors. */
function parsePort(s: string): GenerateResult<number> {
  if (!/^\d+$/.test(s)) return fail(`strconv.ParseUint: parsing ${JSON.stringify(s)}: invalid syntax`);
  const n = Number(s);
  if (n > 65535) return fail(`strconv.ParseUint: parsing ${JSON.stringify(s)}: value out of range`);
  return { ok: true, object: n };
}
