import { describe, expect, it } from "vitest";
import { containerBehaviour, execOutcome, imageBaseName } from "./containerBehaviour.js";

describe("containerBehaviour", () => {
  it("knows servers by image: they run until stopped, listen on their port and handle SIGTERM", () => {
    const nginx = containerBehaviour("nginx");
    expect(nginx).toMatchObject({ runsForMs: undefined, listens: [80], onSigterm: "exit" });
    expect(containerBehaviour("docker.io/library/redis:7").listens).toEqual([6379]);
    expect(
      containerBehaviour("registry.k8s.io/e2e-test-images/agnhost:2.39", undefined, [
        "netexec",
        "--http-port=8080",
      ]).listens,
    ).toEqual([8080]);
    expect(
      containerBehaviour("registry.k8s.io/e2e-test-images/agnhost:2.39", undefined, ["serve-hostname"])
        .listens,
    ).toEqual([9376]);
    expect(
      containerBehaviour("hashicorp/http-echo", undefined, ["-listen=:8080", "-text=hi"]).listens,
    ).toEqual([8080]);
  });

  it("runs unknown images until stopped", () => {
    expect(containerBehaviour("example.com/team/app:v1").runsForMs).toBeUndefined();
  });

  it("models sleep N, true, false and exit N", () => {
    expect(containerBehaviour("busybox", ["sleep", "5"])).toMatchObject({
      runsForMs: 5000,
      exitCode: 0,
      onSigterm: "ignore",
    });
    expect(containerBehaviour("busybox", ["sleep", "1m", "30"])).toMatchObject({ runsForMs: 90_000 });
    expect(containerBehaviour("busybox", ["sleep", "infinity"]).runsForMs).toBeUndefined();
    expect(containerBehaviour("busybox", ["true"])).toMatchObject({ runsForMs: 0, exitCode: 0 });
    expect(containerBehaviour("busybox", ["false"])).toMatchObject({ runsForMs: 0, exitCode: 1 });
    expect(containerBehaviour("busybox", ["sh", "-c", "exit 3"])).toMatchObject({
      runsForMs: 0,
      exitCode: 3,
    });
  });

  it("runs sh -c scripts statement by statement, with && and ||", () => {
    expect(containerBehaviour("busybox", ["sh", "-c", "echo start; sleep 10; exit 1"])).toMatchObject({
      runsForMs: 10_000,
      exitCode: 1,
    });
    expect(containerBehaviour("busybox", ["sh", "-c", "false && sleep 10"])).toMatchObject({
      runsForMs: 0,
      exitCode: 1,
    });
    expect(containerBehaviour("busybox", ["sh", "-c", "false || sleep 2"])).toMatchObject({
      runsForMs: 2000,
      exitCode: 0,
    });
    expect(
      containerBehaviour("busybox", ["sh", "-c", "while true; do sleep 1; done"]).runsForMs,
    ).toBeUndefined();
    expect(
      containerBehaviour("busybox", ["/bin/sh", "-c", "trap 'exit 0' TERM; sleep 3600 & wait"]).onSigterm,
    ).toBe("exit");
  });

  it("lets shell images without a command exit at once, and takes args as their command line", () => {
    expect(containerBehaviour("busybox")).toMatchObject({ runsForMs: 0, exitCode: 0 });
    expect(containerBehaviour("busybox:1.36", undefined, ["sleep", "3600"])).toMatchObject({
      runsForMs: 3_600_000,
    });
  });

  it("lets network clients exit 0 after about a second, so kubectl run --restart=Never pods complete", () => {
    for (const argv of [
      ["wget", "-qO-", "http://web"],
      ["curl", "-s", "http://web:8080"],
      ["nc", "-z", "-w", "2", "web", "80"],
      ["ping", "-c", "3", "10.244.1.5"],
      ["nslookup", "web"],
      ["dig", "web.default.svc.cluster.local"],
      ["host", "web"],
      ["getent", "hosts", "web"],
    ]) {
      expect(containerBehaviour("busybox", argv), argv.join(" ")).toMatchObject({
        runsForMs: 1000,
        exitCode: 0,
        listens: [],
      });
    }
    // busybox's cmd is replaced by args; sh -c scripts and curlimages/curl's entrypoint alike.
    expect(containerBehaviour("busybox", undefined, ["wget", "-qO-", "http://web"]).runsForMs).toBe(1000);
    expect(containerBehaviour("busybox", ["sh", "-c", "wget -qO- web && sleep 2"]).runsForMs).toBe(3000);
    expect(containerBehaviour("curlimages/curl:8.5.0", undefined, ["-s", "http://web"]).runsForMs).toBe(1000);
  });

  it("keeps listeners and endless pings running until stopped", () => {
    expect(containerBehaviour("busybox", ["nc", "-l", "-p", "8080"]).runsForMs).toBeUndefined();
    expect(containerBehaviour("busybox", ["nc", "-lk", "-p", "8080"]).runsForMs).toBeUndefined();
    expect(containerBehaviour("busybox", ["ping", "10.244.1.5"]).runsForMs).toBeUndefined();
  });

  it("tracks files for exec probes (the Kubernetes docs' liveness example)", () => {
    const b = containerBehaviour("registry.k8s.io/busybox", undefined, [
      "/bin/sh",
      "-c",
      "touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600",
    ]);
    expect(b.runsForMs).toBe(630_000);
    expect(execOutcome(["cat", "/tmp/healthy"], b, 10_000)).toEqual({
      exitCode: 0,
      output: "",
      durationMs: 0,
    });
    expect(execOutcome(["cat", "/tmp/healthy"], b, 31_000)).toEqual({
      exitCode: 1,
      output: "cat: can't open '/tmp/healthy': No such file or directory\n",
      durationMs: 0,
    });
    expect(execOutcome(["sh", "-c", "test -f /tmp/healthy"], b, 31_000).exitCode).toBe(1);
  });

  it("names images by their last path element", () => {
    expect(imageBaseName("registry.k8s.io/e2e-test-images/agnhost:2.39")).toBe("agnhost");
    expect(imageBaseName("localhost:5000/nginx@sha256:abc")).toBe("nginx");
  });
});
