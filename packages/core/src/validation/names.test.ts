import { describe, expect, it } from "vitest";
import { errorString, path } from "./field.js";
import {
  isCIdentifier,
  isDNS1035Label,
  isDNS1123Label,
  isDNS1123Subdomain,
  isInRange,
  isQualifiedName,
  isValidLabelValue,
  isValidPortName,
  isValidPortNum,
  isWildcardDNS1123Subdomain,
  nameIsDNS1035Label,
  nameIsDNSLabel,
  nameIsDNSSubdomain,
  regexError,
  validateAnnotations,
  validateLabels,
  validateObjectMeta,
} from "./names.js";

// Messages from k8s.io/apimachinery/pkg/util/validation/validation.go (Kubernetes 1.33 wording).
const DNS1123_LABEL_MSG =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const DNS1123_SUBDOMAIN_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const DNS1035_LABEL_MSG =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
const NAME_PART_MSG =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const LABEL_VALUE_MSG =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

describe("regexError (validation.RegexError)", () => {
  it("keeps Kubernetes' double space before 'or'", () => {
    expect(regexError("m", "f", "a", "b")).toBe("m (e.g. 'a',  or 'b', regex used for validation is 'f')");
    expect(regexError("m", "f")).toBe("m (regex used for validation is 'f')");
  });
});

describe("isDNS1123Label", () => {
  it("accepts lower-case alphanumerics and inner dashes up to 63 characters", () => {
    expect(isDNS1123Label("my-name")).toEqual([]);
    expect(isDNS1123Label("123-abc")).toEqual([]);
    expect(isDNS1123Label("a".repeat(63))).toEqual([]);
  });

  it("rejects with the RFC 1123 label message", () => {
    expect(isDNS1123Label("My_Name")).toEqual([DNS1123_LABEL_MSG]);
    expect(isDNS1123Label("-a")).toEqual([DNS1123_LABEL_MSG]);
    expect(isDNS1123Label("")).toEqual([DNS1123_LABEL_MSG]);
  });

  it("says only 'must not contain dots' for a valid subdomain", () => {
    expect(isDNS1123Label("a.b")).toEqual(["must not contain dots"]);
  });

  it("reports the length limit in addition to the format", () => {
    expect(isDNS1123Label("a".repeat(64))).toEqual(["must be no more than 63 characters"]);
    expect(isDNS1123Label("A".repeat(64))).toEqual(["must be no more than 63 characters", DNS1123_LABEL_MSG]);
  });

  it("counts bytes, not UTF-16 units, for the length limit", () => {
    expect(isDNS1123Label("é".repeat(32))).toEqual(["must be no more than 63 characters", DNS1123_LABEL_MSG]);
  });
});

describe("isDNS1123Subdomain / isDNS1035Label / isWildcardDNS1123Subdomain", () => {
  it("accepts dotted names up to 253 characters", () => {
    expect(isDNS1123Subdomain("example.com")).toEqual([]);
    expect(isDNS1123Subdomain("a..b")).toEqual([DNS1123_SUBDOMAIN_MSG]);
    expect(isDNS1123Subdomain("b".repeat(254))).toEqual(["must be no more than 253 characters"]);
  });

  it("requires a leading letter for DNS-1035 labels (Service names)", () => {
    expect(isDNS1035Label("abc-123")).toEqual([]);
    expect(isDNS1035Label("1abc")).toEqual([DNS1035_LABEL_MSG]);
    expect(isDNS1035Label("my_svc")).toEqual([DNS1035_LABEL_MSG]);
  });

  it("checks wildcard hosts", () => {
    expect(isWildcardDNS1123Subdomain("*.example.com")).toEqual([]);
    expect(isWildcardDNS1123Subdomain("*.*.example.com")).toEqual([
      "a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must consist of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character (e.g. '*.example.com', regex used for validation is '\\*\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
    ]);
  });
});

describe("isQualifiedName (label and annotation keys)", () => {
  it("accepts a name with an optional DNS subdomain prefix", () => {
    expect(isQualifiedName("app")).toEqual([]);
    expect(isQualifiedName("app.kubernetes.io/name")).toEqual([]);
    expect(isQualifiedName("My.Name_1")).toEqual([]);
  });

  it("reports each broken rule of prefix and name", () => {
    expect(isQualifiedName("-app")).toEqual([NAME_PART_MSG]);
    expect(isQualifiedName("/a")).toEqual(["prefix part must be non-empty"]);
    expect(isQualifiedName("Example.com/")).toEqual([
      `prefix part ${DNS1123_SUBDOMAIN_MSG}`,
      "name part must be non-empty",
      NAME_PART_MSG,
    ]);
    expect(isQualifiedName("example.com/" + "n".repeat(64))).toEqual([
      "name part must be no more than 63 characters",
    ]);
  });

  it("rejects more than one '/' with the 1.33 'a qualified name' message", () => {
    expect(isQualifiedName("a/b/c")).toEqual([
      "a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
    ]);
  });
});

describe("isValidLabelValue", () => {
  it("accepts the empty string and qualified-name-like values", () => {
    expect(isValidLabelValue("")).toEqual([]);
    expect(isValidLabelValue("my_value.1")).toEqual([]);
  });

  it("rejects other values", () => {
    expect(isValidLabelValue("-x")).toEqual([LABEL_VALUE_MSG]);
    expect(isValidLabelValue("a/b")).toEqual([LABEL_VALUE_MSG]);
    expect(isValidLabelValue("v".repeat(64))).toEqual(["must be no more than 63 characters"]);
  });
});

describe("isValidPortName / isValidPortNum / isInRange / isCIdentifier", () => {
  it("checks IANA service names rule by rule", () => {
    expect(isValidPortName("http")).toEqual([]);
    expect(isValidPortName("h2c-1")).toEqual([]);
    expect(isValidPortName("-1--")).toEqual([
      "must contain at least one letter (a-z)",
      "must not contain consecutive hyphens",
      "must not begin or end with a hyphen",
    ]);
    expect(isValidPortName("abcdefghijklmnop")).toEqual(["must be no more than 15 characters"]);
    expect(isValidPortName("HTTP")).toEqual([
      "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)",
      "must contain at least one letter (a-z)",
    ]);
    expect(isValidPortName("")).toEqual([
      "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)",
      "must contain at least one letter (a-z)",
    ]);
  });

  it("checks port numbers and ranges", () => {
    expect(isValidPortNum(1)).toEqual([]);
    expect(isValidPortNum(65535)).toEqual([]);
    expect(isValidPortNum(0)).toEqual(["must be between 1 and 65535, inclusive"]);
    expect(isValidPortNum(65536)).toEqual(["must be between 1 and 65535, inclusive"]);
    expect(isInRange(29999, 30000, 32767)).toEqual(["must be between 30000 and 32767, inclusive"]);
    expect(isInRange(30000, 30000, 32767)).toEqual([]);
  });

  it("checks C identifiers", () => {
    expect(isCIdentifier("_my_name1")).toEqual([]);
    expect(isCIdentifier("1abc")).toEqual([
      "a valid C identifier must start with alphabetic character or '_', followed by a string of alphanumeric characters or '_' (e.g. 'my_name',  or 'MY_NAME',  or 'MyName', regex used for validation is '[A-Za-z_][A-Za-z0-9_]*')",
    ]);
  });
});

describe("validateLabels (metav1validation.ValidateLabels)", () => {
  it("reports keys and values at the labels path itself, keys in sorted order", () => {
    const errs = validateLabels({ ok: "-v", "Bad Key": "v", "x/y/z": "" }, path("metadata", "labels"));
    expect(errs.map(errorString)).toEqual([
      `metadata.labels: Invalid value: "Bad Key": ${NAME_PART_MSG}`,
      `metadata.labels: Invalid value: "-v": ${LABEL_VALUE_MSG}`,
      `metadata.labels: Invalid value: "x/y/z": ${isQualifiedName("a/b/c")[0]}`,
    ]);
  });

  it("accepts valid labels and a missing map", () => {
    expect(validateLabels({ app: "web", "app.kubernetes.io/name": "" }, path("metadata", "labels"))).toEqual(
      [],
    );
    expect(validateLabels(undefined, path("metadata", "labels"))).toEqual([]);
  });
});

describe("validateAnnotations (ValidateAnnotations)", () => {
  it("checks keys case-insensitively but reports the key as written", () => {
    expect(validateAnnotations({ "Example.COM/Key": "v" }, path("metadata", "annotations"))).toEqual([]);
    expect(validateAnnotations({ "Bad Key": "v" }, path("metadata", "annotations")).map(errorString)).toEqual(
      [`metadata.annotations: Invalid value: "Bad Key": ${NAME_PART_MSG}`],
    );
  });

  it("limits keys plus values to 256 KiB, counted in bytes", () => {
    const p = path("metadata", "annotations");
    expect(validateAnnotations({ a: "x".repeat(262143) }, p)).toEqual([]);
    expect(validateAnnotations({ a: "x".repeat(262144) }, p).map(errorString)).toEqual([
      "metadata.annotations: Too long: may not be more than 262144 bytes",
    ]);
    expect(validateAnnotations({ a: "é".repeat(131072) }, p)).toHaveLength(1);
  });
});

describe("name functions (ValidateNameFunc)", () => {
  it("accept a generateName prefix ending in '-'", () => {
    expect(nameIsDNSSubdomain("web-", true)).toEqual([]);
    expect(nameIsDNSLabel("web-", true)).toEqual([]);
    expect(nameIsDNS1035Label("web-", true)).toEqual([]);
    expect(nameIsDNSSubdomain("web-", false)).toEqual([DNS1123_SUBDOMAIN_MSG]);
  });

  it("mask the last two characters like Kubernetes' maskTrailingDash", () => {
    // "a1-" becomes "a" + "a": fine; "1-" becomes "a": fine for DNS-1035 even though "1" is not.
    expect(nameIsDNS1035Label("1-", true)).toEqual([]);
    expect(nameIsDNS1035Label("1", true)).toEqual([DNS1035_LABEL_MSG]);
  });

  it("still rejects a prefix that is invalid before its last characters", () => {
    expect(nameIsDNS1035Label("My-", true)).toEqual([DNS1035_LABEL_MSG]);
    expect(nameIsDNSSubdomain("-", true)).toEqual([DNS1123_SUBDOMAIN_MSG]);
  });
});

describe("validateObjectMeta (ValidateObjectMeta on create)", () => {
  const service = { requiresNamespace: true, nameFn: nameIsDNS1035Label } as const;

  it("accepts a well-formed namespaced object", () => {
    expect(
      validateObjectMeta(
        { name: "web", namespace: "default", labels: { app: "web" } },
        service,
        path("metadata"),
      ),
    ).toEqual([]);
  });

  it("reports the Service name rule with Kubernetes' text", () => {
    expect(
      validateObjectMeta({ name: "My_Svc", namespace: "default" }, service, path("metadata")).map(
        errorString,
      ),
    ).toEqual([`metadata.name: Invalid value: "My_Svc": ${DNS1035_LABEL_MSG}`]);
  });

  it("requires a name or generateName, and a namespace for namespaced kinds", () => {
    expect(validateObjectMeta({}, service, path("metadata")).map(errorString)).toEqual([
      "metadata.name: Required value: name or generateName is required",
      "metadata.namespace: Required value",
    ]);
  });

  it("checks generateName as a prefix and the generated name in full, in that order", () => {
    const errs = validateObjectMeta(
      { generateName: "Web-", name: "Web-x1", namespace: "default" },
      service,
      path("metadata"),
    );
    expect(errs.map(errorString)).toEqual([
      `metadata.generateName: Invalid value: "Web-": ${DNS1035_LABEL_MSG}`,
      `metadata.name: Invalid value: "Web-x1": ${DNS1035_LABEL_MSG}`,
    ]);
  });

  it("forbids a namespace on cluster-scoped kinds and checks namespaces as DNS labels", () => {
    const clusterScoped = { requiresNamespace: false, nameFn: nameIsDNSSubdomain } as const;
    expect(
      validateObjectMeta({ name: "n", namespace: "x" }, clusterScoped, path("metadata")).map(errorString),
    ).toEqual(["metadata.namespace: Forbidden: not allowed on this type"]);
    expect(
      validateObjectMeta({ name: "n", namespace: "a.b" }, service, path("metadata")).map(errorString),
    ).toEqual(['metadata.namespace: Invalid value: "a.b": must not contain dots']);
  });

  it("rejects a negative generation and checks labels and annotations", () => {
    const errs = validateObjectMeta(
      {
        name: "web",
        namespace: "default",
        generation: -1,
        labels: { app: "-x" },
        annotations: { "a/b/c": "" },
      },
      service,
      path("metadata"),
    );
    expect(errs.map((e) => e.field)).toEqual([
      "metadata.generation",
      "metadata.labels",
      "metadata.annotations",
    ]);
    expect(errorString(errs[0]!)).toBe(
      "metadata.generation: Invalid value: -1: must be greater than or equal to 0",
    );
  });
});
