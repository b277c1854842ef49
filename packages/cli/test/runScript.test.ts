// runScript runs real bash with kubectl/sleep/kubesim shims served by one in-process cluster (here
// FakeCluster). Each test writes a small script into a fresh temp dir, runs it with captured output,
// and checks what the script saw and what the cluster was asked.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { runScript, type ScriptRun } from "../src/runScript.js";
import { FakeCluster } from "./FakeCluster.js";

const workDirs: string[] = [];
afterEach(() => {
  for (const dir of workDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function run(
  script: string,
  options: { cluster?: FakeCluster; args?: string[]; files?: Record<string, string>; input?: string } = {},
): Promise<ScriptRun & { cluster: FakeCluster; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), "kubesim-cli-test-"));
  workDirs.push(dir);
  for (const [path, text] of Object.entries(options.files ?? {})) {
    mkdirSync(join(dir, path, ".."), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  writeFileSync(join(dir, "script.sh"), script);
  const cluster = options.cluster ?? new FakeCluster();
  const result = await runScript({
    cluster,
    script: "script.sh",
    args: options.args ?? [],
    cwd: dir,
    stdio: "pipe",
    ...(options.input === undefined ? {} : { input: options.input }),
  });
  return { ...result, cluster, dir };
}

describe("runScript", () => {
  it("passes kubectl's stdout, stderr and exit code through verbatim", async () => {
    const result = await run('kubectl echo "a  b"\necho "[$?]"\nkubectl fail\necho "[$?]"\n');
    expect(result.stdout).toBe("a  b[0]\npartial\n[3]\n");
    expect(result.stderr).toBe("error: boom\n");
    expect(result.exitCode).toBe(0);
  });

  it("captures kubectl output with $(...)", async () => {
    const result = await run('name=$(kubectl echo web-1)\necho "got <$name>"\n');
    expect(result.stdout).toBe("got <web-1>\n");
  });

  it("pipes kubectl output into other commands", async () => {
    const cluster = new FakeCluster();
    cluster.applied.push("alpha", "beta", "gamma");
    const result = await run("kubectl get | grep -c a\nkubectl get | grep bet\n", { cluster });
    expect(result.stdout).toBe("3\nbeta\n");
  });

  it("delivers a heredoc to kubectl apply -f -", async () => {
    const result = await run("kubectl apply -f - <<EOF\nkind: Pod\nname: $1\nEOF\n", { args: ["web"] });
    expect(result.stdout).toBe("applied 1\n");
    expect(result.cluster.applied).toEqual(["kind: Pod\nname: web\n"]);
    expect(result.cluster.calls[0]).toEqual({
      command: "kubectl",
      argv: ["apply", "-f", "-"],
      stdin: "kind: Pod\nname: web\n",
    });
  });

  it("does not deadlock when one kubectl pipes into another's standard input", async () => {
    const result = await run("kubectl echo 'piped text' | kubectl apply -f -\n");
    expect(result.stdout).toBe("applied 1\n");
    expect(result.cluster.applied).toEqual(["piped text"]);
  });

  it("resolves relative -f paths from the command's working directory after cd", async () => {
    const result = await run("cd manifests\nkubectl apply -f pod.yaml\ncd ..\nkubectl apply -f pod.yaml\n", {
      files: { "manifests/pod.yaml": "kind: Pod\n" },
    });
    expect(result.cluster.applied).toEqual(["kind: Pod\n"]);
    expect(result.stderr).toBe('error: the path "pod.yaml" does not exist\n');
  });

  it("reads process substitution paths (/dev/fd/N) from the calling shell", async () => {
    const result = await run("kubectl apply -f <(echo 'kind: Service')\n");
    expect(result.stderr).toBe("");
    expect(result.cluster.applied).toEqual(["kind: Service\n"]);
  });

  it("makes sleep advance virtual time instantly", async () => {
    const started = performance.now();
    const result = await run('sleep 2m\nsleep 1.5 0.5s\nkubectl time\nsleep 1x\necho "[$?]"\n');
    expect(performance.now() - started).toBeLessThan(20_000);
    expect(result.stdout).toBe("122\n[1]\n");
    expect(result.stderr).toBe("sleep: invalid time interval '1x'\n");
    expect(result.cluster.clockSeconds).toBe(122);
  });

  it("routes the kubesim command to the cluster", async () => {
    const result = await run("kubesim options\n", { cluster: new FakeCluster({ seed: 7 }) });
    expect(result.stdout).toBe('{"seed":7}\n');
  });

  it("exits with the script's exit code", async () => {
    expect((await run("exit 7\n")).exitCode).toBe(7);
  });

  it("stops a set -e script at the first failing kubectl", async () => {
    const result = await run("set -e\nkubectl echo before\nkubectl fail\necho after\n");
    expect(result.stdout).toBe("beforepartial\n");
    expect(result.exitCode).toBe(3);
  });

  it("serves every command of concurrent background jobs", async () => {
    const script =
      'for i in 1 2 3 4 5 6; do kubectl apply -f - <<<"job $i" & done\nwait\nkubectl get | sort\n';
    const result = await run(script);
    expect(result.stdout).toContain("job 1\njob 2\njob 3\njob 4\njob 5\njob 6\n");
    expect(result.cluster.applied).toHaveLength(6);
  });

  it("reports a throwing cluster as a failed command and carries on", async () => {
    const result = await run('kubectl throw\necho "[$?]"\n');
    expect(result.stdout).toBe("[1]\n");
    expect(result.stderr).toMatch(/^kubesim: internal error in kubectl: Error: invariant broken\n/);
  });

  it("removes its temp dir, socket included, after the script ends", async () => {
    const ok = await run('dirname "$KUBESIM_SOCKET"\ntest -S "$KUBESIM_SOCKET" && echo socket\n');
    const [tempDir, socket] = ok.stdout.split("\n");
    expect(socket).toBe("socket");
    expect(existsSync(tempDir!)).toBe(false);

    const failed = await run('dirname "$KUBESIM_SOCKET"\nexit 1\n');
    expect(failed.exitCode).toBe(1);
    expect(existsSync(failed.stdout.trim())).toBe(false);
  });

  it("reads the script from standard input when SCRIPT is -", async () => {
    const cluster = new FakeCluster();
    const result = await runScript({
      cluster,
      script: "-",
      args: ["x", "y"],
      stdio: "pipe",
      input: 'echo "$1$2"\nkubectl echo done\n',
    });
    expect(result).toEqual({ exitCode: 0, stdout: "xy\ndone", stderr: "" });
  });

  it("reports a signal that ends bash as 128 + its number", async () => {
    const result = await run("kill -TERM $$\n");
    expect(result.exitCode).toBe(143);
  });
});

describe("runScript: network tools run on the machine outside the cluster", () => {
  it("routes curl, wget, nc, ping, nslookup, dig and getent hosts to the cluster's client", async () => {
    const script = [
      "curl -sS http://172.18.0.2:30080/",
      "wget -q -O- http://example.com/",
      "nc -z 172.18.0.2 30080",
      "ping -c 1 172.18.0.2",
      "nslookup example.com",
      "dig +short example.com",
      "getent hosts example.com",
      "",
    ].join("\n");
    const result = await run(script);
    expect(result.stderr).toBe("");
    expect(result.cluster.calls.map((c) => [c.command, ...c.argv])).toEqual([
      ["client", "curl", "-sS", "http://172.18.0.2:30080/"],
      ["client", "wget", "-q", "-O-", "http://example.com/"],
      ["client", "nc", "-z", "172.18.0.2", "30080"],
      ["client", "ping", "-c", "1", "172.18.0.2"],
      ["client", "nslookup", "example.com"],
      ["client", "dig", "+short", "example.com"],
      ["client", "getent", "hosts", "example.com"],
    ]);
  });

  it("passes a tool's stdout, stderr and exit code through verbatim", async () => {
    const result = await run(
      'out=$(curl --exit=28 -m 1 http://10.96.0.1/)\necho "[$?] <$out>"\nping --exit=1\necho "[$?]"\n',
    );
    expect(result.stdout).toBe("[28] <curl --exit=28 -m 1 http://10.96.0.1/>\nping --exit=1\n[1]\n");
    expect(result.stderr).toBe("curl: failed\nping: failed\n");
  });

  it("stops a set -e script at a failing curl, as a real curl failure would", async () => {
    const result = await run("set -e\ncurl --exit=7 http://x/\necho after\n");
    expect(result.stdout).toBe("curl --exit=7 http://x/\n");
    expect(result.exitCode).toBe(7);
  });

  it("gives nc and curl -d @- the script's standard input", async () => {
    const result = await run(
      "printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc 172.18.0.2 30080\necho '{\"a\":1}' | curl -d @- http://x/\n",
    );
    expect(result.cluster.calls).toEqual([
      { command: "client", argv: ["nc", "172.18.0.2", "30080"], stdin: "GET / HTTP/1.0\r\n\r\n" },
      { command: "client", argv: ["curl", "-d", "@-", "http://x/"], stdin: '{"a":1}\n' },
    ]);
  });

  it("leaves standard input to the loop around a tool that does not read it", async () => {
    const result = await run('while read -r host; do curl -s "http://$host/"; done\n', {
      input: "a\nb\nc\n",
    });
    expect(result.stdout).toBe("curl -s http://a/\ncurl -s http://b/\ncurl -s http://c/\n");
    expect(result.cluster.calls.every((c) => c.stdin === undefined)).toBe(true);
  });

  // Needs the real programs of a Linux machine; elsewhere there is nothing to fall through to.
  it.skipIf(!existsSync("/usr/bin/getent") || !existsSync("/usr/bin/curl"))(
    "runs the real getent for databases other than hosts, and real tools named by path",
    async () => {
      const script =
        "getent passwd root | cut -d: -f1\n/usr/bin/curl --version | head -n1 | cut -d' ' -f1\ntype -P getent\n";
      const result = await run(script);
      expect(result.cluster.calls).toEqual([]);
      const [user, curl, getentPath] = result.stdout.split("\n");
      expect(user).toBe("root");
      expect(curl).toBe("curl");
      // The shims shadow the names on PATH only.
      expect(getentPath).toMatch(/kubesim-.*\/bin\/getent$/);
    },
  );
});
