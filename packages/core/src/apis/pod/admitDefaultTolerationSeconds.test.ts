import type { Pod, Toleration } from "kubernetes-types/core/v1.js";
import { describe, expect, it } from "vitest";
import { admitDefaultTolerationSeconds } from "./admitDefaultTolerationSeconds.js";

const notReady = {
  effect: "NoExecute",
  key: "node.kubernetes.io/not-ready",
  operator: "Exists",
  tolerationSeconds: 300,
};
const unreachable = {
  effect: "NoExecute",
  key: "node.kubernetes.io/unreachable",
  operator: "Exists",
  tolerationSeconds: 300,
};

function pod(tolerations?: Toleration[]): Pod {
  return {
    metadata: { name: "web", namespace: "default" },
    spec: { containers: [{ name: "web", image: "nginx" }], tolerations },
  };
}

// plugin/pkg/admission/defaulttolerationseconds/admission_test.go TestForgivenessAdmission
describe("DefaultTolerationSeconds admission", () => {
  it("adds not-ready and unreachable NoExecute tolerations of 300 s to a pod without tolerations", () => {
    expect(admitDefaultTolerationSeconds(pod()).spec!.tolerations).toEqual([notReady, unreachable]);
  });

  it("keeps the pod's own toleration for a taint and adds only the missing one", () => {
    const own = {
      key: "node.kubernetes.io/not-ready",
      operator: "Exists",
      effect: "NoExecute",
      tolerationSeconds: 60,
    };
    expect(admitDefaultTolerationSeconds(pod([own])).spec!.tolerations).toEqual([own, unreachable]);
  });

  it("adds nothing when an empty key with Exists tolerates everything", () => {
    const input = pod([{ operator: "Exists" }]);
    expect(admitDefaultTolerationSeconds(input)).toBe(input);
  });

  it("still adds them when the existing toleration has another effect", () => {
    const noSchedule = { key: "node.kubernetes.io/not-ready", operator: "Exists", effect: "NoSchedule" };
    expect(admitDefaultTolerationSeconds(pod([noSchedule])).spec!.tolerations).toEqual([
      noSchedule,
      notReady,
      unreachable,
    ]);
  });

  it("uses the configured seconds (--default-not-ready-toleration-seconds)", () => {
    expect(
      admitDefaultTolerationSeconds(pod(), 30).spec!.tolerations!.map((t) => t.tolerationSeconds),
    ).toEqual([30, 30]);
  });
});
