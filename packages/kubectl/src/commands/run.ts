import { type KubeObject, StatusError } from "@kubesim/core";
import { formatApiError } from "../errors.js";
import { generateExposeService } from "../generators/exposeService.js";
import { generateRunPod, isValidImageReference } from "../generators/runPod.js";
import { printObjects, splitOutputFlag } from "../printObjects.js";
import { typePrefix } from "../resourceArgs.js";
import { parseGoDuration } from "./_internal/parseGoDuration.js";
import {
  NO_RUNTIME_ERROR,
  podCompleted,
  podContainerStatuses,
  podContainers,
  podPhase,
  podRunningAndReady,
} from "./_internal/podExec.js";
import type { CommandSpec } from "./CommandSpec.js";
import {
  checkGeneratorOutput,
  createOnServer,
  failRequiredFlag,
  failUsage,
  GENERATOR_FLAGS,
  parseDryRun,
  withSaveConfig,
} from "./generatedObject.js";

const USAGE = "kubectl run";

/**
 * `kubectl run NAME --image=I [--labels=k=v,...] [--port=P] [--expose] [--env=K=V]...
 * [--restart=Always|OnFailure|Never] [--command] [-- ARGS...]` (k8s.io/kubectl/pkg/cmd/run/run.go):
 * creates a Pod, and with `--expose` a ClusterIP Service selecting it (created, and printed,
 * after the Pod is created and before it is printed).
 *
 * Attaching (`-i`, `--attach`, with `-t`, `--rm`, `-q`): kubectl waits (in virtual time, up to
 * `--pod-running-timeout`, default 1m) for the pod to be Running and Ready, attaches, and prints
 * what the container's process prints until it exits: the kubelet ran that process when it
 * started the container, and kubectl reads its output from the container's log
 * ({@link ContainerRuntime.logs}; a pod that completed before kubectl could attach has its whole
 * log printed on stdout, as run.go's `handleAttachPod` does). With `--restart=Never` (or
 * OnFailure, the default with `-i`) it then waits for the pod to complete and exits with the
 * container's exit code (`pod NS/NAME terminated (Error)` on stderr when non-zero); with `--rm`
 * it deletes what it created afterwards (`pod "NAME" deleted`).
 */
export const runCommand: CommandSpec = {
  name: "run",
  flags: [
    ...GENERATOR_FLAGS,
    { name: "image", type: "string" },
    { name: "labels", shorthand: "l", type: "string" },
    { name: "annotations", type: "stringArray" },
    { name: "port", type: "string" },
    { name: "expose", type: "bool" },
    { name: "env", type: "stringArray" },
    { name: "restart", type: "string" },
    { name: "command", type: "bool" },
    { name: "image-pull-policy", type: "string" },
    { name: "privileged", type: "bool" },
    { name: "stdin", shorthand: "i", type: "bool" },
    { name: "tty", shorthand: "t", type: "bool" },
    { name: "attach", type: "bool" },
    { name: "rm", type: "bool" },
    { name: "leave-stdin-open", type: "bool" },
    { name: "quiet", shorthand: "q", type: "bool" },
    { name: "pod-running-timeout", type: "string" },
    { name: "record", type: "bool" },
    { name: "cascade", type: "string", noOptDefault: "background" },
    { name: "filename", shorthand: "f", type: "stringArray" },
    { name: "force", type: "bool" },
    { name: "grace-period", type: "int" },
    { name: "kustomize", shorthand: "k", type: "string" },
    { name: "recursive", shorthand: "R", type: "bool" },
    { name: "timeout", type: "string" },
    { name: "wait", type: "bool" },
  ],
  run(ctx, flags, out) {
    const timeoutText = flags.string("pod-running-timeout", "1m0s");
    const podRunningTimeoutMs = parseGoDuration(timeoutText);
    if (podRunningTimeoutMs === undefined) {
      out.err(
        `Error: invalid argument ${JSON.stringify(timeoutText)} for "--pod-running-timeout" flag: time: invalid duration ${JSON.stringify(timeoutText)}\nSee 'kubectl run --help' for usage.\n`,
      );
      out.exitCode = 1;
      return;
    }
    if (!flags.has("image")) return failRequiredFlag(ctx, out, "image");
    const dryRun = parseDryRun(ctx, flags, out);
    if (!dryRun || !checkGeneratorOutput(flags, out)) return;
    const args = flags.args;
    const argsAfterName = [...args.slice(1), ...(flags.afterDash ?? [])];
    if (args.length === 0) return failUsage(out, USAGE, "NAME is required for run");
    const name = args[0]!;
    const image = flags.string("image");
    if (image === "") return out.fail("--image is required");
    if (!isValidImageReference(image))
      return out.fail(`Invalid image name "${image}": invalid reference format`);
    const stdin = flags.bool("stdin");
    const tty = flags.bool("tty");
    const attach = flags.bool("attach") || stdin;
    if (tty && !stdin)
      return failUsage(out, USAGE, "-i/--stdin is required for containers with -t/--tty=true");
    const port = flags.string("port");
    if (flags.bool("expose") && port === "")
      return failUsage(out, USAGE, "--port must be set when exposing a service");
    const restart = flags.string("restart");
    let restartPolicy = restart;
    if (restart === "") restartPolicy = stdin ? "OnFailure" : "Always";
    else if (!["Always", "OnFailure", "Never"].includes(restart))
      return failUsage(out, USAGE, `invalid restart policy: ${restart}`);
    if (!attach && flags.bool("rm"))
      return failUsage(out, USAGE, "--rm should only be used for attached containers");
    if (attach && dryRun !== "none") {
      return failUsage(
        out,
        USAGE,
        "--dry-run=[server|client] can't be used with attached containers options (--attach, --stdin, or --tty)",
      );
    }
    const pullPolicy = flags.string("image-pull-policy");
    if (!["", "Always", "IfNotPresent", "Never"].includes(pullPolicy)) {
      return failUsage(out, USAGE, `invalid image pull policy: ${pullPolicy}`);
    }
    const namespace = ctx.namespaceExplicit ? ctx.namespace : undefined;
    const pod = generateRunPod({
      name,
      image,
      labels: flags.string("labels"),
      annotations: flags.strings("annotations"),
      port,
      env: flags.strings("env"),
      restartPolicy,
      imagePullPolicy: pullPolicy,
      args: argsAfterName,
      command: flags.bool("command"),
      stdin,
      tty,
      leaveStdinOpen: flags.bool("leave-stdin-open"),
      privileged: flags.bool("privileged"),
      ...(dryRun === "client" && namespace ? { namespace } : {}),
    });
    if (!pod.ok) return out.fail(pod.error);

    const output = flags.string("output");
    const printed: string[] = [];
    let printError = "";
    const print = (obj: KubeObject) => {
      if (output === "") {
        const suffix = dryRun === "client" ? " (dry run)" : dryRun === "server" ? " (server dry run)" : "";
        printed.push(
          `${typePrefix(ctx.sim.registry.mustByKind(obj.kind))}/${obj.metadata.name} created${suffix}\n`,
        );
        return;
      }
      const text = printObjects(ctx.sim.registry, [obj], output, true);
      if (!text.ok) {
        printError = text.error;
        return;
      }
      // One YAML printer prints every object, and it separates documents with `---`.
      const separator = splitOutputFlag(output).format === "yaml" && printed.length > 0 ? "---\n" : "";
      printed.push(separator + text.text);
    };
    const submit = (obj: KubeObject): KubeObject => {
      if (dryRun === "client") return obj;
      return createOnServer(ctx, flags.bool("save-config") ? withSaveConfig(obj) : obj, dryRun);
    };
    const created: KubeObject[] = [];
    let podObject: KubeObject;
    try {
      podObject = submit(pod.object);
    } catch (err) {
      if (!(err instanceof StatusError)) throw err;
      out.err(formatApiError(err));
      out.exitCode = 1;
      return;
    }
    created.push(podObject);
    let serviceError = "";
    if (flags.bool("expose")) {
      const service = generateExposeService({
        name,
        defaultName: name,
        selector: flags.string("labels") || `run=${name}`,
        labels: flags.string("labels"),
        port,
        ports: "",
        protocol: "",
        protocols: new Map(),
        targetPort: "",
        externalIP: "",
        type: "",
        loadBalancerIP: "",
        sessionAffinity: "",
        clusterIP: "",
        ...(dryRun === "client" && namespace ? { namespace } : {}),
      });
      if (!service.ok) serviceError = `error: ${service.error}\n`;
      else {
        try {
          const svc = submit(service.object);
          created.push(svc);
          print(svc);
          if (splitOutputFlag(output).format === "yaml") printed.push("---\n");
        } catch (err) {
          if (!(err instanceof StatusError)) throw err;
          serviceError = formatApiError(err);
        }
      }
    }
    if (attach) {
      // The Service is printed as it is created; the Pod is not printed when attaching, and a
      // Service error is dropped there (run.go returns before its aggregate of errors).
      out.out(printed.join(""));
      return attachToPod(ctx, out, {
        pod: podObject,
        created,
        restartPolicy,
        stdin,
        tty,
        quiet: flags.bool("quiet"),
        remove: flags.bool("rm"),
        leaveStdinOpen: flags.bool("leave-stdin-open"),
        // v1.32 builds its AttachOptions before Validate copies --pod-running-timeout into them,
        // so the real waits get no timeout and can hang; kubesim bounds them by the flag (1m),
        // as the flag documents and as kubectl did before that refactoring, and 0 by an hour.
        timeoutMs: podRunningTimeoutMs > 0 ? podRunningTimeoutMs : 3_600_000,
      });
    }
    print(podObject);
    out.out(printed.join(""));
    if (printError) return out.fail(printError);
    if (serviceError) {
      out.err(serviceError);
      out.exitCode = 1;
    }
  },
};

/** What {@link attachToPod} needs from `kubectl run`. */
interface AttachRequest {
  readonly pod: KubeObject;
  readonly created: readonly KubeObject[];
  readonly restartPolicy: string;
  readonly stdin: boolean;
  readonly tty: boolean;
  readonly quiet: boolean;
  readonly remove: boolean;
  readonly leaveStdinOpen: boolean;
  readonly timeoutMs: number;
}

type Ctx = Parameters<CommandSpec["run"]>[0];
type Out = Parameters<CommandSpec["run"]>[2];

/**
 * run.go's attached path: `handleAttachPod` (wait for Running and Ready, or stream the logs of a
 * pod that already completed), the session, `waitForPod` for the exit code with restart policy
 * Never/OnFailure, and `removeCreatedObjects` for `--rm`, which Go defers so that it runs before
 * the command's error is printed.
 */
function attachToPod(ctx: Ctx, out: Out, req: AttachRequest): void {
  const error = attachSession(ctx, out, req);
  if (req.remove) removeCreated(ctx, out, req.created, req.quiet);
  if (error === undefined) return;
  out.err(error.message.endsWith("\n") ? error.message : `${error.message}\n`);
  out.exitCode = error.code;
}

/** The session's failure: what CheckErr prints and the exit code. */
interface SessionError {
  readonly message: string;
  readonly code: number;
}

function attachSession(ctx: Ctx, out: Out, req: AttachRequest): SessionError | undefined {
  const namespace = req.pod.metadata.namespace ?? ctx.namespace;
  const name = req.pod.metadata.name!;
  const current = () => ctx.sim.store.get("Pod", namespace, name);
  const waitFor = (done: (pod: KubeObject) => boolean): KubeObject | SessionError => {
    let pod: KubeObject | undefined;
    const ok = ctx.sim.runUntil(
      () => {
        pod = current();
        return pod === undefined || done(pod);
      },
      { timeoutMs: req.timeoutMs },
    );
    // The watch's condition functions turn a deletion into NotFound for an unnamed pod.
    if (pod === undefined) return { message: `Error from server (NotFound): pods "" not found`, code: 1 };
    if (!ok) return { message: "error: timed out waiting for the condition", code: 1 };
    return pod;
  };

  const started = waitFor((pod) => podRunningAndReady(pod) || podCompleted(pod));
  if (!("metadata" in started)) return started;
  const container = podContainers(started)[0];
  if (!container) return { message: `error: pod ${namespace}/${name} does not have any containers`, code: 1 };
  const runtime = ctx.io.runtime;
  if (!runtime?.logs) return { message: `error: ${NO_RUNTIME_ERROR}`, code: 1 };
  const target = { namespace, pod: name, container: container.name };
  const readLog = () => runtime.logs!(target, { previous: false, timestamps: false });
  if (podCompleted(started)) {
    // handleAttachPod: a pod that already ran to completion has its logs streamed to stdout.
    const log = readLog();
    if (!log.ok) return { message: `Error from server (BadRequest): ${log.error}`, code: 1 };
    out.out(log.lines.map((l) => l.text).join(""));
  } else {
    // attach.go Run: SetupTTY's notice (stdin is never a terminal in kubesim), then the prompt hint.
    if (req.tty && req.stdin && !req.quiet)
      out.err("Unable to use a TTY - input is not a terminal or the right kind of file\n");
    if (!req.quiet) out.err("If you don't see a command prompt, try pressing enter.\n");
    // The session streams the attached instance's output until its process exits (kubesim ends
    // it after --pod-running-timeout if the process keeps running, as a user would press Ctrl-C).
    // The kubelet ran the process when it started the container; nothing runs a second time.
    const attached = runningContainerID(started, container.name);
    ctx.sim.runUntil(
      () => {
        const pod = current();
        return pod === undefined || runningContainerID(pod, container.name) !== attached;
      },
      { timeoutMs: req.timeoutMs },
    );
    if (current() !== undefined) {
      const log = readLog();
      // Without a terminal, attach keeps the streams apart.
      if (log.ok)
        for (const line of log.lines) (line.stream === "stderr" ? out.err : out.out).call(out, line.text);
    }
  }

  const waitForExitCode =
    !req.leaveStdinOpen && (req.restartPolicy === "Never" || req.restartPolicy === "OnFailure");
  if (!waitForExitCode) return undefined;
  // For Never the pod may fail or succeed; for OnFailure only success ends the wait (a failed
  // container is restarted, so the wait runs out).
  const ended = waitFor(
    req.restartPolicy === "OnFailure" ? (p) => podPhase(p) === "Succeeded" : podCompleted,
  );
  if (!("metadata" in ended)) return ended;
  const phase = podPhase(ended);
  if (phase === "Succeeded") return undefined;
  if (phase !== "Failed")
    return { message: `error: pod ${namespace}/${name} left in phase ${phase}`, code: 1 };
  const unknown = { message: `error: pod ${namespace}/${name} failed with unknown exit code`, code: 1 };
  const terminated = podContainerStatuses(ended).find((s) => s.name === container.name)?.state?.terminated;
  if (!terminated?.exitCode) return unknown;
  return {
    message: `pod ${namespace}/${name} terminated (${terminated.reason ?? ""})\n${terminated.message ?? ""}`,
    code: terminated.exitCode,
  };
}

/** The `containerID` of the container's running instance, `undefined` when it is not running. */
function runningContainerID(pod: KubeObject, container: string): string | undefined {
  const status = podContainerStatuses(pod).find((s) => s.name === container);
  return status?.state?.running !== undefined ? (status.containerID ?? "") : undefined;
}

/** run.go `removeCreatedObjects`: deletes what run created, ignoring objects already gone, printing `pod "x" deleted`. */
function removeCreated(ctx: Ctx, out: Out, created: readonly KubeObject[], quiet: boolean): void {
  for (const obj of created) {
    const type = ctx.sim.registry.mustByKind(obj.kind);
    try {
      ctx.sim.store.delete({
        kind: obj.kind,
        namespace: obj.metadata.namespace ?? "",
        name: obj.metadata.name!,
      });
      if (!quiet) out.out(`${type.singular} "${obj.metadata.name}" deleted\n`);
    } catch (err) {
      if (!(err instanceof StatusError)) throw err;
    }
  }
}
