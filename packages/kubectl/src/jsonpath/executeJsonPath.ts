/**
 * A port of client-go's jsonpath evaluator (k8s.io/client-go/util/jsonpath/jsonpath.go) over
 * JSON data, with its output rules: each `{...}` prints its results joined by one space; strings
 * print raw, numbers in Go's `%v` format, maps and slices as compact JSON (encoding/json, keys
 * sorted, `<>&` escaped); a JSON `null` prints `null`.
 *
 * `{range}`/`{end}` keep client-go's counter-based state machine rather than a tree, because its
 * corner cases are observable: a `{range}` without `{end}` runs the rest of the template once per
 * item and then once more against the outer object.
 */

import { formatGoDefault, formatGoNumber } from "./_internal/goFormat.js";
import { marshalGoJson } from "./_internal/goJson.js";
import {
  compareGoStrings,
  GoFloat,
  type GoKind,
  goChildren,
  goKind,
  goTypeName,
  mapIndex,
} from "./_internal/goValue.js";
import type { JsonPathListNode, JsonPathNode, JsonPathSliceParam } from "./jsonPathNode.js";
import type { ParsedJsonPath } from "./parseJsonPath.js";

/** Options of {@link executeJsonPath}. */
export interface ExecuteJsonPathOptions {
  /**
   * client-go's `AllowMissingKeys`: when false, a field that matches nothing is an error
   * (`<field> is not found`). kubectl's `--allow-missing-template-keys` defaults to true.
   */
  readonly allowMissingKeys: boolean;
  /**
   * client-go's `EnableJSONOutput`, used by `kubectl -o jsonpath-as-json`: each `{...}` prints its
   * results as one JSON array indented by four spaces, followed by a newline.
   */
  readonly jsonOutput?: boolean;
}

/** The outcome of {@link executeJsonPath}; `error` is client-go's error text, without kubectl's wrapping. */
export type ExecuteJsonPathResult =
  | { readonly ok: true; readonly output: string }
  | { readonly ok: false; readonly error: string };

/**
 * Runs a parsed template against `data` (a JSON value: what kubectl passes is the object's
 * unstructured content). As in client-go, every result is found before anything is printed, so
 * an error yields no partial output.
 */
export function executeJsonPath(
  parsed: ParsedJsonPath,
  data: unknown,
  options: ExecuteJsonPathOptions,
): ExecuteJsonPathResult {
  const state: ExecState = {
    nodes: parsed.root.nodes,
    allowMissingKeys: options.allowMissingKeys,
    beginRange: 0,
    inRange: 0,
    endRange: 0,
    lastEndNode: -1,
  };
  let results: unknown[][];
  try {
    results = findResults(state, asInterface(data), 0);
  } catch (err) {
    if (err instanceof JsonPathError) return { ok: false, error: err.message };
    throw err;
  }
  const print = options.jsonOutput ? printResultsAsJson : printResults;
  return { ok: true, output: results.map(print).join("") };
}

/**
 * An execution error from the template or the data, caught in {@link executeJsonPath}. `values`
 * is what the Go function returns next to its error, which matters in one place: an existence
 * filter `[?(@.x)]` ignores the error and tests whether those values are empty.
 */
class JsonPathError extends Error {
  constructor(
    message: string,
    readonly values: unknown[],
  ) {
    super(message);
  }
}

/** Mutable state of one execution; client-go keeps the same counters on its JSONPath object. */
interface ExecState {
  readonly nodes: readonly JsonPathNode[];
  readonly allowMissingKeys: boolean;
  beginRange: number;
  inRange: number;
  endRange: number;
  /** Index in `nodes` of the most recent `{end}` that closed a range body. */
  lastEndNode: number;
}

/**
 * `reflect.ValueOf(v.Interface())`: the engine re-enters with a plain interface, so a nil
 * interface (JSON null) becomes an invalid value. It happens to range items and the root.
 */
function asInterface(v: unknown): unknown {
  return v === null ? undefined : v;
}

/**
 * client-go's `FindResults`, over `state.nodes[offset:]` (Go re-slices `parser.Root.Nodes`,
 * which always shares the original backing array, so an absolute index identifies a node).
 */
function findResults(state: ExecState, data: unknown, offset: number): unknown[][] {
  const cur = [data];
  const nodes = state.nodes;
  const fullResult: unknown[][] = [];
  for (let i = offset; i < nodes.length; i++) {
    const results = walk(state, cur, nodes[i]!);

    // An {end} was met: this range body is done.
    if (state.endRange > 0 && state.endRange <= state.inRange) {
      state.endRange--;
      state.lastEndNode = i;
      break;
    }
    // A {range} was met: run the rest of the nodes once per result.
    if (state.beginRange > 0) {
      state.beginRange--;
      state.inRange++;
      if (results.length > 0) {
        for (const value of results) fullResult.push(...findResults(state, asInterface(value), i + 1));
      } else {
        // Nothing to iterate: the body still runs once, output discarded, to find its {end}.
        findResults(state, undefined, i + 1);
      }
      state.inRange--;
      // Resume after the {end} of this range, when there is one after it.
      for (let k = i + 1; k < nodes.length; k++) {
        if (k === state.lastEndNode) {
          i = k;
          break;
        }
      }
      continue;
    }
    fullResult.push(results);
  }
  return fullResult;
}

function walk(state: ExecState, input: unknown[], node: JsonPathNode): unknown[] {
  switch (node.type) {
    case "list":
      return evalList(state, input, node);
    case "text":
      return [node.text];
    case "field":
      return evalField(state, input, node.name);
    case "array":
      return evalArray(input, node.params);
    case "filter":
      return evalFilter(state, input, node);
    case "int":
      return input.map(() => node.value);
    case "float":
      return input.map(() => new GoFloat(node.value));
    case "bool":
      return input.map(() => node.value);
    case "wildcard":
      return input.flatMap(goChildren);
    case "recursive":
      return evalRecursive(input);
    case "union":
      return evalUnion(state, input, node.nodes);
    case "identifier":
      return evalIdentifier(state, input, node.name);
  }
}

function evalList(state: ExecState, input: unknown[], list: JsonPathListNode): unknown[] {
  let cur = input;
  for (const node of list.nodes) cur = walk(state, cur, node);
  return cur;
}

function evalUnion(state: ExecState, input: unknown[], lists: readonly JsonPathListNode[]): unknown[] {
  const result: unknown[] = [];
  for (const list of lists) {
    try {
      result.push(...evalList(state, input, list));
    } catch (err) {
      if (err instanceof JsonPathError) throw new JsonPathError(err.message, input);
      throw err;
    }
  }
  return result;
}

function evalIdentifier(state: ExecState, input: unknown[], name: string): unknown[] {
  switch (name) {
    case "range":
      state.beginRange++;
      return input;
    case "end":
      if (state.inRange > 0) {
        state.endRange++;
        return [];
      }
      throw new JsonPathError("not in range, nothing to end", []);
    default:
      throw new JsonPathError(`unrecognized identifier ${name}`, input);
  }
}

function evalField(state: ExecState, input: unknown[], name: string): unknown[] {
  const results: unknown[] = [];
  if (input.length === 0) return results;
  for (const value of input) {
    // Nil values are skipped; anything but a map has no fields.
    if (goKind(value) !== "map") continue;
    const found = mapIndex(value as object, name);
    if (found !== undefined) results.push(found);
  }
  if (results.length === 0 && !state.allowMissingKeys)
    throw new JsonPathError(`${name} is not found`, results);
  return results;
}

function evalArray(
  input: unknown[],
  params: readonly [JsonPathSliceParam, JsonPathSliceParam, JsonPathSliceParam],
): unknown[] {
  const result: unknown[] = [];
  for (const value of input) {
    const kind = goKind(value);
    if (kind === "nil") continue;
    // Go calls value.Type() on the invalid value and panics; kubectl dies with this message.
    if (kind === "invalid")
      throw new JsonPathError("reflect: call of reflect.Value.Type on zero Value", input);
    if (kind !== "slice") throw new JsonPathError(`${goTypeName(value)} is not array or slice`, input);
    const items = value as unknown[];
    const length = items.length;
    let start = params[0].known ? params[0].value : 0;
    if (start < 0) start += length;
    let end = params[1].known ? params[1].value : length;
    if (end < 0 || (end === 0 && params[1].derived)) end += length;

    if (end === start) {
      // An empty selection is allowed, and Go returns at once, ignoring any remaining inputs.
      return result;
    }
    if (start >= length || start < 0) {
      throw new JsonPathError(`array index out of bounds: index ${start}, length ${length}`, input);
    }
    if (end > length || end < 0) {
      throw new JsonPathError(`array index out of bounds: index ${end - 1}, length ${length}`, input);
    }
    if (start > end) {
      throw new JsonPathError(`starting index ${start} is greater than ending index ${end}`, input);
    }

    let step = 1;
    if (params[2].known) {
      if (params[2].value <= 0) throw new JsonPathError("step must be > 0", input);
      step = params[2].value;
    }
    for (let i = start; i < end; i += step) result.push(items[i]);
  }
  return result;
}

/** Every container (map, slice, non-empty string) at or below each input, in pre-order. */
function evalRecursive(input: unknown[]): unknown[] {
  const result: unknown[] = [];
  for (const value of input) {
    const children = goChildren(value);
    if (children.length === 0) continue;
    result.push(value);
    result.push(...evalRecursive(children));
  }
  return result;
}

function evalFilter(
  state: ExecState,
  input: unknown[],
  node: Extract<JsonPathNode, { type: "filter" }>,
): unknown[] {
  const results: unknown[] = [];
  for (const value of input) {
    if (goKind(value) !== "slice") {
      throw new JsonPathError(
        `${formatGoDefault(value)} is not array or slice and cannot be filtered`,
        input,
      );
    }
    for (const item of value as unknown[]) {
      const temp = [item];
      if (node.operator === "exists") {
        // Go ignores the error here and keeps whatever values came back with it, so a missing
        // key excludes the item while, say, `[?(@.name[0])]` on a string name includes it.
        let lefts: unknown[];
        try {
          lefts = evalList(state, temp, node.left);
        } catch (err) {
          if (!(err instanceof JsonPathError)) throw err;
          lefts = err.values;
        }
        if (lefts.length > 0) results.push(item);
        continue;
      }
      const lefts = evalOperand(state, temp, node.left, input);
      if (lefts.length === 0) continue;
      if (lefts.length > 1) throw new JsonPathError("can only compare one element at a time", input);
      const rights = evalOperand(state, temp, node.right, input);
      if (rights.length === 0) continue;
      if (rights.length > 1) throw new JsonPathError("can only compare one element at a time", input);
      let pass: boolean;
      try {
        pass = compare(node.operator, lefts[0], rights[0]);
      } catch (err) {
        if (err instanceof JsonPathError) throw new JsonPathError(err.message, results);
        throw err;
      }
      if (pass) results.push(item);
    }
  }
  return results;
}

/** A filter operand; on error Go's evalFilter returns its own input along with the error. */
function evalOperand(state: ExecState, temp: unknown[], list: JsonPathListNode, input: unknown[]): unknown[] {
  try {
    return evalList(state, temp, list);
  } catch (err) {
    if (err instanceof JsonPathError) throw new JsonPathError(err.message, input);
    throw err;
  }
}

/** The comparisons of client-go's forked text/template funcs.go (`Equal`, `Less`, ...). */
function compare(operator: string, left: unknown, right: unknown): boolean {
  switch (operator) {
    case "<":
      return less(left, right);
    case ">":
      return !lessEqual(left, right);
    case "==":
      return equal(left, right);
    case "!=":
      return !equal(left, right);
    case "<=":
      return lessEqual(left, right);
    case ">=":
      return !less(left, right);
    default:
      throw new JsonPathError(`unrecognized filter operator ${operator}`, []);
  }
}

type BasicKind = Extract<GoKind, "bool" | "int" | "float" | "string">;

function basicKind(v: unknown): BasicKind {
  const kind = goKind(v);
  if (kind === "bool" || kind === "int" || kind === "float" || kind === "string") return kind;
  throw new JsonPathError("invalid type for comparison", []);
}

function operands(left: unknown, right: unknown): BasicKind {
  const k1 = basicKind(left);
  const k2 = basicKind(right);
  // int64 and int are both "int" to Go's comparison; float and int never mix.
  if (k1 !== k2) throw new JsonPathError("incompatible types for comparison", []);
  return k1;
}

function numberOf(v: unknown): number {
  return v instanceof GoFloat ? v.value : (v as number);
}

function equal(left: unknown, right: unknown): boolean {
  const kind = operands(left, right);
  if (kind === "int" || kind === "float") return numberOf(left) === numberOf(right);
  return left === right;
}

function less(left: unknown, right: unknown): boolean {
  const kind = operands(left, right);
  if (kind === "bool") throw new JsonPathError("invalid type for comparison", []);
  if (kind === "string") return compareGoStrings(left as string, right as string) < 0;
  return numberOf(left) < numberOf(right);
}

function lessEqual(left: unknown, right: unknown): boolean {
  return less(left, right) || equal(left, right);
}

/** client-go's `PrintResults`: one action's results, separated by single spaces. */
function printResults(results: unknown[]): string {
  return results.map(printValue).join(" ");
}

function printResultsAsJson(results: unknown[]): string {
  return marshalGoJson(results, "    ") + "\n";
}

function printValue(v: unknown): string {
  switch (goKind(v)) {
    case "map":
    case "slice":
      return marshalGoJson(v);
    case "invalid":
      // text/template's printableValue for an invalid reflect.Value.
      return "<no value>";
    case "nil":
      return "null";
    case "string":
      return v as string;
    case "bool":
      return String(v);
    case "int":
    case "float":
      return formatGoNumber(v as number | GoFloat);
  }
}
