import type { Service, ServiceSpec } from "kubernetes-types/core/v1.js";
import { describe, expect, it } from "vitest";
import { errorString } from "../../validation/field.js";
import { initServiceIPFamilyFields } from "./initIPFamilyFields.js";

// pkg/registry/core/service/storage/alloc.go initIPFamilyFields; cases after
// pkg/registry/core/service/storage/storage_test.go TestCreateInitIPFields / TestUpdateDryRun...
function svc(spec: ServiceSpec): Service {
  return {
    metadata: { name: "web", namespace: "default" },
    spec: { type: "ClusterIP", selector: { app: "web" }, ...spec },
  };
}

function families(result: ReturnType<typeof initServiceIPFamilyFields>): [unknown, unknown] {
  return [result.service.spec?.ipFamilyPolicy, result.service.spec?.ipFamilies];
}

describe("initServiceIPFamilyFields (alloc.go initIPFamilyFields)", () => {
  it.each<[string, ServiceSpec, readonly ("IPv4" | "IPv6")[], [unknown, unknown]]>([
    ["nothing set, single-stack IPv4", {}, ["IPv4"], ["SingleStack", ["IPv4"]]],
    ["nothing set, single-stack IPv6", {}, ["IPv6"], ["SingleStack", ["IPv6"]]],
    ["nothing set, dual-stack: still single-stack", {}, ["IPv4", "IPv6"], ["SingleStack", ["IPv4"]]],
    [
      "PreferDualStack on a single-stack cluster stays single",
      { ipFamilyPolicy: "PreferDualStack" },
      ["IPv4"],
      ["PreferDualStack", ["IPv4"]],
    ],
    [
      "PreferDualStack on a dual-stack cluster",
      { ipFamilyPolicy: "PreferDualStack" },
      ["IPv4", "IPv6"],
      ["PreferDualStack", ["IPv4", "IPv6"]],
    ],
    [
      "RequireDualStack, IPv6 first",
      { ipFamilyPolicy: "RequireDualStack", ipFamilies: ["IPv6"] },
      ["IPv4", "IPv6"],
      ["RequireDualStack", ["IPv6", "IPv4"]],
    ],
    [
      "family inferred from the clusterIP",
      { clusterIP: "fd00::10", clusterIPs: ["fd00::10"] },
      ["IPv4", "IPv6"],
      ["SingleStack", ["IPv6"]],
    ],
    [
      "headless without selector defaults to RequireDualStack, even on a single-stack cluster",
      { clusterIP: "None", clusterIPs: ["None"], selector: {} },
      ["IPv4"],
      ["RequireDualStack", ["IPv4", "IPv6"]],
    ],
    [
      "headless with selector is SingleStack",
      { clusterIP: "None", clusterIPs: ["None"] },
      ["IPv4", "IPv6"],
      ["SingleStack", ["IPv4"]],
    ],
  ])("%s", (_, spec, cluster, expected) => {
    const result = initServiceIPFamilyFields(svc(spec), undefined, cluster);
    expect(result.errors).toEqual([]);
    expect(families(result)).toEqual(expected);
  });

  it("leaves ExternalName Services alone", () => {
    const input = svc({ type: "ExternalName", externalName: "example.com" });
    expect(initServiceIPFamilyFields(input, undefined, ["IPv4"])).toEqual({ service: input, errors: [] });
  });

  it("on update keeps the stored policy when the request has none", () => {
    const old = svc({
      ipFamilyPolicy: "PreferDualStack",
      ipFamilies: ["IPv4"],
      clusterIP: "10.96.0.5",
      clusterIPs: ["10.96.0.5"],
    });
    const result = initServiceIPFamilyFields(
      svc({ ipFamilies: ["IPv4"], clusterIP: "10.96.0.5", clusterIPs: ["10.96.0.5"] }),
      old,
      ["IPv4", "IPv6"],
    );
    expect(families(result)).toEqual(["PreferDualStack", ["IPv4", "IPv6"]]);
  });

  it("an unchanged PreferDualStack Service is not upgraded when the cluster becomes dual-stack", () => {
    const spec: ServiceSpec = {
      ipFamilyPolicy: "PreferDualStack",
      ipFamilies: ["IPv4"],
      clusterIP: "10.96.0.5",
      clusterIPs: ["10.96.0.5"],
    };
    const result = initServiceIPFamilyFields(svc(spec), svc(spec), ["IPv4", "IPv6"]);
    expect(families(result)).toEqual(["PreferDualStack", ["IPv4"]]);
  });

  it("on update, SingleStack with unchanged dual-stack lists trims them to the primary (downgrade)", () => {
    const dual: ServiceSpec = {
      ipFamilyPolicy: "RequireDualStack",
      ipFamilies: ["IPv4", "IPv6"],
      clusterIP: "10.96.0.5",
      clusterIPs: ["10.96.0.5", "fd00::5"],
    };
    const result = initServiceIPFamilyFields(svc({ ...dual, ipFamilyPolicy: "SingleStack" }), svc(dual), [
      "IPv4",
      "IPv6",
    ]);
    expect(result.errors).toEqual([]);
    expect(result.service.spec?.clusterIPs).toEqual(["10.96.0.5"]);
    expect(result.service.spec?.ipFamilies).toEqual(["IPv4"]);
  });

  it("reports ValidateServiceClusterIPsRelatedFields errors before anything else", () => {
    const result = initServiceIPFamilyFields(
      svc({ ipFamilyPolicy: "RequireDualStack", clusterIP: "1.2.3.4", clusterIPs: ["1.2.3.4", "5.6.7.8"] }),
      undefined,
      ["IPv4"],
    );
    expect(result.errors.map(errorString)).toEqual([
      'spec.clusterIPs: Invalid value: []string{"1.2.3.4", "5.6.7.8"}: may specify no more than one IP for each IP family',
    ]);
  });

  it("does not mutate its input", () => {
    const input = Object.freeze(svc({ ipFamilyPolicy: "PreferDualStack" }));
    initServiceIPFamilyFields(input, undefined, ["IPv4", "IPv6"]);
    expect(input.spec?.ipFamilies).toBeUndefined();
  });
});
