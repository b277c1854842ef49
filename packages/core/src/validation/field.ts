/**
 * Field paths and field errors, after Kubernetes' `k8s.io/apimachinery/pkg/util/validation/field`
 * (`path.go` and `errors.go`, Kubernetes 1.33). Every validation error kubesim reports is a
 * {@link FieldError}, and {@link errorString} prints it byte for byte as the API server does, e.g.
 * `spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive`.
 *
 * @module
 */

import { goQuote } from "./goStrings.js";

/**
 * The path from an object's root to one of its fields, as Go's `*field.Path`: built with
 * {@link path} and extended with {@link FieldPath.child}, {@link FieldPath.index} and
 * {@link FieldPath.key}. Paths are immutable; every method returns a new path.
 *
 * @example path("spec").child("ports").index(0).child("port").toString() === "spec.ports[0].port"
 */
export class FieldPath {
  readonly #name: string;
  readonly #subscript: string;
  readonly #parent: FieldPath | null;

  private constructor(name: string, subscript: string, parent: FieldPath | null) {
    this.#name = name;
    this.#subscript = subscript;
    this.#parent = parent;
  }

  /** A root path (Go `field.NewPath(name, moreNames...)`); each further name is a child of the previous. */
  static root(name: string, ...moreNames: string[]): FieldPath {
    let p = new FieldPath(name, "", null);
    for (const more of moreNames) p = new FieldPath(more, "", p);
    return p;
  }

  /** A named child field (Go `Path.Child`): `spec` → `spec.ports`. */
  child(name: string, ...moreNames: string[]): FieldPath {
    let p = new FieldPath(name, "", this);
    for (const more of moreNames) p = new FieldPath(more, "", p);
    return p;
  }

  /** An element of a list (Go `Path.Index`): `spec.ports` → `spec.ports[0]`. */
  index(i: number): FieldPath {
    return new FieldPath("", String(i), this);
  }

  /** An entry of a map (Go `Path.Key`): `metadata.labels` → `metadata.labels[app]`. The key is not quoted. */
  key(k: string): FieldPath {
    return new FieldPath("", k, this);
  }

  /** The printed path, exactly as Go's `Path.String()`. */
  toString(): string {
    const elems: FieldPath[] = [];
    for (let p: FieldPath | null = this; p !== null; p = p.#parent) elems.push(p);
    let out = "";
    for (let i = elems.length - 1; i >= 0; i--) {
      const p = elems[i]!;
      // Go decides "name or subscript" by the name alone, so a root with an empty name prints "[]".
      if (p.#name.length > 0) out += (p.#parent !== null ? "." : "") + p.#name;
      else out += "[" + p.#subscript + "]";
    }
    return out;
  }
}

/** Starts a field path (Go `field.NewPath`), e.g. `path("metadata", "labels")` is `metadata.labels`. */
export function path(name: string, ...moreNames: string[]): FieldPath {
  return FieldPath.root(name, ...moreNames);
}

/**
 * A value to print verbatim where Go would print `%#v` of something kubesim has no type for, such as
 * `[]int32{80, 443}` or a nil slice `[]string(nil)`. Build it with {@link goRepr}.
 */
export interface GoRepr {
  readonly kind: "goRepr";
  readonly text: string;
}

/** Wraps the exact Go rendering of a bad value; see {@link GoRepr}. */
export function goRepr(text: string): GoRepr {
  return { kind: "goRepr", text };
}

/** Marks an error whose value Go deliberately omits (`field.TooMany` with an unknown count). */
export interface OmitValue {
  readonly kind: "omitValue";
}

const OMIT_VALUE: OmitValue = Object.freeze({ kind: "omitValue" });

/**
 * The offending value carried by a {@link FieldError}, printed like Go's `ErrorBody`: strings are
 * `%q`-quoted, numbers, bigints and booleans are bare, `null`/`undefined` (Go `nil`) print `null`,
 * string arrays print as `[]string{"a", "b"}`, and {@link GoRepr} prints its text.
 */
export type BadValue =
  | string
  | number
  | bigint
  | boolean
  | null
  | undefined
  | readonly string[]
  | GoRepr
  | OmitValue;

/** The machine-readable error types of `field.ErrorType` (also the `reason` of a Status cause). */
export type FieldErrorType =
  | "FieldValueNotFound"
  | "FieldValueRequired"
  | "FieldValueDuplicate"
  | "FieldValueInvalid"
  | "FieldValueNotSupported"
  | "FieldValueForbidden"
  | "FieldValueTooLong"
  | "FieldValueTooMany"
  | "InternalError";

/** One field-level validation error, as Go's `field.Error`. Plain data, safe to serialise. */
export interface FieldError {
  readonly type: FieldErrorType;
  /** The printed field path, e.g. `spec.ports[0].port`; `<nil>` when Go passed a nil path. */
  readonly field: string;
  readonly badValue: BadValue;
  readonly detail: string;
}

const TYPE_TEXT: Readonly<Record<FieldErrorType, string>> = {
  FieldValueNotFound: "Not found",
  FieldValueRequired: "Required value",
  FieldValueDuplicate: "Duplicate value",
  FieldValueInvalid: "Invalid value",
  FieldValueNotSupported: "Unsupported value",
  FieldValueForbidden: "Forbidden",
  FieldValueTooLong: "Too long",
  FieldValueTooMany: "Too many",
  InternalError: "Internal error",
};

function fieldString(p: FieldPath | null): string {
  // Go's (*Path)(nil).String() is "<nil>"; the label selector parser really prints it.
  return p === null ? "<nil>" : p.toString();
}

function makeError(
  type: FieldErrorType,
  p: FieldPath | null,
  badValue: BadValue,
  detail: string,
): FieldError {
  return { type, field: fieldString(p), badValue, detail };
}

/** `field.NotFound`: a referenced value does not exist. Prints `Not found: <value>`. */
export function notFound(p: FieldPath | null, value: BadValue): FieldError {
  return makeError("FieldValueNotFound", p, value, "");
}

/** `field.Required`: a value must be given. Prints `Required value` (+ `: <detail>`). */
export function required(p: FieldPath | null, detail = ""): FieldError {
  return makeError("FieldValueRequired", p, "", detail);
}

/** `field.Duplicate`: a value that must be unique is repeated. Prints `Duplicate value: <value>`. */
export function duplicate(p: FieldPath | null, value: BadValue): FieldError {
  return makeError("FieldValueDuplicate", p, value, "");
}

/** `field.Invalid`: a malformed value. Prints `Invalid value: <value>: <detail>`. */
export function invalid(p: FieldPath | null, value: BadValue, detail: string): FieldError {
  return makeError("FieldValueInvalid", p, value, detail);
}

/**
 * `field.NotSupported`: a value outside an enumeration. Prints
 * `Unsupported value: <value>: supported values: "A", "B"` (each valid value `strconv.Quote`d).
 */
export function notSupported(
  p: FieldPath | null,
  value: BadValue,
  validValues: readonly string[],
): FieldError {
  const detail = validValues.length > 0 ? "supported values: " + validValues.map(goQuote).join(", ") : "";
  return makeError("FieldValueNotSupported", p, value, detail);
}

/** `field.Forbidden`: valid in form but not allowed here. Prints `Forbidden: <detail>`. */
export function forbidden(p: FieldPath | null, detail: string): FieldError {
  return makeError("FieldValueForbidden", p, "", detail);
}

/**
 * `field.TooLong` (1.33 wording): prints `Too long: may not be more than <n> bytes`, or
 * `Too long: value is too long` when `maxLength` is negative. Go ignores the value argument and
 * stores `"<value omitted>"`, so this constructor does not take one.
 */
export function tooLong(p: FieldPath | null, maxLength: number): FieldError {
  const detail = maxLength >= 0 ? `may not be more than ${maxLength} bytes` : "value is too long";
  return makeError("FieldValueTooLong", p, "<value omitted>", detail);
}

/**
 * `field.TooMany`: a list has too many items. Prints `Too many: <actual>: must have at most <n> items`;
 * a negative `actualQuantity` omits the count and a negative `maxQuantity` prints `too many items`.
 */
export function tooMany(p: FieldPath | null, actualQuantity: number, maxQuantity: number): FieldError {
  const detail = maxQuantity >= 0 ? `must have at most ${maxQuantity} items` : "too many items";
  return makeError("FieldValueTooMany", p, actualQuantity >= 0 ? actualQuantity : OMIT_VALUE, detail);
}

/** `field.InternalError`: a failure not caused by the user's input. Prints `Internal error: <message>`. */
export function internalError(p: FieldPath | null, message: string): FieldError {
  return makeError("InternalError", p, null, message);
}

// Go's %v of a float64 is strconv 'g' with the shortest digits and exponent form when the decimal
// exponent is < -4 or >= 6 (fmt uses precision 6 for that decision), e.g. 1.234567e+06.
function goFloat(x: number): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? "NaN" : x > 0 ? "+Inf" : "-Inf";
  const [mantissa = "", expText = "0"] = x.toExponential().split("e");
  const exp = Number(expText);
  if (exp < -4 || exp >= 6) {
    const abs = Math.abs(exp);
    return mantissa + "e" + (exp < 0 ? "-" : "+") + (abs < 10 ? "0" : "") + abs;
  }
  return String(x);
}

function goNumber(x: number): string {
  // Integral JavaScript numbers stand for Go ints (ports, counts), which print in full.
  return Number.isSafeInteger(x) ? String(x) : goFloat(x);
}

function formatBadValue(value: BadValue): string {
  if (value === null || value === undefined) return "null";
  switch (typeof value) {
    case "string":
      return goQuote(value);
    case "number":
      return goNumber(value);
    case "bigint":
    case "boolean":
      return String(value);
  }
  if (Array.isArray(value)) return "[]string{" + value.map((v: string) => goQuote(v)).join(", ") + "}";
  const tagged = value as GoRepr | OmitValue;
  return tagged.kind === "goRepr" ? tagged.text : "";
}

/**
 * The error message without the field path, as Go's `(*field.Error).ErrorBody()`: this is the
 * `message` of a cause in a Status' `details.causes`.
 */
export function errorBody(err: FieldError): string {
  let s = TYPE_TEXT[err.type];
  const omitsValue =
    err.type === "FieldValueRequired" ||
    err.type === "FieldValueForbidden" ||
    err.type === "FieldValueTooLong" ||
    err.type === "InternalError" ||
    (typeof err.badValue === "object" &&
      err.badValue !== null &&
      "kind" in err.badValue &&
      err.badValue.kind === "omitValue");
  if (!omitsValue) s += ": " + formatBadValue(err.badValue);
  if (err.detail.length > 0) s += ": " + err.detail;
  return s;
}

/** The full message `<field>: <body>`, as Go's `(*field.Error).Error()`. */
export function errorString(err: FieldError): string {
  return err.field + ": " + errorBody(err);
}

/**
 * The message of `errs.ToAggregate()` as Go prints it: duplicates (same message) dropped, one error
 * printed bare, several printed as `[first, second]`. Returns `""` for an empty list (Go returns a
 * nil aggregate there). Used for `"<Kind> \"<name>\" is invalid: <aggregate>"` and selector errors.
 */
export function aggregateErrors(errs: readonly FieldError[]): string {
  const messages: string[] = [];
  for (const err of errs) {
    const msg = errorString(err);
    if (!messages.includes(msg)) messages.push(msg);
  }
  if (messages.length === 1) return messages[0]!;
  return messages.length === 0 ? "" : "[" + messages.join(", ") + "]";
}
