import type { KubeObject } from "@kubesim/core";
import type { Container, EnvVar } from "kubernetes-types/core/v1.js";
import { fail, type GenerateResult, sortedMap } from "./goMaps.js";
import { parseLabels } from "./parseLabels.js";

/** Options of {@link generateRunPod}: the flags of `kubectl run` that shape the Pod. */
export interface RunPodOptions {
  readonly name: string;
  readonly image: string;
  /** `--labels` as given ("" for the default `run=NAME`). */
  readonly labels: string;
  /** `--annotations`, each `k=v`. */
  readonly annotations: readonly string[];
  /** `--port` as given ("" when not given). */
  readonly port: string;
  /** `--env`, each `NAME=value`. */
  readonly env: readonly string[];
  /** The restart policy, already validated (`Always`, `OnFailure`, `Never`). */
  readonly restartPolicy: string;
  /** `--image-pull-policy` ("" when not given). */
  readonly imagePullPolicy: string;
  /** The arguments after NAME (or after `--`). */
  readonly args: readonly string[];
  /** `--command`: the arguments are the container's command rather than its args. */
  readonly command: boolean;
  readonly stdin: boolean;
  readonly tty: boolean;
  readonly leaveStdinOpen: boolean;
  readonly privileged: boolean;
  /** Set when `-n` was given explicitly. */
  readonly namespace?: string;
}

/**
 * The Pod `kubectl run` sends (k8s.io/kubectl/pkg/generate/versioned/run.go `BasicPod`), in Go
 * field order: labels `run=NAME` unless `--labels`, one container named NAME, `dnsPolicy:
 * ClusterFirst`, and the empty `resources` and `status` kubectl prints. Errors are kubectl's
 * (`invalid env: X`, `unexpected label spec: X`, `strconv.Atoi: ...`).
 */
export function generateRunPod(o: RunPodOptions): GenerateResult<KubeObject> {
  const env: EnvVar[] = [];
  for (const item of o.env) {
    const eq = item.indexOf("=");
    const name = eq < 0 ? "" : item.slice(0, eq);
    if (eq < 0 || name === "" || !/^[-._a-zA-Z][-._a-zA-Z0-9]*$/.test(name))
      return fail(`invalid env: ${item}`);
    env.push({ name, value: item.slice(eq + 1) });
  }
  const annotations: Record<string, string> = {};
  for (const item of o.annotations) {
    const eq = item.indexOf("=");
    if (eq < 0) return fail(`invalid annotations format: ${item}`);
    annotations[item.slice(0, eq)] = item.slice(eq + 1);
  }
  let labels: Record<string, string> = { run: o.name };
  if (o.labels !== "") {
    const parsed = parseLabels(o.labels);
    if (!parsed.ok) return parsed;
    labels = parsed.object;
  }
  let port: number | undefined;
  if (o.port !== "") {
    const parsed = atoi(o.port);
    if (!parsed.ok) return parsed;
    port = parsed.object;
  }
  const container: Container = {
    name: o.name,
    image: o.image,
    ...(o.args.length > 0 ? (o.command ? { command: [...o.args] } : { args: [...o.args] }) : {}),
    ...(port !== undefined ? { ports: [{ containerPort: port }] } : {}),
    ...(env.length > 0 ? { env } : {}),
    resources: {},
    ...(o.imagePullPolicy ? { imagePullPolicy: o.imagePullPolicy } : {}),
    ...(o.privileged ? { securityContext: { privileged: true } } : {}),
    ...(o.stdin ? { stdin: true } : {}),
    ...(o.stdin && !o.leaveStdinOpen ? { stdinOnce: true } : {}),
    ...(o.tty ? { tty: true } : {}),
  };
  return {
    ok: true,
    object: {
      kind: "Pod",
      apiVersion: "v1",
      metadata: {
        name: o.name,
        ...(o.namespace ? { namespace: o.namespace } : {}),
        creationTimestamp: null as unknown as string,
        labels,
        ...(Object.keys(annotations).length > 0 ? { annotations: sortedMap(annotations) } : {}),
      },
      spec: { containers: [container], restartPolicy: o.restartPolicy, dnsPolicy: "ClusterFirst" },
      status: {},
    },
  };
}

/** Go's `strconv.Atoi` with its error text. */
export function atoi(s: string): GenerateResult<number> {
  if (!/^[+-]?\d+$/.test(s)) return fail(`strconv.Atoi: parsing ${JSON.stringify(s)}: invalid syntax`);
  const n = Number(s);
  if (!Number.isSafeInteger(n)) return fail(`strconv.Atoi: parsing ${JSON.stringify(s)}: value out of range`);
  return { ok: true, object: n };
}

/**
 * Whether `image` is a valid image reference (github.com/distribution/reference
 * `ReferenceRegexp`): `[domain/]path[:tag][@digest]`, path components lower case.
 */
export function isValidImageReference(image: string): boolean {
  const domainComponent = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
  const domain = `(?:${domainComponent}(?:\\.${domainComponent})*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?`;
  const pathComponent = "[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*";
  const name = `(?:${domain}/)?${pathComponent}(?:/${pathComponent})*`;
  const tag = "[\\w][\\w.-]{0,127}";
  const digest = "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}";
  return new RegExp(`^${name}(?::${tag})?(?:@${digest})?$`).test(image);
}
