import {
  crashContainer,
  failReadiness,
  type KubeletController,
  type Simulation,
  startKubelet,
  stopKubelet,
} from "@kubesim/core";
import type { Dataplane } from "@kubesim/dataplane";
import type { ClusterDNS } from "@kubesim/dns";
import { type CommandResult, type FlagSpec, Flags, parseFlags } from "@kubesim/kubectl";
import { joinNode } from "./bootstrap.js";
import type { ClusterNetworking } from "./ClusterConfig.js";
import { nodeExecCommand } from "./nodeExecCommand.js";
import { parseSleep } from "./parseSleep.js";
import { traceCommand } from "./traceCommand.js";

/** The in-script simulator commands, as `kubesim --help` inside a script lists them. */
export const KUBESIM_COMMANDS_HELP = `kubesim: simulator commands for kubesim run scripts

  kubesim now                                      print the virtual time
  kubesim settle                                   run until only background work is left
  kubesim crash POD [-n NS] [-c CONTAINER] [--exit-code N]
                                                   make a container exit now (it restarts per restartPolicy)
  kubesim fail-readiness POD --for DURATION [-n NS] [-c CONTAINER]
                                                   make readiness probes fail for a while
  kubesim stop-node NODE                           stop the node's kubelet (heartbeats stop; NotReady after 50s)
  kubesim start-node NODE                          start it again
  kubesim partition-node NODE / heal-node NODE     cut the node off the network (its kubelet and kube-proxy
                                                   lose the API server; packets to and from it are lost) / reconnect it
  kubesim add-node [NAME]                          join a new worker (next pod CIDR and node address)
  kubesim remove-node NAME                         delete the Node; its pods are removed as the pod GC does
  kubesim trace [--from pod/NAME|node/NAME|IP] [-n NS] [--protocol P] [--all-outcomes] DESTINATION
                                                   print the hop-by-hop path of one request (kubesim trace -h)
  kubesim node-exec NODE -- COMMAND [ARGS...]      run a command on a node (iptables-save, ipvsadm -Ln, nft list
                                                   ruleset, conntrack -L, ip route, curl, ...), like docker exec
`;

/** What the in-script commands act on. */
export interface KubesimCommandContext {
  readonly sim: Simulation;
  readonly kubelet: KubeletController | undefined;
  readonly dataplane: Dataplane;
  /** Cluster DNS, whose lookups `kubesim trace NAME` shows query by query. */
  readonly dns?: ClusterDNS;
  /** The outside client's address (`kubesim trace` from outside; default 172.18.0.1). */
  readonly outsideClientIP?: string;
  readonly clusterName: string;
  readonly networking: ClusterNetworking;
}

const FLAGS: readonly FlagSpec[] = [
  { name: "namespace", shorthand: "n", type: "string" },
  { name: "container", shorthand: "c", type: "string" },
  { name: "exit-code", type: "int" },
  { name: "for", type: "string" },
  { name: "help", shorthand: "h", type: "bool" },
];

const ok = (stdout = ""): CommandResult => ({ stdout, stderr: "", exitCode: 0 });
const fail = (message: string, exitCode = 1): CommandResult => ({
  stdout: "",
  stderr: `kubesim: ${message}\n`,
  exitCode,
});

/**
 * Runs a `kubesim` command inside a `kubesim run` script: time control and fault injection.
 * Faults act at the current virtual instant; what they cause (restarts, NotReady nodes,
 * evictions) unfolds as the script sleeps.
 */
export function runKubesimCommand(ctx: KubesimCommandContext, argv: readonly string[]): CommandResult {
  const { sim, kubelet } = ctx;
  const [command, ...rest] = argv;
  if (command === "trace") return traceCommand(ctx.dataplane, rest, ctx.dns, ctx.outsideClientIP);
  if (command === "node-exec") return nodeExecCommand(ctx.dataplane, rest);
  const parsed = parseFlags(rest, FLAGS);
  if (!parsed.ok) return fail(parsed.error, 2);
  const flags = new Flags(parsed.flags);
  if (
    command === undefined ||
    command === "help" ||
    command === "--help" ||
    command === "-h" ||
    flags.bool("help")
  )
    return ok(KUBESIM_COMMANDS_HELP);
  const [target] = flags.args;
  const namespace = flags.string("namespace") || "default";
  switch (command) {
    case "now":
      return ok(`${sim.clock.nowTimestamp()}\n`);
    case "settle":
      return sim.settle() ? ok() : fail("the cluster did not settle within an hour of virtual time");
    case "crash":
    case "fail-readiness": {
      const k = kubelet;
      if (!k) return fail("this cluster runs without kubelets (controlPlane: false)");
      if (!target) return fail(`${command} needs a pod name`, 2);
      const pod = sim.store.get("Pod", namespace, target.replace(/^pods?\//, ""));
      if (!pod) return fail(`pod "${target}" not found in namespace ${namespace}`);
      const containers = (
        (pod.spec as { containers?: { name: string }[] } | undefined)?.containers ?? []
      ).map((c) => c.name);
      const container = flags.string("container") || containers[0];
      if (!container || !containers.includes(container)) {
        return fail(
          `container ${JSON.stringify(container ?? "")} is not in pod ${target}; it has: ${containers.join(", ")}`,
        );
      }
      const ref = { namespace, name: pod.metadata.name! };
      if (command === "crash") {
        crashContainer(k, ref, container, flags.int("exit-code", 1));
      } else {
        const duration = parseSleep([flags.string("for")]);
        if (!flags.has("for") || !duration.ok)
          return fail("fail-readiness needs --for DURATION, e.g. --for 30s", 2);
        try {
          failReadiness(k, ref, duration.ms, { container });
        } catch (err) {
          return fail((err as Error).message);
        }
      }
      sim.advance(0);
      return ok();
    }
    case "add-node": {
      let name = target;
      for (let i = 1; !name; i++) {
        const candidate = `${ctx.clusterName}-worker${i === 1 ? "" : i}`;
        if (!sim.store.get("Node", "", candidate)) name = candidate;
      }
      if (sim.store.get("Node", "", name)) return fail(`node ${JSON.stringify(name)} already exists`);
      try {
        joinNode(sim, name, ctx.networking);
      } catch (err) {
        return fail((err as Error).message);
      }
      sim.advance(0);
      return ok(`node/${name} added\n`);
    }
    case "remove-node": {
      if (!target || !sim.store.get("Node", "", target))
        return fail(`node ${JSON.stringify(target ?? "")} not found`);
      sim.store.transaction((tx) => {
        tx.delete({ kind: "Node", namespace: "", name: target });
        // The pod garbage collector removes pods bound to a node that no longer exists.
        for (const pod of tx.list("Pod")) {
          if ((pod.spec as { nodeName?: string } | undefined)?.nodeName !== target) continue;
          tx.delete(
            { kind: "Pod", namespace: pod.metadata.namespace!, name: pod.metadata.name! },
            { gracePeriodSeconds: 0 },
          );
        }
      });
      sim.advance(0);
      return ok(`node/${target} removed\n`);
    }
    case "partition-node":
    case "heal-node":
    case "stop-node":
    case "start-node": {
      const k = kubelet;
      if (!k) return fail("this cluster runs without kubelets (controlPlane: false)");
      if (!target || !sim.store.get("Node", "", target))
        return fail(`node ${JSON.stringify(target ?? "")} not found`);
      if (command === "stop-node" || command === "partition-node") stopKubelet(k, target);
      else startKubelet(k, target);
      if (command === "partition-node") ctx.dataplane.partitionNode(target);
      if (command === "heal-node") ctx.dataplane.healNode(target);
      sim.advance(0);
      return ok();
    }
    default:
      return fail(`unknown command ${JSON.stringify(command)}\n${KUBESIM_COMMANDS_HELP}`, 2);
  }
}
