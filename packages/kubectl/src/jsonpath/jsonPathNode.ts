/**
 * The parse tree of a jsonpath template, after client-go's util/jsonpath/node.go. A template is
 * a root list whose items are text and one list per `{...}` action; an action's list is a
 * pipeline applied left to right (`{.items[*].metadata.name}` is field, array, field, field).
 */

/** One bound of `[start:end:step]`; `derived` marks the end that `[i]` implies (`i + 1`). */
export interface JsonPathSliceParam {
  readonly value: number;
  readonly known: boolean;
  readonly derived: boolean;
}

/** A sequence of nodes: the template root, one `{...}` action, or an operand of a filter or union. */
export interface JsonPathListNode {
  readonly type: "list";
  readonly nodes: readonly JsonPathNode[];
}

/** Any node of the tree. */
export type JsonPathNode =
  | JsonPathListNode
  /** Literal text, outside braces or a quoted string inside them. */
  | { readonly type: "text"; readonly text: string }
  /** `.name` (map key), with backslash escapes removed. */
  | { readonly type: "field"; readonly name: string }
  /** `[i]`, `[start:end:step]` and `[*]` (all bounds unknown). */
  | {
      readonly type: "array";
      readonly params: readonly [JsonPathSliceParam, JsonPathSliceParam, JsonPathSliceParam];
    }
  /** `[?(left op right)]`, or `[?(left)]` with operator `exists`. */
  | {
      readonly type: "filter";
      readonly left: JsonPathListNode;
      readonly right: JsonPathListNode;
      readonly operator: string;
    }
  /** An integer literal (Go int). */
  | { readonly type: "int"; readonly value: number }
  /** A float literal (Go float64), e.g. `1.5` or `1.0`. */
  | { readonly type: "float"; readonly value: number }
  /** `true` or `false`. */
  | { readonly type: "bool"; readonly value: boolean }
  /** `.*` */
  | { readonly type: "wildcard" }
  /** `..` */
  | { readonly type: "recursive" }
  /** `[a, b]`, `['x.y', 'z']`: each member is a list evaluated against the same input. */
  | { readonly type: "union"; readonly nodes: readonly JsonPathListNode[] }
  /** A bare word: `range`, `end`, or anything else (an error when executed). */
  | { readonly type: "identifier"; readonly name: string };
