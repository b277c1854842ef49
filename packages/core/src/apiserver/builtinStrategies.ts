import type { RandomStream } from "../engine/RandomStreams.js";
import type { ResourceStrategy } from "./ResourceStrategy.js";
import type { ServiceAllocationConfig } from "./service/alloc.js";
import { serviceStrategy } from "./serviceStrategy.js";

/**
 * The API server's behaviour for every built-in kind kubesim models, keyed by kind. `random`
 * gives the named random streams (`clusterip-allocator`, `nodeport-allocator`) so allocation is
 * reproducible from the simulation's seed.
 */
export function builtinStrategies(
  config: ServiceAllocationConfig,
  random: (purpose: string) => RandomStream,
): Map<string, ResourceStrategy> {
  return new Map<string, ResourceStrategy>([
    [
      "Service",
      serviceStrategy(config, {
        clusterIPs: random("clusterip-allocator"),
        nodePorts: random("nodeport-allocator"),
      }),
    ],
  ]);
}
