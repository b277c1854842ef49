/**
 * Every example is run by the test suite: `examples/<name>/run.sh` under `kubesim run` prints
 * exactly `examples/<name>/expected.txt` (stdout and stderr interleaved as a terminal shows
 * them). The expected files are golden because kubectl's output format is the contract;
 * regenerate one with
 *   printf 'exec 2>&1\nsource examples/NAME/run.sh\n' | npx -y pnpm@10.34.9 -s kubesim run - > examples/NAME/expected.txt
 * only after reading the difference.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { runScript } from "@kubesim/cli";
import { createCluster } from "@kubesim/kubesim";
import { describe, expect, it } from "vitest";

const here = dirname(fileURLToPath(import.meta.url));
const examples = readdirSync(here, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

function run(name: string, seed = 0) {
  return runScript({
    cluster: createCluster({ seed }),
    script: "-",
    input: `exec 2>&1\nsource ${JSON.stringify(join(here, name, "run.sh"))}\n`,
    cwd: here,
    stdio: "pipe",
  });
}

describe.each(examples)("examples/%s", (name) => {
  it("prints what kubectl prints for it", async () => {
    const result = await run(name);
    expect(result.stdout).toBe(readFileSync(join(here, name, "expected.txt"), "utf8"));
    expect(result.exitCode).toBe(0);
  });
});

describe("reproducibility", () => {
  it("gives the same output for the same seed, and different uids for another seed", async () => {
    const a = await run("getting-started", 5);
    const b = await run("getting-started", 5);
    expect(a.stdout).toBe(b.stdout);
    const ip = (s: string) => /backend-service\s+ClusterIP\s+(\S+)/.exec(s)?.[1];
    const x = await run("service-allocation", 1);
    const y = await run("service-allocation", 2);
    expect(ip(x.stdout)).toMatch(/^10\.\d+\.\d+\.\d+$/);
    expect(ip(x.stdout)).not.toBe(ip(y.stdout));
  });
});
