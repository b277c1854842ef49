import type { KubeObject } from "@kubesim/core";
import type { PodSpec, ServicePort } from "kubernetes-types/core/v1.js";
import type { LabelSelectorRequirement } from "kubernetes-types/meta/v1.js";
import { fail, type GenerateResult } from "./goMaps.js";
import { parseLabels } from "./parseLabels.js";
import { atoi } from "./runPod.js";

/** Options of {@link generateExposeService}: `kubectl expose`'s flags plus what it introspected. */
export interface ExposeServiceOptions {
  /** `--name`; "" to use {@link defaultName}. */
  readonly name: string;
  /** The exposed object's name (cut to 63 characters), or NAME for `run --expose`. */
  readonly defaultName: string;
  /** `--selector`, or the exposed object's selector as `k=v,...`. */
  readonly selector: string;
  /** `--labels`, or the exposed object's labels as `k=v,...` ("" for none). */
  readonly labels: string;
  /** `--port`, or the exposed object's only port ("" for none). */
  readonly port: string;
  /** The exposed object's ports joined by `,` when it has several and `--port` was not given. */
  readonly ports: string;
  /** `--protocol` ("" when not given). */
  readonly protocol: string;
  /** The exposed object's protocols per port (`MultiProtocolsForObjectFn`). */
  readonly protocols: ReadonlyMap<string, readonly string[]>;
  readonly targetPort: string;
  readonly externalIP: string;
  readonly type: string;
  readonly loadBalancerIP: string;
  readonly sessionAffinity: string;
  readonly clusterIP: string;
  /** Set when `-n` was given explicitly (client dry run only). */
  readonly namespace?: string;
}

/**
 * The Service `kubectl expose` (and `kubectl run --expose`) builds
 * (k8s.io/kubectl/pkg/cmd/expose/expose.go `createService`): ports unnamed when there is one,
 * `port-N` when there are several, `port-N-<protocol>` for a port the object serves over several
 * protocols; target ports equal to the ports unless `--target-port`; Go field order.
 */
export function generateExposeService(o: ExposeServiceOptions): GenerateResult<KubeObject> {
  if (o.selector.length === 0) return fail("selector must be specified");
  const selector = parseLabels(o.selector);
  if (!selector.ok) return selector;
  let labels: Record<string, string> | undefined;
  if (o.labels.length > 0) {
    const parsed = parseLabels(o.labels);
    if (!parsed.ok) return parsed;
    labels = parsed.object;
  }
  const name = o.name || o.defaultName;
  if (name.length === 0) return fail("name must be specified");
  const portString = o.ports.length > 0 ? o.ports : o.port;
  const ports: ServicePort[] = [];
  if (portString.length > 0) {
    const list = portString.split(",");
    for (const [i, text] of list.entries()) {
      const port = atoi(text);
      if (!port.ok) return port;
      const portName = list.length > 1 ? `port-${i + 1}` : "";
      let protocol = o.protocol;
      if (protocol === "" && o.protocols.size === 0) protocol = "TCP";
      else if (protocol === "" && o.protocols.size > 0) {
        protocol = "TCP";
        const exposed = o.protocols.get(text);
        if (exposed && exposed.length === 1) protocol = exposed[0]!;
        else if (exposed && exposed.length > 1) {
          for (const p of exposed) {
            ports.push({ name: `port-${i + 1}-${p.toLowerCase()}`, protocol: p, port: port.object });
          }
          continue;
        }
      }
      ports.push({ ...(portName ? { name: portName } : {}), protocol, port: port.object });
    }
  }
  const target = o.targetPort.length > 0 ? intOrString(o.targetPort) : undefined;
  const withTargets = ports.map((p) => ({ ...p, targetPort: target ?? p.port }));
  if (o.sessionAffinity !== "" && o.sessionAffinity !== "None" && o.sessionAffinity !== "ClientIP") {
    return fail(`unknown session affinity: ${o.sessionAffinity}`);
  }
  return {
    ok: true,
    object: {
      kind: "Service",
      apiVersion: "v1",
      metadata: {
        name,
        ...(o.namespace ? { namespace: o.namespace } : {}),
        creationTimestamp: null as unknown as string,
        ...(labels ? { labels } : {}),
      },
      spec: {
        ...(withTargets.length > 0 ? { ports: withTargets } : {}),
        selector: selector.object,
        ...(o.clusterIP ? { clusterIP: o.clusterIP } : {}),
        ...(o.type ? { type: o.type } : {}),
        ...(o.externalIP ? { externalIPs: [o.externalIP] } : {}),
        ...(o.sessionAffinity ? { sessionAffinity: o.sessionAffinity } : {}),
        ...(o.type === "LoadBalancer" && o.loadBalancerIP ? { loadBalancerIP: o.loadBalancerIP } : {}),
      },
      status: { loadBalancer: {} },
    },
  };
}

/** `intstr.Parse`: a number when the text is one, else the text. */
function intOrString(text: string): number | string {
  return /^[+-]?\d+$/.test(text) && Number.isSafeInteger(Number(text)) ? Number(text) : text;
}

/** The kinds `kubectl expose` accepts (polymorphichelpers `canBeExposed`). */
export const EXPOSABLE_KINDS: readonly string[] = [
  "ReplicationController",
  "Service",
  "Pod",
  "Deployment",
  "ReplicaSet",
];

/** `MakeLabels`: `k=v` pairs joined by `,` (Go iterates the map in random order; sorted here). */
export function makeLabels(labels: Readonly<Record<string, string>> | undefined): string {
  return Object.entries(labels ?? {})
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join(",");
}

interface Exposable {
  kind: string;
  metadata: { labels?: Record<string, string> };
  spec?: {
    selector?:
      | Record<string, string>
      | { matchLabels?: Record<string, string>; matchExpressions?: LabelSelectorRequirement[] };
    template?: { spec?: PodSpec };
    ports?: ServicePort[];
    containers?: PodSpec["containers"];
  };
}

/**
 * `MapBasedSelectorForObjectFn`: the selector a Service for `obj` should have, as `k=v,...`,
 * or kubectl's reason why there is none.
 */
export function selectorForObject(obj: KubeObject): GenerateResult<string> {
  const o = obj as unknown as Exposable;
  switch (o.kind) {
    case "ReplicationController":
      return { ok: true, object: makeLabels(o.spec?.selector as Record<string, string> | undefined) };
    case "Pod":
      if (Object.keys(o.metadata.labels ?? {}).length === 0)
        return fail("the pod has no labels and cannot be exposed");
      return { ok: true, object: makeLabels(o.metadata.labels) };
    case "Service":
      if (!o.spec?.selector) return fail("the service has no pod selector set");
      return { ok: true, object: makeLabels(o.spec.selector as Record<string, string>) };
    case "Deployment":
    case "ReplicaSet": {
      const sel = o.spec?.selector as
        | { matchLabels?: Record<string, string>; matchExpressions?: LabelSelectorRequirement[] }
        | undefined;
      const what = o.kind === "Deployment" ? "deployment" : "replicaset";
      if (!sel || Object.keys(sel.matchLabels ?? {}).length === 0) {
        return fail(`invalid ${what}: no selectors, therefore cannot be exposed`);
      }
      if ((sel.matchExpressions ?? []).length > 0) {
        return fail(
          `couldn't convert expressions - "${goFormatRequirements(sel.matchExpressions!)}" to map-based selector format`,
        );
      }
      return { ok: true, object: makeLabels(sel.matchLabels) };
    }
    default:
      return fail(`cannot extract pod selector from ${o.kind}`);
  }
}

/** Go's `%+v` of `[]metav1.LabelSelectorRequirement`. */
function goFormatRequirements(reqs: readonly LabelSelectorRequirement[]): string {
  return `[${reqs.map((r) => `{Key:${r.key} Operator:${r.operator} Values:[${(r.values ?? []).join(" ")}]}`).join(" ")}]`;
}

function podSpecOf(obj: KubeObject): PodSpec | undefined {
  const o = obj as unknown as Exposable;
  return o.kind === "Pod" ? (o.spec as PodSpec | undefined) : o.spec?.template?.spec;
}

/** `PortsForObjectFn`: the distinct container ports (or Service ports) of `obj`, in order. */
export function portsForObject(obj: KubeObject): string[] {
  const seen = new Set<string>();
  const o = obj as unknown as Exposable;
  const numbers =
    o.kind === "Service"
      ? (o.spec?.ports ?? []).map((p) => p.port)
      : (podSpecOf(obj)?.containers ?? []).flatMap((c) => (c.ports ?? []).map((p) => p.containerPort));
  for (const n of numbers) seen.add(String(n));
  return [...seen];
}

/** `MultiProtocolsForObjectFn`: each port's protocols (TCP when unset), in order, duplicates kept. */
export function protocolsForObject(obj: KubeObject): Map<string, string[]> {
  const result = new Map<string, string[]>();
  const add = (port: number, protocol: string | undefined) => {
    const key = String(port);
    result.set(key, [...(result.get(key) ?? []), protocol || "TCP"]);
  };
  const o = obj as unknown as Exposable;
  if (o.kind === "Service") for (const p of o.spec?.ports ?? []) add(p.port, p.protocol);
  else
    for (const c of podSpecOf(obj)?.containers ?? [])
      for (const p of c.ports ?? []) add(p.containerPort, p.protocol);
  return result;
}
