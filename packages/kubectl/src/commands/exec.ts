import { newBadRequest, newNotFound, type StatusError } from "@kubesim/core";
import { formatApiError } from "../errors.js";
import { parseResourceArgs } from "../resourceArgs.js";
import { parseGoDuration } from "./_internal/parseGoDuration.js";
import {
  attachablePod,
  containerRunning,
  defaultContainerName,
  execInContainer,
  NO_RUNTIME_ERROR,
  podHasContainer,
  podNodeName,
  podPhase,
  startErrorMessage,
} from "./_internal/podExec.js";
import type { CommandSpec } from "./CommandSpec.js";
import { failUsage } from "./generatedObject.js";

const USAGE = "kubectl exec";

/**
 * `kubectl exec (POD | TYPE/NAME) [-c CONTAINER] [-i] [-t] [-q] -- COMMAND [args...]`
 * (k8s.io/kubectl/pkg/cmd/exec/exec.go, v1.32): runs a command in a running container through
 * the cluster's {@link ContainerRuntime} and prints its output; a non-zero exit prints
 * `command terminated with exit code N` and exits N.
 *
 * The checks come in kubectl's order, each with the real wording: argument errors (`Complete`,
 * `Validate`); the object (`Error from server (NotFound): ...`); for a workload or Service, its
 * first active pod (`ActivePods` order); a completed pod; the container (annotation default or
 * first, with the `Defaulted container` notice); `-i -t` without a terminal; then the API server
 * (`container x is not valid for pod y`, `pod x does not have a host assigned`) and the kubelet
 * (`unable to upgrade connection: container not found ("c")`).
 *
 * @see ContainerRuntime
 */
export const execCommand: CommandSpec = {
  name: "exec",
  flags: [
    { name: "container", shorthand: "c", type: "string" },
    { name: "stdin", shorthand: "i", type: "bool" },
    { name: "tty", shorthand: "t", type: "bool" },
    { name: "quiet", shorthand: "q", type: "bool" },
    { name: "pod-running-timeout", type: "string" },
    { name: "filename", shorthand: "f", type: "stringArray" },
  ],
  readsStdin: (flags) => flags.bool("stdin"),
  run(ctx, flags, out) {
    // cobra's ArgsLenAtDash: how many positional arguments came before `--` (-1 without one).
    const positional = flags.args;
    const afterDash = flags.afterDash;
    const argsLenAtDash = afterDash === undefined ? -1 : positional.length;
    const filenames = flags.strings("filename");
    const resourceName = positional.length > 0 && argsLenAtDash !== 0 ? positional[0]! : "";
    let command: readonly string[] = [];
    if (afterDash !== undefined) command = afterDash;
    else if (positional.length > 1) {
      return failUsage(
        out,
        USAGE,
        "exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead",
      );
    }
    // exec.go's defaultPodExecTimeout: 60s.
    const timeoutText = flags.string("pod-running-timeout", "1m0s");
    const timeoutMs = parseGoDuration(timeoutText);
    if (timeoutMs === undefined) {
      out.err(
        `Error: invalid argument ${JSON.stringify(timeoutText)} for "--pod-running-timeout" flag: time: invalid duration ${JSON.stringify(timeoutText)}\nSee 'kubectl exec --help' for usage.\n`,
      );
      out.exitCode = 1;
      return;
    }
    if (timeoutMs <= 0) return failUsage(out, USAGE, "--pod-running-timeout must be higher than zero");
    if (resourceName === "" && filenames.length === 0)
      return out.fail("pod, type/name or --filename must be specified");
    if (command.length === 0) return out.fail("you must specify at least one command for the container");
    if (filenames.length > 0) return out.fail("kubesim does not support kubectl exec -f yet; name the pod");

    // The builder's ResourceNames("pods", name): a bare name is a pod, TYPE/NAME any type.
    const slash = resourceName.indexOf("/");
    const parsed = parseResourceArgs(ctx.sim.registry, [slash < 0 ? `pods/${resourceName}` : resourceName]);
    if (!parsed.ok) return out.fail(parsed.error);
    const request = parsed.requests[0]!;
    const name = request.names[0]!;
    const namespace = request.type.namespaced ? ctx.namespace : "";
    const object = ctx.sim.store.get(request.type.kind, namespace, name);
    if (!object) return apiError(out, newNotFound(request.type, name));
    const found = attachablePod(ctx, object, timeoutMs);
    if (!found.ok) return out.fail(found.error);
    const pod = found.pod;
    const podName = pod.metadata.name!;
    const phase = podPhase(pod);
    if (phase === "Succeeded" || phase === "Failed")
      return out.fail(`cannot exec into a container in a completed pod; current phase is ${phase}`);

    const quiet = flags.bool("quiet");
    let container = flags.string("container");
    if (container === "") {
      const chosen = defaultContainerName(pod, quiet, out);
      if (chosen === undefined)
        return out.fail(`pod ${pod.metadata.namespace}/${podName} does not have any containers`);
      container = chosen;
    }
    const stdin = flags.bool("stdin");
    // StreamOptions.SetupTTY: a TTY needs stdin, and a terminal as stdin, which a script never has.
    if (stdin && flags.bool("tty") && !quiet)
      out.err("Unable to use a TTY - input is not a terminal or the right kind of file\n");

    // The API server's ExecLocation, then the kubelet's GetExec.
    if (!podHasContainer(pod, container))
      return apiError(out, newBadRequest(`container ${container} is not valid for pod ${podName}`));
    if (podNodeName(pod) === "")
      return apiError(out, newBadRequest(`pod ${podName} does not have a host assigned`));
    if (!containerRunning(pod, container))
      return out.fail(`unable to upgrade connection: container not found (${JSON.stringify(container)})`);

    const result = execInContainer(
      ctx,
      { namespace: pod.metadata.namespace ?? ctx.namespace, pod: podName, container },
      command,
      { ...(stdin ? { stdin: ctx.io.stdin ?? "" } : {}), tty: false },
    );
    if (!result) return out.fail(NO_RUNTIME_ERROR);
    out.out(result.stdout);
    out.err(result.stderr);
    if (result.startError !== undefined) return out.fail(startErrorMessage(ctx, result.startError));
    if (result.exitCode !== 0) {
      // utilexec.CodeExitError from the stream's error channel; CheckErr prints it bare and exits with its code.
      out.err(`command terminated with exit code ${result.exitCode}\n`);
      out.exitCode = result.exitCode;
    }
  },
};

function apiError(out: Parameters<CommandSpec["run"]>[2], err: StatusError): void {
  out.err(formatApiError(err));
  out.exitCode = 1;
}
