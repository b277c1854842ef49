import type { Pod } from "kubernetes-types/core/v1.js";
import { describe, expect, it } from "vitest";
import { admitServiceAccount, tokenVolume } from "./admitServiceAccount.js";

const mount = {
  mountPath: "/var/run/secrets/kubernetes.io/serviceaccount",
  name: "kube-api-access-x7k2p",
  readOnly: true,
};

function pod(spec: Partial<NonNullable<Pod["spec"]>> = {}): Pod {
  return {
    metadata: { name: "web", namespace: "shop" },
    spec: { containers: [{ name: "web", image: "nginx" }], ...spec },
  };
}

// plugin/pkg/admission/serviceaccount/admission_test.go (TestAssignsDefaultServiceAccountAndBoundTokenWithNoSecretTokens, ...)
describe("ServiceAccount admission", () => {
  it("sets serviceAccountName default and mounts the kube-api-access volume in every container", () => {
    const result = admitServiceAccount(pod({ initContainers: [{ name: "init", image: "busybox" }] }), {
      tokenVolumeName: "kube-api-access-x7k2p",
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const spec = result.object.spec!;
    expect(spec.serviceAccountName).toBe("default");
    expect(spec.serviceAccount).toBe("default");
    expect(spec.containers[0]!.volumeMounts).toEqual([mount]);
    expect(spec.initContainers![0]!.volumeMounts).toEqual([mount]);
    expect(spec.volumes).toEqual([
      {
        name: "kube-api-access-x7k2p",
        projected: {
          defaultMode: 420,
          sources: [
            { serviceAccountToken: { expirationSeconds: 3607, path: "token" } },
            { configMap: { items: [{ key: "ca.crt", path: "ca.crt" }], name: "kube-root-ca.crt" } },
            {
              downwardAPI: {
                items: [
                  { fieldRef: { apiVersion: "v1", fieldPath: "metadata.namespace" }, path: "namespace" },
                ],
              },
            },
          ],
        },
      },
    ]);
  });

  it("keeps a named service account", () => {
    const result = admitServiceAccount(pod({ serviceAccountName: "builder" }), {
      tokenVolumeName: "kube-api-access-x7k2p",
    });
    expect(result.ok && result.object.spec!.serviceAccountName).toBe("builder");
  });

  it("mounts nothing when automountServiceAccountToken is false on the pod or the service account", () => {
    for (const [spec, saAutomount] of [
      [{ automountServiceAccountToken: false }, undefined],
      [{}, false],
    ] as const) {
      const result = admitServiceAccount(pod(spec), {
        tokenVolumeName: "v",
        serviceAccountAutomount: saAutomount,
      });
      expect(result.ok && result.object.spec!.volumes).toBeUndefined();
      expect(result.ok && result.object.spec!.serviceAccountName).toBe("default");
    }
  });

  it("skips containers that already mount something at the token path", () => {
    const own = { name: "own", mountPath: "/var/run/secrets/kubernetes.io/serviceaccount" };
    const result = admitServiceAccount(
      pod({ containers: [{ name: "web", image: "nginx", volumeMounts: [own] }] }),
      {
        tokenVolumeName: "kube-api-access-x7k2p",
      },
    );
    expect(result.ok && result.object.spec!.containers[0]!.volumeMounts).toEqual([own]);
    expect(result.ok && result.object.spec!.volumes).toBeUndefined();
  });

  it("reuses an existing kube-api-access volume instead of adding another", () => {
    const result = admitServiceAccount(pod({ volumes: [tokenVolume("kube-api-access-old11")] }), {
      tokenVolumeName: "new",
    });
    expect(result.ok && result.object.spec!.volumes!.map((v) => v.name)).toEqual(["kube-api-access-old11"]);
    expect(result.ok && result.object.spec!.containers[0]!.volumeMounts![0]!.name).toBe(
      "kube-api-access-old11",
    );
  });

  it("refuses a pod whose service account does not exist", () => {
    expect(
      admitServiceAccount(pod({ serviceAccountName: "ghost" }), {
        tokenVolumeName: "v",
        serviceAccountExists: false,
      }),
    ).toEqual({
      ok: false,
      message: 'error looking up service account shop/ghost: serviceaccount "ghost" not found',
    });
  });

  it("leaves mirror pods alone", () => {
    const mirror: Pod = {
      ...pod(),
      metadata: { name: "etcd", annotations: { "kubernetes.io/config.mirror": "x" } },
    };
    expect(admitServiceAccount(mirror, { tokenVolumeName: "v" })).toEqual({ ok: true, object: mirror });
  });
});
