import { describe, expect, it } from "vitest";
import {
  aggregateErrors,
  duplicate,
  errorBody,
  errorString,
  forbidden,
  goRepr,
  internalError,
  invalid,
  notFound,
  notSupported,
  path,
  required,
  tooLong,
  tooMany,
} from "./field.js";

// Behaviour of k8s.io/apimachinery/pkg/util/validation/field (path.go, errors.go), Kubernetes 1.33.
describe("FieldPath (field/path.go)", () => {
  it("joins children with dots and subscripts with brackets", () => {
    expect(path("spec").child("ports").index(0).child("port").toString()).toBe("spec.ports[0].port");
    expect(path("metadata").child("labels").key("app").toString()).toBe("metadata.labels[app]");
    expect(path("metadata", "labels").toString()).toBe("metadata.labels");
    expect(path("spec").child("template", "spec").toString()).toBe("spec.template.spec");
  });

  it("does not quote map keys", () => {
    expect(path("metadata", "annotations").key("example.com/a b").toString()).toBe(
      "metadata.annotations[example.com/a b]",
    );
  });

  it("is immutable: extending a path leaves the original unchanged", () => {
    const spec = path("spec");
    spec.child("ports");
    expect(spec.toString()).toBe("spec");
  });
});

describe("errorString / errorBody (field.Error)", () => {
  const p = path("spec", "ports").index(0).child("port");

  it("prints Invalid with the value formatted as Go does", () => {
    expect(errorString(invalid(p, 0, "must be between 1 and 65535, inclusive"))).toBe(
      "spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive",
    );
    expect(errorBody(invalid(p, "My_Svc", "bad"))).toBe('Invalid value: "My_Svc": bad');
    expect(errorBody(invalid(p, true, "bad"))).toBe("Invalid value: true: bad");
    expect(errorBody(invalid(p, null, "either `defaultBackend` or `rules` must be specified"))).toBe(
      "Invalid value: null: either `defaultBackend` or `rules` must be specified",
    );
    expect(errorBody(invalid(p, ["10.0.0.1"], "x"))).toBe('Invalid value: []string{"10.0.0.1"}: x');
    expect(errorBody(invalid(p, ["a", "b"], "x"))).toBe('Invalid value: []string{"a", "b"}: x');
    expect(errorBody(invalid(p, [], "x"))).toBe("Invalid value: []string{}: x");
    expect(errorBody(invalid(p, goRepr("[]int32{80, 443}"), "x"))).toBe("Invalid value: []int32{80, 443}: x");
    expect(errorBody(invalid(p, 9007199254740993n, "x"))).toBe("Invalid value: 9007199254740993: x");
  });

  it("prints floats as Go's %v (exponent form from 1e+06 and below 1e-04)", () => {
    // Printed by Go's fmt %v for the same float64 values.
    expect(errorBody(invalid(p, 1.5, "x"))).toBe("Invalid value: 1.5: x");
    expect(errorBody(invalid(p, 1234567.5, "x"))).toBe("Invalid value: 1.2345675e+06: x");
    expect(errorBody(invalid(p, 0.00001, "x"))).toBe("Invalid value: 1e-05: x");
    expect(errorBody(invalid(p, 0.0001, "x"))).toBe("Invalid value: 0.0001: x");
  });

  it("escapes strings with strconv.Quote", () => {
    expect(errorBody(invalid(p, 'a"b\n', "x"))).toBe('Invalid value: "a\\"b\\n": x');
  });

  it("prints Required with and without a detail", () => {
    expect(errorString(required(path("spec", "ports").index(1).child("name")))).toBe(
      "spec.ports[1].name: Required value",
    );
    expect(errorString(required(path("metadata", "name"), "name or generateName is required"))).toBe(
      "metadata.name: Required value: name or generateName is required",
    );
  });

  it("prints Forbidden, Duplicate, NotFound and InternalError", () => {
    expect(errorString(forbidden(path("metadata", "namespace"), "not allowed on this type"))).toBe(
      "metadata.namespace: Forbidden: not allowed on this type",
    );
    expect(errorString(duplicate(path("spec", "ports").index(1), "TCP/80"))).toBe(
      'spec.ports[1]: Duplicate value: "TCP/80"',
    );
    expect(errorString(notFound(path("spec", "volumes"), "data"))).toBe('spec.volumes: Not found: "data"');
    expect(errorString(internalError(path("spec"), "boom"))).toBe("spec: Internal error: boom");
  });

  it("prints NotSupported with strconv-quoted choices", () => {
    expect(errorString(notSupported(path("spec", "type"), "Foo", ["ClusterIP", "NodePort"]))).toBe(
      'spec.type: Unsupported value: "Foo": supported values: "ClusterIP", "NodePort"',
    );
    expect(errorBody(notSupported(path("spec", "type"), "Foo", []))).toBe('Unsupported value: "Foo"');
  });

  it("prints TooLong with the 1.33 wording and never the value", () => {
    expect(errorString(tooLong(path("metadata", "annotations"), 262144))).toBe(
      "metadata.annotations: Too long: may not be more than 262144 bytes",
    );
    expect(errorBody(tooLong(path("x"), -1))).toBe("Too long: value is too long");
  });

  it("prints TooMany with the count, or without it when the count is unknown", () => {
    expect(errorBody(tooMany(path("spec", "ports"), 5, 3))).toBe("Too many: 5: must have at most 3 items");
    expect(errorBody(tooMany(path("spec", "ports"), -1, 3))).toBe("Too many: must have at most 3 items");
    expect(errorBody(tooMany(path("spec", "ports"), 5, -1))).toBe("Too many: 5: too many items");
  });

  it("prints a nil path as <nil>, as Go does for (*Path)(nil)", () => {
    expect(errorString(invalid(null, "a:", "bad"))).toBe('<nil>: Invalid value: "a:": bad');
  });

  it("carries the machine-readable type and path for Status causes", () => {
    expect(required(path("spec", "selector"))).toEqual({
      type: "FieldValueRequired",
      field: "spec.selector",
      badValue: "",
      detail: "",
    });
  });
});

describe("aggregateErrors (ErrorList.ToAggregate)", () => {
  const a = required(path("a"));
  const b = required(path("b"));

  it("prints one error bare and several in brackets, dropping repeats", () => {
    expect(aggregateErrors([])).toBe("");
    expect(aggregateErrors([a])).toBe("a: Required value");
    expect(aggregateErrors([a, a])).toBe("a: Required value");
    expect(aggregateErrors([a, b, a])).toBe("[a: Required value, b: Required value]");
  });
});
