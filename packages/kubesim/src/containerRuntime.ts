import {
  imageBaseName,
  type KubeletController,
  type KubeletOptions,
  type MainProcessRun,
  mainProcessArgv,
} from "@kubesim/core";
import { type Dataplane, isKnownCommand, runCommand } from "@kubesim/dataplane";
import type { ContainerRuntime } from "@kubesim/kubectl";

/** Entrypoints of client images whose `args` are the program's arguments (`curlimages/curl`: `curl`). */
const ENTRYPOINTS: Readonly<Record<string, readonly string[]>> = { curl: ["curl"] };

/**
 * The container runtime behind `kubectl exec`, `kubectl logs` and attached `kubectl run`: it
 * runs the dataplane's tools (wget, curl, nc, ping, ip, sh -c ...) in the pod's network
 * namespace, at the simulation's current instant, and reports how long they took; logs come
 * from the kubelet, which keeps what each container's main process printed (`kubelet` absent:
 * the runtime has no logs).
 */
export function containerRuntime(dataplane: Dataplane, kubelet?: KubeletController): ContainerRuntime {
  return {
    exec(target, argv, options) {
      const pod = dataplane.sim.store.get("Pod", target.namespace, target.pod);
      const container = (
        (pod?.spec as { containers?: { name: string; image?: string; command?: string[] }[] } | undefined)
          ?.containers ?? []
      ).find((c) => c.name === target.container);
      const image = container?.image ?? "";
      let command = argv;
      if (options.mainProcess && !container?.command?.length)
        command = [...(ENTRYPOINTS[imageBaseName(image)] ?? []), ...argv];
      const first = command[0];
      if (first !== undefined && !isKnownCommand(first, image))
        return {
          stdout: "",
          stderr: "",
          exitCode: 127,
          elapsedMs: 0,
          startError: `OCI runtime exec failed: exec failed: unable to start container process: exec: "${first}": executable file not found in $PATH: unknown`,
        };
      const result = dataplane.exec(target, command, {
        ...(options.stdin !== undefined ? { stdin: options.stdin } : {}),
      });
      return {
        stdout: result.stdout,
        stderr: result.stderr,
        exitCode: result.exitCode,
        elapsedMs: result.elapsedMs,
      };
    },
    ...(kubelet
      ? {
          logs(target, options) {
            return kubelet.containerLog(target.namespace, target.pod, target.container, {
              previous: options.previous,
              timestamps: options.timestamps,
              ...(options.tail !== undefined ? { tail: options.tail } : {}),
              ...(options.sinceSeconds !== undefined ? { sinceSeconds: options.sinceSeconds } : {}),
            });
          },
        }
      : {}),
  };
}

/** Programs the dataplane's shell runs as builtins. */
const SHELL_BUILTINS = new Set(["exit", "cd", "export", ":"]);

/**
 * The kubelet's {@link KubeletOptions.processRunner} for a cluster with a dataplane: a
 * container's main process made of programs the dataplane's tools implement (`wget`, `curl`,
 * `nc`, `ping -c`, `echo`, `cat`, `sh -c '...'` of those) really runs, once, in the pod's
 * network namespace as the container starts; its exit code and duration drive the container's
 * state and its output becomes the container's log. Anything else (servers, `sleep` scripts,
 * `nslookup`, programs the tools do not have) keeps the kubelet's own model.
 *
 * `dataplane` is read when a container starts, so the runner can be given to the kubelet before
 * the dataplane exists.
 */
export function mainProcessRunner(dataplane: () => Dataplane): NonNullable<KubeletOptions["processRunner"]> {
  return (pod, container): MainProcessRun | undefined => {
    const image = container.image ?? "";
    const argv = mainProcessArgv(image, container.command, container.args);
    if (argv === undefined || !runnable(argv, image)) return undefined;
    const namespace = pod.metadata?.namespace ?? "default";
    const name = pod.metadata?.name ?? "";
    const result = runCommand(argv, dataplane().toolEnvironment({ kind: "pod", namespace, name }), { image });
    return {
      exitCode: result.exitCode,
      runsForMs: result.elapsedMs,
      stdout: result.stdout,
      stderr: result.stderr,
    };
  };
}

/**
 * Whether every program of the command line is one the dataplane's tools implement. `sleep`
 * is left to the kubelet's model: the tools report output only as a whole at the end, so a
 * script that prints and then sleeps would show its output only when it exits.
 */
function runnable(argv: readonly string[], image: string): boolean {
  const first = argv[0];
  if (first === undefined) return true;
  const program = first.slice(first.lastIndexOf("/") + 1);
  if (program === "sh" || program === "ash") {
    const c = argv.indexOf("-c");
    const script = c >= 0 ? argv[c + 1] : undefined;
    if (script === undefined) return argv.length === 1;
    return scriptPrograms(script).every(
      (p) => SHELL_BUILTINS.has(p) || (p !== "sleep" && isKnownCommand(p, image)),
    );
  }
  return program !== "sleep" && isKnownCommand(program, image);
}

/** The first word of each simple command of a script (split at `;`, `&&`, `||`, `|`, newlines). */
function scriptPrograms(script: string): string[] {
  const programs: string[] = [];
  for (const part of script.split(/;|&&|\|\||\||\n/)) {
    const word = part
      .trim()
      .split(/\s+/)[0]
      ?.replace(/^['"]|['"]$/g, "");
    if (!word) continue;
    programs.push(word.slice(word.lastIndexOf("/") + 1));
  }
  return programs;
}
