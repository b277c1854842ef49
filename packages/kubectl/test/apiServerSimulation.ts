import { installApiServer, namespaceController, Simulation, serviceAccountController } from "@kubesim/core";

/**
 * A simulation whose store behaves as the API server (defaulting, admission, allocation,
 * validation), with the `default` and `kube-system` namespaces and the namespace and service
 * account controllers: enough for kubectl command tests without a whole cluster.
 */
export function apiServerSimulation(seed = 1): Simulation {
  const sim = new Simulation({ seed });
  installApiServer(sim);
  for (const name of ["default", "kube-system"])
    sim.store.create({ apiVersion: "v1", kind: "Namespace", metadata: { name } });
  sim.addController(namespaceController());
  sim.addController(serviceAccountController());
  sim.settle();
  return sim;
}
