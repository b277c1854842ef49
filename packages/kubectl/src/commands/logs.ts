import { type KubeObject, newBadRequest, newNotFound, type StatusError } from "@kubesim/core";
import { formatApiError } from "../errors.js";
import type { ContainerLogOptions } from "../KubectlContext.js";
import { parseResourceArgs } from "../resourceArgs.js";
import { parseGoDuration } from "./_internal/parseGoDuration.js";
import {
  DEFAULT_CONTAINER_ANNOTATION,
  NO_RUNTIME_ERROR,
  podForLogs,
  podHasContainer,
  podNodeName,
} from "./_internal/podExec.js";
import type { CommandSpec } from "./CommandSpec.js";
import { failUsage } from "./generatedObject.js";

const USAGE = "kubectl logs";

/** logs.go `logsUsageErrStr`. */
const USAGE_ERROR =
  "expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command";

/** What kubesim says for `-f`: virtual time only moves between commands, so there is nothing to stream. */
export const FOLLOW_UNSUPPORTED =
  "kubesim does not support kubectl logs -f (--follow): virtual time only moves between commands, so nothing would stream; let time pass (sleep, kubesim settle) and run kubectl logs again";

type Out = Parameters<CommandSpec["run"]>[2];

/**
 * `kubectl logs (POD | TYPE/NAME) [CONTAINER] [-c CONTAINER] [-p] [--timestamps] [--tail N]
 * [--since DURATION]` (k8s.io/kubectl/pkg/cmd/logs/logs.go and polymorphichelpers/
 * logsforobject.go, v1.32): prints what a container's main process printed, as the kubelet
 * keeps it (see {@link ContainerRuntime.logs}).
 *
 * In kubectl's order: argument errors (`Complete`, `Validate`); the object (`Error from server
 * (NotFound)`); for a workload or Service, its pod by `ByLogging` order (`Found N pods, using
 * pod/NAME`); the container (the `kubectl.kubernetes.io/default-container` annotation, else the
 * first with `Defaulted container ...`; `container x is not valid for pod y out of: ...`); the
 * API server (an unscheduled pod has an empty log); then the kubelet's refusals as `Error from
 * server (BadRequest): ...`. `-f`, `-l`, `--all-containers`, `--since-time` and `--limit-bytes`
 * are refused with a message saying kubesim does not support them.
 */
export const logsCommand: CommandSpec = {
  name: "logs",
  flags: [
    { name: "container", shorthand: "c", type: "string" },
    { name: "follow", shorthand: "f", type: "bool" },
    { name: "previous", shorthand: "p", type: "bool" },
    { name: "timestamps", type: "bool" },
    { name: "tail", type: "int" },
    { name: "since", type: "string" },
    { name: "since-time", type: "string" },
    { name: "limit-bytes", type: "int" },
    { name: "selector", shorthand: "l", type: "string" },
    { name: "all-containers", type: "bool" },
    { name: "all-pods", type: "bool" },
    { name: "prefix", type: "bool" },
    { name: "ignore-errors", type: "bool" },
    { name: "max-log-requests", type: "int" },
    { name: "insecure-skip-tls-verify-backend", type: "bool" },
    { name: "pod-running-timeout", type: "string" },
  ],
  run(ctx, flags, out) {
    // Flag values cobra parses before Run (a bad duration is a flag error).
    const sinceText = flags.string("since", "0s");
    const since = parseGoDuration(sinceText);
    if (since === undefined) return flagError(out, sinceText, "since");
    const timeoutText = flags.string("pod-running-timeout", "20s");
    const timeoutMs = parseGoDuration(timeoutText);
    if (timeoutMs === undefined) return flagError(out, timeoutText, "pod-running-timeout");

    // Complete.
    const args = flags.args;
    const selector = flags.string("selector");
    if (args.length === 0 && selector === "") return failUsage(out, USAGE, USAGE_ERROR);
    if (args.length === 1 && selector !== "")
      return failUsage(out, USAGE, "only a selector (-l) or a POD name is allowed");
    if (args.length > 2) return failUsage(out, USAGE, USAGE_ERROR);
    if (timeoutMs <= 0) return failUsage(out, USAGE, "--pod-running-timeout must be higher than zero");
    let container = args.length === 2 ? args[1]! : flags.string("container");

    // Validate.
    if (flags.string("since-time") !== "" && since !== 0)
      return out.fail("at most one of `sinceTime` or `sinceSeconds` may be specified");
    if (flags.bool("all-containers") && container !== "")
      return out.fail(`--all-containers=true should not be specified with container name ${container}`);
    if (flags.has("container") && args.length === 2)
      return out.fail("only one of -c or an inline [CONTAINER] arg is allowed");
    if (flags.int("limit-bytes", 0) < 0) return out.fail("--limit-bytes must be greater than 0");
    // ToLogOptions rounds --since to whole seconds.
    const sinceSeconds = Math.round(since / 1000);
    if (sinceSeconds < 0) return out.fail("--since must be greater than 0");
    const tail = flags.int("tail", -1);
    if (tail < -1) return out.fail("--tail must be greater than or equal to -1");

    if (flags.bool("follow")) return out.fail(FOLLOW_UNSUPPORTED);
    for (const [flag, on] of [
      ["-l/--selector", selector !== ""],
      ["--all-containers", flags.bool("all-containers")],
      ["--since-time", flags.string("since-time") !== ""],
      ["--limit-bytes", flags.int("limit-bytes", 0) > 0],
    ] as const) {
      if (on) return out.fail(`kubesim does not support kubectl logs ${flag} yet`);
    }

    // The builder's ResourceNames("pods", name): a bare name is a pod, TYPE/NAME any type.
    const resource = args[0]!;
    const parsed = parseResourceArgs(ctx.sim.registry, [
      resource.includes("/") ? resource : `pods/${resource}`,
    ]);
    if (!parsed.ok) return out.fail(parsed.error);
    const request = parsed.requests[0]!;
    const name = request.names[0]!;
    const object = ctx.sim.store.get(request.type.kind, request.type.namespaced ? ctx.namespace : "", name);
    if (!object) return apiError(out, newNotFound(request.type, name));
    const found = podForLogs(ctx, object, timeoutMs, out);
    if (!found.ok) return out.fail(found.error);
    const pod = found.pod;
    const podName = pod.metadata.name!;

    if (container === "") container = defaultLogsContainer(pod, out) ?? "";
    if (!podHasContainer(pod, container))
      return out.fail(
        `container ${container} is not valid for pod ${podName} out of: ${allContainerNames(pod)}`,
      );
    // The API server's LogLocation: a pod without a node has no log to stream yet.
    if (podNodeName(pod) === "") return;

    const runtime = ctx.io.runtime;
    if (!runtime?.logs) return out.fail(NO_RUNTIME_ERROR);
    const options: ContainerLogOptions = {
      previous: flags.bool("previous"),
      timestamps: flags.bool("timestamps"),
      ...(tail >= 0 ? { tail } : {}),
      ...(sinceSeconds > 0 ? { sinceSeconds } : {}),
    };
    const result = runtime.logs(
      { namespace: pod.metadata.namespace ?? ctx.namespace, pod: podName, container },
      options,
    );
    if (!result.ok) return apiError(out, newBadRequest(result.error));
    // The log stream merges stdout and stderr; kubectl copies it to its own stdout.
    out.out(result.lines.map((l) => l.text).join(""));
  },
};

/** podcmd `AllContainerNames`: containers, then ephemeral `(ephem)`, then init `(init)`. */
function allContainerNames(pod: KubeObject): string {
  const spec = (pod.spec ?? {}) as {
    containers?: { name: string }[];
    initContainers?: { name: string }[];
    ephemeralContainers?: { name: string }[];
  };
  return [
    ...(spec.containers ?? []).map((c) => c.name),
    ...(spec.ephemeralContainers ?? []).map((c) => `${c.name} (ephem)`),
    ...(spec.initContainers ?? []).map((c) => `${c.name} (init)`),
  ].join(", ");
}

/**
 * logsforobject.go's default container: the annotated one (`Default container name "x" not
 * found in pod y` when it does not exist), else the first, with `Defaulted container "a" out of:
 * a, b` when there was a choice.
 */
function defaultLogsContainer(pod: KubeObject, out: Out): string | undefined {
  const spec = (pod.spec ?? {}) as {
    containers?: { name: string }[];
    initContainers?: unknown[];
    ephemeralContainers?: unknown[];
  };
  const annotated = pod.metadata.annotations?.[DEFAULT_CONTAINER_ANNOTATION];
  if (annotated) {
    if (podHasContainer(pod, annotated)) return annotated;
    out.err(`Default container name ${JSON.stringify(annotated)} not found in pod ${pod.metadata.name}\n`);
  }
  const first = spec.containers?.[0]?.name;
  if (first === undefined) return undefined;
  if (
    (spec.containers?.length ?? 0) > 1 ||
    (spec.initContainers?.length ?? 0) > 0 ||
    (spec.ephemeralContainers?.length ?? 0) > 0
  )
    out.err(`Defaulted container ${JSON.stringify(first)} out of: ${allContainerNames(pod)}\n`);
  return first;
}

function flagError(out: Out, value: string, flag: string): void {
  out.err(
    `Error: invalid argument ${JSON.stringify(value)} for "--${flag}" flag: time: invalid duration ${JSON.stringify(value)}\nSee 'kubectl logs --help' for usage.\n`,
  );
  out.exitCode = 1;
}

function apiError(out: Out, err: StatusError): void {
  out.err(formatApiError(err));
  out.exitCode = 1;
}
