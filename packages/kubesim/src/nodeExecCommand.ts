import { type Dataplane, runCommand } from "@kubesim/dataplane";
import type { CommandResult } from "@kubesim/kubectl";

/** The program that prints each proxy mode's rules. */
const RULE_TOOLS: Readonly<Record<string, string>> = {
  "iptables-save": "iptables",
  ipvsadm: "ipvs",
  nft: "nftables",
};

const fail = (message: string, exitCode = 1): CommandResult => ({
  stdout: "",
  stderr: `kubesim node-exec: ${message}\n`,
  exitCode,
});

/**
 * `kubesim node-exec NODE -- COMMAND...`: a command in a node's host network namespace, as
 * `docker exec kind-worker ...` is on a kind cluster. kube-proxy's rule dumps
 * (`iptables-save`, `ipvsadm -Ln`, `nft list ruleset`) and `conntrack -L` print the node's
 * simulated state; anything else runs as a tool (curl, wget, ping, ip route, ...).
 */
export function nodeExecCommand(dataplane: Dataplane, argv: readonly string[]): CommandResult {
  const [node, ...rest] = argv;
  if (!node || node === "--") return fail("usage: kubesim node-exec NODE -- COMMAND [ARGS...]", 2);
  if (!dataplane.network.node(node)) return fail(`node "${node}" not found`);
  const command = rest[0] === "--" ? rest.slice(1) : rest;
  const [program] = command;
  if (!program) return fail("usage: kubesim node-exec NODE -- COMMAND [ARGS...]", 2);
  const mode = RULE_TOOLS[program];
  if (mode !== undefined) {
    if (dataplane.proxyMode.name !== mode)
      return fail(
        `${program} prints kube-proxy's rules only in ${mode} mode; this cluster's kube-proxy runs in ${dataplane.proxyMode.name} mode`,
      );
    return { stdout: dataplane.dumpRules(node), stderr: "", exitCode: 0 };
  }
  if (program === "conntrack") {
    if (command[1] !== "-L") return fail("only `conntrack -L` is simulated", 2);
    const dump = dataplane.conntrack(node).dump(dataplane.sim.nowMs);
    return { stdout: dump.stdout, stderr: dump.stderr, exitCode: 0 };
  }
  const result = runCommand(command, dataplane.toolEnvironment({ kind: "node", name: node }), { image: "" });
  dataplane.sim.advance(result.elapsedMs);
  return { stdout: result.stdout, stderr: result.stderr, exitCode: result.exitCode };
}
