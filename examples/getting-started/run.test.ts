/**
 * The README's main job: `kubesim run examples/getting-started/run.sh` prints what kubectl
 * prints for the same commands against a fresh kubeadm-like cluster. The expected output is a
 * golden file because kubectl's output format is the contract; regenerate it with
 * `npx -y pnpm@10.34.9 kubesim run examples/getting-started/run.sh > examples/getting-started/expected.txt 2>&1`
 * only after checking the difference by hand.
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { runScript } from "@kubesim/cli";
import { createCluster } from "@kubesim/kubesim";
import { describe, expect, it } from "vitest";

const here = dirname(fileURLToPath(import.meta.url));

async function run(seed: number) {
  // 2>&1 inside the script keeps stdout and stderr in the order a terminal shows them.
  return runScript({
    cluster: createCluster({ seed }),
    script: "-",
    input: `exec 2>&1\nsource ${JSON.stringify(join(here, "run.sh"))}\n`,
    cwd: here,
    stdio: "pipe",
  });
}

describe("examples/getting-started", () => {
  it("prints what kubectl prints, exit code 0", async () => {
    const result = await run(0);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe(readFileSync(join(here, "expected.txt"), "utf8"));
  });

  it("is reproducible: the same seed gives the same output, uids included", async () => {
    const a = await run(5);
    const b = await run(5);
    expect(a.stdout).toBe(b.stdout);
  });
});
