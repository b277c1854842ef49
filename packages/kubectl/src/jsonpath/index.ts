/**
 * kubectl's jsonpath template dialect (client-go util/jsonpath) and its `-o jsonpath` printer.
 *
 * - parseJsonPath: template text to tree, with client-go's parse errors
 * - executeJsonPath: tree + JSON data to output text, with client-go's execution errors
 * - printJsonPath: both, wrapped in kubectl's messages (`error parsing jsonpath ...`)
 * - relaxedJsonPathExpression: custom-columns' `metadata.name` to `{.metadata.name}`
 */

export type { ExecuteJsonPathOptions, ExecuteJsonPathResult } from "./executeJsonPath.js";
export { executeJsonPath } from "./executeJsonPath.js";
export type { JsonPathListNode, JsonPathNode, JsonPathSliceParam } from "./jsonPathNode.js";
export type { ParsedJsonPath, ParseJsonPathResult } from "./parseJsonPath.js";
export { parseJsonPath } from "./parseJsonPath.js";
export type { PrintJsonPathOptions, PrintJsonPathResult } from "./printJsonPath.js";
export { printJsonPath } from "./printJsonPath.js";
export type { RelaxedJsonPathResult } from "./relaxedJsonPathExpression.js";
export { relaxedJsonPathExpression } from "./relaxedJsonPathExpression.js";
