import {
  cloneJson,
  isJsonObject,
  type JsonObject,
  type JsonValue,
  jsonEqual,
} from "./_internal/jsonValue.js";
import { PatchError } from "./PatchError.js";

/**
 * Applies a JSON patch (RFC 6902: add, remove, replace, move, copy, test) the way
 * github.com/evanphx/json-patch v4.12 does it for kubectl and the API server, with its error
 * texts (`testing value /spec/replicas failed: test failed`,
 * `add operation does not apply: doc is missing path: "/spec/x/y": missing value`) and its
 * leniencies: `replace` and `copy` of a missing object member act on null, negative array indices
 * count from the end, `/` names the member "" of the root.
 *
 * Pure: neither argument is changed.
 *
 * @param doc - the document (a JSON object).
 * @param patch - the decoded patch document.
 * @throws PatchError with status BadRequest when the patch is not a list of operation objects
 *   (`json: cannot unmarshal object into Go value of type jsonpatch.Patch`), and with the library's
 *   message when an operation fails.
 */
export function applyJsonPatch(doc: JsonValue, patch: unknown): JsonValue {
  const ops = decodePatch(patch);
  const state: State = {
    root: Array.isArray(doc) ? cloneJson(doc) : isJsonObject(doc) ? cloneJson(doc) : {},
  };
  for (const op of ops) applyOperation(state, op);
  return state.root;
}

/** The document being patched; `replace` of the path "" swaps it. */
interface State {
  root: Container;
}

type Container = JsonObject | JsonValue[];
type Operation = { readonly [field: string]: JsonValue };

const MISSING = "missing value";
const INVALID_INDEX = "invalid index referenced";
const TEST_FAILED = "test failed";

function goJsonTypeWord(v: unknown): string {
  if (Array.isArray(v)) return "array";
  if (v === null) return "null";
  if (typeof v === "boolean") return "bool";
  return typeof v === "object" ? "object" : (typeof v as string);
}

function decodePatch(patch: unknown): Operation[] {
  if (patch === null) return [];
  if (!Array.isArray(patch)) {
    throw new PatchError(
      `json: cannot unmarshal ${goJsonTypeWord(patch)} into Go value of type jsonpatch.Patch`,
      "BadRequest",
    );
  }
  for (const item of patch) {
    if (item !== null && !isJsonObject(item)) {
      throw new PatchError(
        `json: cannot unmarshal ${goJsonTypeWord(item)} into Go value of type jsonpatch.Operation`,
        "BadRequest",
      );
    }
  }
  return patch.map((item) => (item ?? {}) as Operation);
}

/**
 * Operation.Path / Operation.From: the member as a string, or the error Go reports (the member is
 * missing or null; or it is not a JSON string).
 */
function decodeString(op: Operation, name: "path" | "from"): { value: string } | { error: string } {
  const v = op[name];
  if (v === undefined || v === null) {
    return {
      error:
        name === "path"
          ? `operation missing path field: ${MISSING}`
          : `operation, missing from field: ${MISSING}`,
    };
  }
  if (typeof v !== "string")
    return { error: `json: cannot unmarshal ${goJsonTypeWord(v)} into Go value of type string` };
  return { value: v };
}

/** The `op` member, or `unknown` when it is missing or not a string. */
function opKind(op: Operation): string {
  const v = op.op;
  return typeof v === "string" ? v : "unknown";
}

/** The operation's value; `undefined` when it has no `value` member (Go's nil node). */
function opValue(op: Operation): JsonValue | undefined {
  return Object.hasOwn(op, "value") ? cloneJson(op.value!) : undefined;
}

function applyOperation(state: State, op: Operation): void {
  const root = state.root;
  const kind = opKind(op);
  switch (kind) {
    case "add": {
      const path = decodeString(op, "path");
      if ("error" in path) throw fail(`add operation failed to decode path: ${MISSING}`);
      const found = findObject(root, path.value);
      if (!found)
        throw fail(`add operation does not apply: doc is missing path: "${path.value}": ${MISSING}`);
      wrap(() => add(found.con, found.key, opValue(op) ?? null), `error in add for path: '${path.value}'`);
      return;
    }
    case "remove": {
      const path = decodeString(op, "path");
      if ("error" in path) throw fail(`remove operation failed to decode path: ${MISSING}`);
      const found = findObject(root, path.value);
      if (!found)
        throw fail(`remove operation does not apply: doc is missing path: "${path.value}": ${MISSING}`);
      wrap(() => remove(found.con, found.key), `error in remove for path: '${path.value}'`);
      return;
    }
    case "replace": {
      const path = decodeString(op, "path");
      if ("error" in path) throw fail(`replace operation failed to decode path: ${path.error}`);
      if (path.value === "") {
        // The whole document: replaced by an object or array value; any other value is ignored
        // (the library wraps a nil error there, which yields no error at all).
        const v = opValue(op);
        if (v !== undefined && v !== null && typeof v === "object") state.root = v;
        return;
      }
      const found = findObject(root, path.value);
      if (!found)
        throw fail(`replace operation does not apply: doc is missing path: ${path.value}: ${MISSING}`);
      try {
        get(found.con, found.key);
      } catch {
        throw fail(`replace operation does not apply: doc is missing key: ${path.value}: ${MISSING}`);
      }
      wrap(() => set(found.con, found.key, opValue(op) ?? null), `error in remove for path: '${path.value}'`);
      return;
    }
    case "move": {
      const from = decodeString(op, "from");
      if ("error" in from) throw fail(`move operation failed to decode from: ${from.error}`);
      const src = findObject(root, from.value);
      if (!src)
        throw fail(`move operation does not apply: doc is missing from path: ${from.value}: ${MISSING}`);
      const val = wrap(() => get(src.con, src.key), `error in move for path: '${src.key}'`);
      wrap(() => remove(src.con, src.key), `error in move for path: '${src.key}'`);
      const path = decodeString(op, "path");
      if ("error" in path) throw fail(`move operation failed to decode path: ${path.error}`);
      const dst = findObject(root, path.value);
      if (!dst)
        throw fail(
          `move operation does not apply: doc is missing destination path: ${path.value}: ${MISSING}`,
        );
      wrap(() => add(dst.con, dst.key, val ?? null), `error in move for path: '${path.value}'`);
      return;
    }
    case "test": {
      const path = decodeString(op, "path");
      if ("error" in path) throw fail(`test operation failed to decode path: ${path.error}`);
      const want = opValue(op);
      if (path.value === "") {
        if (want !== undefined && jsonEqual(root, want)) return;
        throw fail(`testing value ${path.value} failed: ${TEST_FAILED}`);
      }
      const found = findObject(root, path.value);
      if (!found) throw fail(`test operation does not apply: is missing path: ${path.value}: ${MISSING}`);
      const val = wrap(() => get(found.con, found.key), `error in test for path: '${path.value}'`);
      if (val === undefined || val === null) {
        if (want === undefined || want === null) return;
        throw fail(`testing value ${path.value} failed: ${TEST_FAILED}`);
      }
      if (want === undefined || !jsonEqual(val, want))
        throw fail(`testing value ${path.value} failed: ${TEST_FAILED}`);
      return;
    }
    case "copy": {
      const from = decodeString(op, "from");
      if ("error" in from) throw fail(`copy operation failed to decode from: ${from.error}`);
      const src = findObject(root, from.value);
      if (!src)
        throw fail(`copy operation does not apply: doc is missing from path: ${from.value}: ${MISSING}`);
      const val = wrap(() => get(src.con, src.key), `error in copy for from: '${from.value}'`);
      const path = decodeString(op, "path");
      if ("error" in path) throw fail(`copy operation failed to decode path: ${MISSING}`);
      const dst = findObject(root, path.value);
      if (!dst)
        throw fail(
          `copy operation does not apply: doc is missing destination path: ${path.value}: ${MISSING}`,
        );
      wrap(() => add(dst.con, dst.key, cloneJson(val ?? null)), "error while adding value during copy");
      return;
    }
    default:
      throw fail(`Unexpected kind: ${kind}`);
  }
}

function fail(message: string): PatchError {
  return new PatchError(message, "Invalid");
}

/** Runs `fn`, prefixing the message of a PatchError it throws (pkg/errors Wrapf). */
function wrap<T>(fn: () => T, prefix: string): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof PatchError) throw fail(`${prefix}: ${err.message}`);
    throw err;
  }
}

/** decodePatchKey: `~1` is `/`, `~0` is `~`. */
function decodeKey(k: string): string {
  return k.replaceAll("~1", "/").replaceAll("~0", "~");
}

/** findObject: the container holding the last segment of `path`, and that segment. */
function findObject(root: Container, path: string): { con: Container; key: string } | undefined {
  const split = path.split("/");
  if (split.length < 2) return undefined;
  let doc: Container = root;
  for (const part of split.slice(1, -1)) {
    let next: JsonValue | undefined;
    try {
      next = get(doc, decodeKey(part));
    } catch {
      return undefined;
    }
    if (next === undefined || next === null || typeof next !== "object") return undefined;
    doc = next;
  }
  return { con: doc, key: decodeKey(split[split.length - 1]!) };
}

/** strconv.Atoi with its error texts. */
function atoi(s: string): number {
  if (!/^[+-]?\d+$/.test(s))
    throw new PatchError(`strconv.Atoi: parsing ${JSON.stringify(s)}: invalid syntax`);
  const n = Number(s);
  if (!Number.isSafeInteger(n))
    throw new PatchError(`strconv.Atoi: parsing ${JSON.stringify(s)}: value out of range`);
  return n;
}

function invalidIndex(idx: number): PatchError {
  return new PatchError(`Unable to access invalid index: ${idx}: ${INVALID_INDEX}`);
}

/** An array index, negative ones counted from `size`. */
function resolveIndex(idx: number, size: number): number {
  if (idx < 0) {
    if (idx < -size) throw invalidIndex(idx);
    return idx + size;
  }
  return idx;
}

function get(con: Container, key: string): JsonValue | undefined {
  if (!Array.isArray(con)) return con[key];
  const idx = resolveIndex(atoi(key), con.length);
  if (idx >= con.length) throw invalidIndex(idx);
  return con[idx];
}

function set(con: Container, key: string, val: JsonValue): void {
  if (!Array.isArray(con)) {
    con[key] = val;
    return;
  }
  const idx = resolveIndex(atoi(key), con.length);
  con[idx] = val;
}

function add(con: Container, key: string, val: JsonValue): void {
  if (!Array.isArray(con)) {
    con[key] = val;
    return;
  }
  if (key === "-") {
    con.push(val);
    return;
  }
  let idx: number;
  try {
    idx = atoi(key);
  } catch (err) {
    throw new PatchError(`value was not a proper array index: '${key}': ${(err as Error).message}`);
  }
  const size = con.length + 1;
  if (idx >= size) throw invalidIndex(idx);
  idx = resolveIndex(idx, size);
  con.splice(idx, 0, val);
}

function remove(con: Container, key: string): void {
  if (!Array.isArray(con)) {
    if (!Object.hasOwn(con, key))
      throw new PatchError(`Unable to remove nonexistent key: ${key}: ${MISSING}`);
    delete con[key];
    return;
  }
  let idx = atoi(key);
  if (idx >= con.length) throw invalidIndex(idx);
  idx = resolveIndex(idx, con.length);
  con.splice(idx, 1);
}
