/** Cases from the doc comment of k8s.io/kubectl/pkg/cmd/get/customcolumn.go `RelaxedJSONPathExpression`. */
import { describe, expect, it } from "vitest";
import { relaxedJsonPathExpression } from "./relaxedJsonPathExpression.js";

describe("relaxedJsonPathExpression", () => {
  it.each([
    ["metadata.name", "{.metadata.name}"],
    ["{metadata.name}", "{.metadata.name}"],
    [".metadata.name", "{.metadata.name}"],
    ["{.metadata.name}", "{.metadata.name}"],
    [
      ".status.addresses[?(@.type=='InternalIP')].address",
      "{.status.addresses[?(@.type=='InternalIP')].address}",
    ],
    ["", ""],
  ])("%j becomes %j", (spec, expression) => {
    expect(relaxedJsonPathExpression(spec)).toEqual({ ok: true, expression });
  });

  it.each(["{.a}{.b}", "{.a", "a}"])("rejects %j", (spec) => {
    expect(relaxedJsonPathExpression(spec)).toEqual({
      ok: false,
      error:
        "unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' or '{.name1.name2}'",
    });
  });
});
