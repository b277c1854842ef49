/**
 * Name, label and annotation validation with Kubernetes' exact messages (Kubernetes 1.33):
 * - `is*` checks from `k8s.io/apimachinery/pkg/util/validation/validation.go`, each returning the list
 *   of failure messages (empty when valid);
 * - `validateLabelName` / `validateLabels` from `apimachinery/pkg/apis/meta/v1/validation/validation.go`;
 * - `validateAnnotations`, the `nameIs*` name functions and `validateObjectMeta` from
 *   `apimachinery/pkg/api/validation/objectmeta.go` and `generic.go`.
 *
 * Lengths are counted in UTF-8 bytes, as Go's `len` does.
 *
 * @module
 */

import { type FieldError, type FieldPath, forbidden, invalid, required, tooLong } from "./field.js";
import { compareGoStrings, utf8Length } from "./goStrings.js";

/** `validation.MaxLenError`: `must be no more than <n> characters`. */
export function maxLenError(length: number): string {
  return `must be no more than ${length} characters`;
}

/**
 * `validation.RegexError`: `<msg> (e.g. 'a',  or 'b', regex used for validation is '<fmt>')`.
 * The double space before `or` is Kubernetes' own (each example is followed by `, ` and then ` or `).
 */
export function regexError(msg: string, fmt: string, ...examples: string[]): string {
  if (examples.length === 0) return msg + " (regex used for validation is '" + fmt + "')";
  let out = msg + " (e.g. ";
  examples.forEach((example, i) => {
    if (i > 0) out += " or ";
    out += "'" + example + "', ";
  });
  return out + "regex used for validation is '" + fmt + "')";
}

/** `validation.EmptyError`: `must be non-empty`. */
export function emptyError(): string {
  return "must be non-empty";
}

/** `validation.InclusiveRangeError`: `must be between <lo> and <hi>, inclusive`. */
export function inclusiveRangeError(lo: number, hi: number): string {
  return `must be between ${lo} and ${hi}, inclusive`;
}

const QUALIFIED_NAME_FMT = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
const QUALIFIED_NAME_ERR_MSG =
  "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const QUALIFIED_NAME_MAX_LENGTH = 63;
const QUALIFIED_NAME_RE = new RegExp("^" + QUALIFIED_NAME_FMT + "$");

const LABEL_VALUE_FMT = "(" + QUALIFIED_NAME_FMT + ")?";
const LABEL_VALUE_ERR_MSG =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
/** `validation.LabelValueMaxLength`. */
export const LABEL_VALUE_MAX_LENGTH = 63;
const LABEL_VALUE_RE = new RegExp("^" + LABEL_VALUE_FMT + "$");

const DNS1123_LABEL_FMT = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
const DNS1123_LABEL_ERR_MSG =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character";
/** `validation.DNS1123LabelMaxLength`. */
export const DNS1123_LABEL_MAX_LENGTH = 63;
const DNS1123_LABEL_RE = new RegExp("^" + DNS1123_LABEL_FMT + "$");

const DNS1123_SUBDOMAIN_FMT = DNS1123_LABEL_FMT + "(\\." + DNS1123_LABEL_FMT + ")*";
const DNS1123_SUBDOMAIN_ERR_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
/** `validation.DNS1123SubdomainMaxLength`. */
export const DNS1123_SUBDOMAIN_MAX_LENGTH = 253;
const DNS1123_SUBDOMAIN_RE = new RegExp("^" + DNS1123_SUBDOMAIN_FMT + "$");

const DNS1035_LABEL_FMT = "[a-z]([-a-z0-9]*[a-z0-9])?";
const DNS1035_LABEL_ERR_MSG =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character";
/** `validation.DNS1035LabelMaxLength`. */
export const DNS1035_LABEL_MAX_LENGTH = 63;
const DNS1035_LABEL_RE = new RegExp("^" + DNS1035_LABEL_FMT + "$");

const WILDCARD_DNS1123_SUBDOMAIN_FMT = "\\*\\." + DNS1123_SUBDOMAIN_FMT;
const WILDCARD_DNS1123_SUBDOMAIN_ERR_MSG =
  "a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must consist of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character";
const WILDCARD_DNS1123_SUBDOMAIN_RE = new RegExp("^" + WILDCARD_DNS1123_SUBDOMAIN_FMT + "$");

const C_IDENTIFIER_FMT = "[A-Za-z_][A-Za-z0-9_]*";
const C_IDENTIFIER_ERR_MSG =
  "a valid C identifier must start with alphabetic character or '_', followed by a string of alphanumeric characters or '_'";
const C_IDENTIFIER_RE = new RegExp("^" + C_IDENTIFIER_FMT + "$");

const PORT_NAME_CHARSET_RE = /^[-a-z0-9]+$/;
const PORT_NAME_ONE_LETTER_RE = /[a-z]/;

/**
 * `validation.IsQualifiedName`: an optional DNS-subdomain prefix and `/`, then a name of at most 63
 * characters (`app`, `app.kubernetes.io/name`). Used for label keys, annotation keys and finalizers.
 * The wording for a key with several `/` is 1.33's ("a qualified name ..."; 1.35 says "a valid label key").
 */
export function isQualifiedName(value: string): string[] {
  const errs: string[] = [];
  const parts = value.split("/");
  let name: string;
  if (parts.length === 1) {
    name = parts[0]!;
  } else if (parts.length === 2) {
    const prefix = parts[0]!;
    name = parts[1]!;
    if (prefix.length === 0) errs.push("prefix part " + emptyError());
    else for (const msg of isDNS1123Subdomain(prefix)) errs.push("prefix part " + msg);
  } else {
    errs.push(
      "a qualified name " +
        regexError(QUALIFIED_NAME_ERR_MSG, QUALIFIED_NAME_FMT, "MyName", "my.name", "123-abc") +
        " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
    );
    return errs;
  }
  if (name.length === 0) errs.push("name part " + emptyError());
  else if (utf8Length(name) > QUALIFIED_NAME_MAX_LENGTH)
    errs.push("name part " + maxLenError(QUALIFIED_NAME_MAX_LENGTH));
  if (!QUALIFIED_NAME_RE.test(name)) {
    errs.push(
      "name part " + regexError(QUALIFIED_NAME_ERR_MSG, QUALIFIED_NAME_FMT, "MyName", "my.name", "123-abc"),
    );
  }
  return errs;
}

/** `validation.IsValidLabelValue`: empty, or at most 63 alphanumerics, `-`, `_`, `.` starting and ending alphanumeric. */
export function isValidLabelValue(value: string): string[] {
  const errs: string[] = [];
  if (utf8Length(value) > LABEL_VALUE_MAX_LENGTH) errs.push(maxLenError(LABEL_VALUE_MAX_LENGTH));
  if (!LABEL_VALUE_RE.test(value)) {
    errs.push(regexError(LABEL_VALUE_ERR_MSG, LABEL_VALUE_FMT, "MyValue", "my_value", "12345"));
  }
  return errs;
}

/**
 * `validation.IsDNS1123Label` (namespace names, port names of containers, ...): at most 63 lower-case
 * alphanumerics or `-`. A value that would be a valid subdomain fails with just `must not contain dots`.
 */
export function isDNS1123Label(value: string): string[] {
  const errs: string[] = [];
  if (utf8Length(value) > DNS1123_LABEL_MAX_LENGTH) errs.push(maxLenError(DNS1123_LABEL_MAX_LENGTH));
  if (!DNS1123_LABEL_RE.test(value)) {
    // A valid subdomain that is not a valid label can only differ by its dots (length was checked).
    if (DNS1123_SUBDOMAIN_RE.test(value)) errs.push("must not contain dots");
    else errs.push(regexError(DNS1123_LABEL_ERR_MSG, DNS1123_LABEL_FMT, "my-name", "123-abc"));
  }
  return errs;
}

/** `validation.IsDNS1123Subdomain` (most object names): at most 253 characters of dot-separated RFC 1123 labels. */
export function isDNS1123Subdomain(value: string): string[] {
  const errs: string[] = [];
  if (utf8Length(value) > DNS1123_SUBDOMAIN_MAX_LENGTH) errs.push(maxLenError(DNS1123_SUBDOMAIN_MAX_LENGTH));
  if (!DNS1123_SUBDOMAIN_RE.test(value)) {
    errs.push(regexError(DNS1123_SUBDOMAIN_ERR_MSG, DNS1123_SUBDOMAIN_FMT, "example.com"));
  }
  return errs;
}

/** `validation.IsDNS1035Label` (Service names): at most 63 characters, starting with a letter. */
export function isDNS1035Label(value: string): string[] {
  const errs: string[] = [];
  if (utf8Length(value) > DNS1035_LABEL_MAX_LENGTH) errs.push(maxLenError(DNS1035_LABEL_MAX_LENGTH));
  if (!DNS1035_LABEL_RE.test(value)) {
    errs.push(regexError(DNS1035_LABEL_ERR_MSG, DNS1035_LABEL_FMT, "my-name", "abc-123"));
  }
  return errs;
}

/** `validation.IsWildcardDNS1123Subdomain` (Ingress hosts such as `*.example.com`). */
export function isWildcardDNS1123Subdomain(value: string): string[] {
  const errs: string[] = [];
  if (utf8Length(value) > DNS1123_SUBDOMAIN_MAX_LENGTH) errs.push(maxLenError(DNS1123_SUBDOMAIN_MAX_LENGTH));
  if (!WILDCARD_DNS1123_SUBDOMAIN_RE.test(value)) {
    errs.push(
      regexError(WILDCARD_DNS1123_SUBDOMAIN_ERR_MSG, WILDCARD_DNS1123_SUBDOMAIN_FMT, "*.example.com"),
    );
  }
  return errs;
}

/** `validation.IsCIdentifier`: a C identifier (format only, no length limit). */
export function isCIdentifier(value: string): string[] {
  if (C_IDENTIFIER_RE.test(value)) return [];
  return [regexError(C_IDENTIFIER_ERR_MSG, C_IDENTIFIER_FMT, "my_name", "MY_NAME", "MyName")];
}

/** `validation.IsValidPortNum`: 1..65535. */
export function isValidPortNum(port: number): string[] {
  return port >= 1 && port <= 65535 ? [] : [inclusiveRangeError(1, 65535)];
}

/** `validation.IsInRange`: `min <= value <= max`. */
export function isInRange(value: number, min: number, max: number): string[] {
  return value >= min && value <= max ? [] : [inclusiveRangeError(min, max)];
}

/**
 * `validation.IsValidPortName` (an IANA_SVC_NAME, used for container and Service port names):
 * at most 15 characters of `[-a-z0-9]` with at least one letter, no `--`, no leading or trailing `-`.
 * Each broken rule adds its own message.
 */
export function isValidPortName(port: string): string[] {
  const errs: string[] = [];
  if (utf8Length(port) > 15) errs.push(maxLenError(15));
  if (!PORT_NAME_CHARSET_RE.test(port))
    errs.push("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)");
  if (!PORT_NAME_ONE_LETTER_RE.test(port)) errs.push("must contain at least one letter (a-z)");
  if (port.includes("--")) errs.push("must not contain consecutive hyphens");
  if (port.length > 0 && (port.startsWith("-") || port.endsWith("-")))
    errs.push("must not begin or end with a hyphen");
  return errs;
}

/** `metav1validation.ValidateLabelName`: one `Invalid value` error at `fldPath` per broken qualified-name rule. */
export function validateLabelName(labelName: string, fldPath: FieldPath): FieldError[] {
  return isQualifiedName(labelName).map((msg) => invalid(fldPath, labelName, msg));
}

/**
 * `metav1validation.ValidateLabels`: every key must be a qualified name and every value a valid label
 * value. Errors are reported at `fldPath` itself (e.g. `metadata.labels`), not at `fldPath[key]`, as
 * Kubernetes does. Go visits the map in random order; kubesim visits keys in sorted order.
 */
export function validateLabels(
  labels: Readonly<Record<string, string>> | null | undefined,
  fldPath: FieldPath,
): FieldError[] {
  const errs: FieldError[] = [];
  for (const key of sortedKeys(labels)) {
    const value = labels![key]!;
    errs.push(...validateLabelName(key, fldPath));
    for (const msg of isValidLabelValue(value)) errs.push(invalid(fldPath, value, msg));
  }
  return errs;
}

/** `TotalAnnotationSizeLimitB`: 256 KiB, the limit on the summed byte length of annotation keys and values. */
export const TOTAL_ANNOTATION_SIZE_LIMIT_BYTES = 256 * 1024;

/**
 * `ValidateAnnotations`: keys must be qualified names (checked lower-cased, so case does not matter)
 * and the keys and values together may not exceed {@link TOTAL_ANNOTATION_SIZE_LIMIT_BYTES}, reported as
 * `metadata.annotations: Too long: may not be more than 262144 bytes`.
 */
export function validateAnnotations(
  annotations: Readonly<Record<string, string>> | null | undefined,
  fldPath: FieldPath,
): FieldError[] {
  const errs: FieldError[] = [];
  let totalSize = 0;
  for (const key of sortedKeys(annotations)) {
    for (const msg of isQualifiedName(key.toLowerCase())) errs.push(invalid(fldPath, key, msg));
    totalSize += utf8Length(key) + utf8Length(annotations![key]!);
  }
  if (totalSize > TOTAL_ANNOTATION_SIZE_LIMIT_BYTES)
    errs.push(tooLong(fldPath, TOTAL_ANNOTATION_SIZE_LIMIT_BYTES));
  return errs;
}

/**
 * A `ValidateNameFunc`: checks an object name, returning the failure messages. `prefix` is true when the
 * value is a `generateName` prefix, which may end in `-` because random characters will follow.
 */
export type ValidateNameFunc = (name: string, prefix: boolean) => string[];

// maskTrailingDash in generic.go: replaces the last two characters with "a" when the name ends in "-".
// Go would panic on a one-character "-"; kubesim leaves such a name unmasked so it fails validation.
function maskTrailingDash(name: string): string {
  return name.length > 1 && name.endsWith("-") ? name.slice(0, -2) + "a" : name;
}

/** `NameIsDNSSubdomain`: the name rule of most kinds (Pod, Deployment, EndpointSlice, Ingress, ...). */
export const nameIsDNSSubdomain: ValidateNameFunc = (name, prefix) =>
  isDNS1123Subdomain(prefix ? maskTrailingDash(name) : name);

/** `NameIsDNSLabel`: the name rule of Namespaces (`ValidateNamespaceName`). */
export const nameIsDNSLabel: ValidateNameFunc = (name, prefix) =>
  isDNS1123Label(prefix ? maskTrailingDash(name) : name);

/** `NameIsDNS1035Label`: the name rule of Services (`ValidateServiceName`). */
export const nameIsDNS1035Label: ValidateNameFunc = (name, prefix) =>
  isDNS1035Label(prefix ? maskTrailingDash(name) : name);

/** The `metadata` fields {@link validateObjectMeta} checks. */
export interface ObjectMetaFields {
  readonly name?: string | null;
  readonly generateName?: string | null;
  readonly namespace?: string | null;
  readonly generation?: number | null;
  readonly labels?: Readonly<Record<string, string>> | null;
  readonly annotations?: Readonly<Record<string, string>> | null;
}

/** How {@link validateObjectMeta} treats a kind. */
export interface ObjectMetaValidationOptions {
  /** Whether the kind is namespaced (`metadata.namespace` required) or cluster-scoped (forbidden). */
  readonly requiresNamespace: boolean;
  /** The kind's name rule, e.g. {@link nameIsDNS1035Label} for Services. */
  readonly nameFn: ValidateNameFunc;
}

/**
 * `ValidateObjectMeta` on create (the path core kinds use), in Kubernetes' order: `generateName`
 * (checked as a prefix), `name` (`Required value: name or generateName is required` when empty),
 * `namespace`, `generation`, `labels`, `annotations`. Owner references, finalizers and managed fields
 * are not checked here.
 *
 * @param fldPath usually `path("metadata")`.
 */
export function validateObjectMeta(
  meta: ObjectMetaFields,
  opts: ObjectMetaValidationOptions,
  fldPath: FieldPath,
): FieldError[] {
  const errs: FieldError[] = [];
  const generateName = meta.generateName ?? "";
  if (generateName.length > 0) {
    const generateNamePath = fldPath.child("generateName");
    errs.push(...opts.nameFn(generateName, true).map((msg) => invalid(generateNamePath, generateName, msg)));
  }
  const name = meta.name ?? "";
  if (name.length === 0) {
    errs.push(required(fldPath.child("name"), "name or generateName is required"));
  } else {
    errs.push(...opts.nameFn(name, false).map((msg) => invalid(fldPath.child("name"), name, msg)));
  }
  const namespace = meta.namespace ?? "";
  const namespacePath = fldPath.child("namespace");
  if (opts.requiresNamespace && namespace.length === 0) {
    errs.push(required(namespacePath));
  } else if (opts.requiresNamespace) {
    errs.push(...nameIsDNSLabel(namespace, false).map((msg) => invalid(namespacePath, namespace, msg)));
  } else if (namespace.length > 0) {
    errs.push(forbidden(namespacePath, "not allowed on this type"));
  }
  const generation = meta.generation ?? 0;
  if (generation < 0) {
    errs.push(invalid(fldPath.child("generation"), generation, "must be greater than or equal to 0"));
  }
  errs.push(...validateLabels(meta.labels, fldPath.child("labels")));
  errs.push(...validateAnnotations(meta.annotations, fldPath.child("annotations")));
  return errs;
}

function sortedKeys(record: Readonly<Record<string, string>> | null | undefined): string[] {
  return record ? Object.keys(record).sort(compareGoStrings) : [];
}
