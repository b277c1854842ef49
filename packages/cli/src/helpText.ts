import type { HelpTopic } from "./parseCommandLine.js";

const KUBESIM_HELP = `kubesim: a deterministic Kubernetes networking simulator.

Usage:
  kubesim run [flags] SCRIPT [ARGS...]
  kubesim help [run]
  kubesim --version

Commands:
  run         Run a bash script against one simulated cluster

Flags:
  -h, --help      help for kubesim
  -V, --version   print the version of kubesim

Use "kubesim run --help" for more information about running scripts.
`;

const RUN_HELP = `Run SCRIPT with bash. Inside it, \`kubectl\` talks to one simulated cluster that lives
for the whole script, and \`sleep\` advances the cluster's virtual time instantly instead of
waiting. \`curl\`, \`wget\`, \`nc\`, \`ping\`, \`nslookup\`, \`dig\` and \`getent hosts\` are the machine
running the script, outside the cluster (172.18.0.1 by default): they reach node IPs, NodePorts,
LoadBalancer and external IPs, not pod or Service IPs. Everything else is ordinary bash.
SCRIPT - reads the script from standard input.
kubesim prints nothing of its own during a run and exits with the script's exit code.

Usage:
  kubesim run [flags] SCRIPT [ARGS...]

Examples:
  # Run a script on a three-node cluster, with a fixed seed
  kubesim run --seed 42 --nodes 3 scenario.sh

  # Pass arguments to the script
  kubesim run scenario.sh my-namespace

Flags:
      --config FILE   cluster configuration (YAML)
  -h, --help          help for run
      --nodes N       number of nodes in the cluster (a positive integer)
      --seed N        seed of the simulation (a non-negative integer); the same seed replays the same run

Flags go before SCRIPT; everything after SCRIPT is passed to the script.
`;

/** The text `--help` prints for `topic`. */
export function helpText(topic: HelpTopic): string {
  return topic === "run" ? RUN_HELP : KUBESIM_HELP;
}
