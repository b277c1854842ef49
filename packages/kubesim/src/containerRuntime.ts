import { imageBaseName } from "@kubesim/core";
import { type Dataplane, isKnownCommand } from "@kubesim/dataplane";
import type { ContainerRuntime } from "@kubesim/kubectl";

/** Entrypoints of client images whose `args` are the program's arguments (`curlimages/curl`: `curl`). */
const ENTRYPOINTS: Readonly<Record<string, readonly string[]>> = { curl: ["curl"] };

/**
 * The container runtime behind `kubectl exec` and attached `kubectl run`: it runs the
 * dataplane's tools (wget, curl, nc, ping, ip, sh -c ...) in the pod's network namespace, at
 * the simulation's current instant, and reports how long they took.
 */
export function containerRuntime(dataplane: Dataplane): ContainerRuntime {
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
  };
}
