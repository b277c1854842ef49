import type { Simulation } from "../Simulation.js";
import { builtinStrategies } from "./builtinStrategies.js";
import { namespaceLifecycle } from "./namespaceLifecycle.js";
import { strategyHooks } from "./ResourceStrategy.js";
import { DEFAULT_SERVICE_ALLOCATION_CONFIG, type ServiceAllocationConfig } from "./service/alloc.js";

/**
 * Makes a simulation's store behave as the API server: NamespaceLifecycle admission, then every
 * built-in kind's strategy (defaulting, admission plugins, allocation, validation), and release
 * of allocations on delete. `createCluster` calls it; tests of a single component can too.
 */
export function installApiServer(
  sim: Simulation,
  config: ServiceAllocationConfig = DEFAULT_SERVICE_ALLOCATION_CONFIG,
): void {
  const hooks = strategyHooks(
    builtinStrategies({ config, random: (purpose) => sim.random(purpose), names: sim.names }),
  );
  sim.store.addAdmissionHook(namespaceLifecycle);
  sim.store.addAdmissionHook(hooks.admission);
  sim.store.addDeleteHook(hooks.onDelete);
}
