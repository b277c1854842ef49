import fc from "fast-check";
import type { Service } from "kubernetes-types/core/v1.js";
import { describe, expect, it } from "vitest";
import { ServiceSelectorIndex } from "./ServiceSelectorIndex.js";

function svc(name: string, selector: Record<string, string> | undefined, namespace = "default"): Service {
  return { metadata: { name, namespace }, spec: selector ? { selector } : {} };
}

describe("ServiceSelectorIndex", () => {
  it("finds the Services whose whole selector a pod's labels match, in its namespace only", () => {
    const index = new ServiceSelectorIndex();
    index.set(svc("web", { app: "web" }));
    index.set(svc("web-v2", { app: "web", version: "v2" }));
    index.set(svc("all", {}));
    index.set(svc("manual", undefined));
    index.set(svc("web", { app: "web" }, "other"));
    expect(index.servicesFor("default", { app: "web" })).toEqual(["all", "web"]);
    expect(index.servicesFor("default", { app: "web", version: "v2" })).toEqual(["all", "web", "web-v2"]);
    expect(index.servicesFor("default", undefined)).toEqual(["all"]);
    index.set(svc("web", { app: "api" }));
    index.delete("default", "all");
    expect(index.servicesFor("default", { app: "web" })).toEqual([]);
    expect(index.servicesFor("default", { app: "api" })).toEqual(["web"]);
  });

  it("agrees with checking every Service (property)", () => {
    const labels = fc.dictionary(fc.constantFrom("a", "b", "c"), fc.constantFrom("1", "2"), { maxKeys: 3 });
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom("s1", "s2", "s3", "s4"), fc.option(labels)), { maxLength: 12 }),
        labels,
        (writes, podLabels) => {
          const index = new ServiceSelectorIndex();
          const last = new Map<string, Record<string, string> | null>();
          for (const [name, selector] of writes) {
            index.set(svc(name, selector ?? undefined));
            last.set(name, selector);
          }
          const want = [...last]
            .filter(([, sel]) => sel !== null && Object.entries(sel).every(([k, v]) => podLabels[k] === v))
            .map(([n]) => n)
            .sort();
          expect(index.servicesFor("default", podLabels)).toEqual(want);
        },
      ),
    );
  });
});
