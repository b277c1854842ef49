// runCli is the kubesim command line. Help, version and flag errors are checked in-process with
// captured sinks; whole runs spawn test/fakeBin.ts (runCli wired to FakeCluster) as a real process, so
// inherited stdio, the exit code and `run -` are exercised as a user meets them.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { type CliDeps, runCli } from "../src/runCli.js";
import { FakeCluster } from "./FakeCluster.js";

const repoRoot = fileURLToPath(new URL("../../..", import.meta.url));
const fakeBin = fileURLToPath(new URL("./fakeBin.ts", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "kubesim-cli-test-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function cli(argv: string[]) {
  let stdout = "";
  let stderr = "";
  const created: unknown[] = [];
  const deps: CliDeps<unknown> = {
    createCluster(options) {
      created.push(options);
      return new FakeCluster();
    },
    parseClusterConfig: (text, source) =>
      text.startsWith("{") ? { ok: true, config: text } : { ok: false, error: `${source}: bad config` },
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
  };
  const exitCode = await runCli(argv, deps);
  return { exitCode, stdout, stderr, created };
}

const nodeArgs = ["--conditions=@kubesim/source", "--import", "tsx", fakeBin];

function spawnCli(argv: string[], input = "") {
  const result = spawnSync(process.execPath, [...nodeArgs, ...argv], {
    cwd: repoRoot,
    input,
    encoding: "utf8",
  });
  return { exitCode: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("runCli", () => {
  it("prints help and version on stdout", async () => {
    const help = await cli(["--help"]);
    expect(help).toMatchObject({ exitCode: 0, stderr: "" });
    expect(help.stdout).toContain("kubesim run [flags] SCRIPT [ARGS...]");
    const runHelp = await cli(["run", "--help"]);
    expect(runHelp.stdout).toContain("--seed N");
    const { version } = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
    expect(await cli(["--version"])).toMatchObject({ exitCode: 0, stdout: `kubesim ${version}\n` });
  });

  it("rejects bad flags with exit code 2 and a pointer to help", async () => {
    expect(await cli(["run", "--seed", "-3", "x.sh"])).toEqual({
      exitCode: 2,
      stdout: "",
      stderr:
        'kubesim: invalid argument "-3" for "--seed" flag: must be a non-negative integer\n' +
        "See 'kubesim run --help' for usage.\n",
      created: [],
    });
    expect(await cli(["frobnicate"])).toMatchObject({
      exitCode: 2,
      stderr: 'kubesim: unknown command "frobnicate" for "kubesim"\nSee \'kubesim --help\' for usage.\n',
    });
  });

  it("refuses a missing script or config file before creating a cluster", async () => {
    const script = join(dir, "missing.sh");
    expect(await cli(["run", script])).toEqual({
      exitCode: 2,
      stdout: "",
      stderr: `kubesim: cannot run script "${script}": no such file or directory\n`,
      created: [],
    });
    expect(await cli(["run", dir])).toMatchObject({
      exitCode: 2,
      stderr: expect.stringContaining("is a directory"),
    });
    writeFileSync(join(dir, "ok.sh"), "exit 0\n");
    expect(await cli(["run", "--config", join(dir, "nope.yaml"), join(dir, "ok.sh")])).toMatchObject({
      exitCode: 2,
      stderr: `kubesim: cannot read config file "${join(dir, "nope.yaml")}": no such file or directory\n`,
      created: [],
    });
    writeFileSync(join(dir, "bad.yaml"), "nodes: [");
    expect(await cli(["run", "--config", join(dir, "bad.yaml"), join(dir, "ok.sh")])).toMatchObject({
      exitCode: 2,
      stderr: `kubesim: ${join(dir, "bad.yaml")}: bad config\n`,
      created: [],
    });
  });

  it("runs a script as a process: options reach the cluster, output and exit code pass through", () => {
    writeFileSync(join(dir, "config.json"), '{"podCIDR":"10.244.0.0/16"}');
    writeFileSync(join(dir, "scenario.sh"), 'kubesim options\necho "args: $*"\nkubectl fail\nexit 5\n');
    const result = spawnCli([
      "run",
      "--seed",
      "42",
      "--nodes=3",
      "--config",
      join(dir, "config.json"),
      join(dir, "scenario.sh"),
      "a",
      "--seed",
    ]);
    expect(result).toEqual({
      exitCode: 5,
      stdout: '{"seed":42,"nodes":3,"config":{"podCIDR":"10.244.0.0/16"}}\nargs: a --seed\npartial\n',
      stderr: "error: boom\n",
    });
  });

  it("runs a script read from standard input with run -", () => {
    const result = spawnCli(["run", "-", "x"], 'kubectl echo "hello $1"\n');
    expect(result).toEqual({ exitCode: 0, stdout: "hello x", stderr: "" });
  });

  it("passes SIGTERM on to bash, exits as bash did, and still removes its temp dir", async () => {
    writeFileSync(
      join(dir, "wait.sh"),
      'dirname "$KUBESIM_SOCKET"\nread -r -t 20 line\necho "not reached"\n',
    );
    const child = spawn(process.execPath, [...nodeArgs, "run", join(dir, "wait.sh")], { cwd: repoRoot });
    let stdout = "";
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.endsWith("\n")) child.kill("SIGTERM");
    });
    expect(await exited).toBe(143);
    expect(stdout).not.toContain("not reached");
    expect(existsSync(stdout.trim())).toBe(false);
  });
});
