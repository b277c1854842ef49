// The kubesim executable with FakeCluster in place of the simulator, so tests can spawn the real CLI
// process. --config files parse as JSON objects.
import { cliMain } from "../src/cliMain.js";
import { FakeCluster } from "./FakeCluster.js";

await cliMain({
  createCluster: (options) => new FakeCluster(options),
  parseClusterConfig(text, source) {
    try {
      return { ok: true, config: JSON.parse(text) as Record<string, unknown> };
    } catch {
      return { ok: false, error: `${source}: not a JSON object` };
    }
  },
});
