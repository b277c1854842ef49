import { type KubeObject, StatusError } from "@kubesim/core";
import { formatApiError } from "../errors.js";
import { generateExposeService } from "../generators/exposeService.js";
import { generateRunPod, isValidImageReference } from "../generators/runPod.js";
import { printObjects, splitOutputFlag } from "../printObjects.js";
import { typePrefix } from "../resourceArgs.js";
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
 * Attaching (`-i`, `-t`, `--attach`, `--rm`) is validated as kubectl validates it; kubesim has
 * no container streams yet, so after creating the objects the command reports that it cannot
 * attach (and with `--rm` deletes what it created, as kubectl does after a session).
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
    if (attach) return cannotAttach(ctx, flags.bool("rm"), created, out, serviceError);
    print(podObject);
    out.out(printed.join(""));
    if (printError) return out.fail(printError);
    if (serviceError) {
      out.err(serviceError);
      out.exitCode = 1;
    }
  },
};

/**
 * Attaching needs container streams, which kubesim does not simulate yet: report it and, for
 * `--rm`, delete what was created as kubectl does when the session ends.
 */
function cannotAttach(
  ctx: Parameters<CommandSpec["run"]>[0],
  remove: boolean,
  created: readonly KubeObject[],
  out: Parameters<CommandSpec["run"]>[2],
  serviceError: string,
): void {
  const pod = created[0]!;
  if (serviceError) out.err(serviceError);
  out.err(
    `error: kubesim cannot attach to pod/${pod.metadata.name}: container streams are not simulated yet\n`,
  );
  out.exitCode = 1;
  if (!remove) return;
  for (const obj of created) {
    const type = ctx.sim.registry.mustByKind(obj.kind);
    try {
      ctx.sim.store.delete({
        kind: obj.kind,
        namespace: obj.metadata.namespace ?? "",
        name: obj.metadata.name!,
      });
      out.out(`${type.singular} "${obj.metadata.name}" deleted\n`);
    } catch (err) {
      if (!(err instanceof StatusError)) throw err;
    }
  }
}
