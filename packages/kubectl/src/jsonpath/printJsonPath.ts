/**
 * kubectl's `-o jsonpath=<template>` printer: cli-runtime's `JSONPathPrintFlags.ToPrinter` and
 * `JSONPathPrinter.PrintObj` (k8s.io/cli-runtime/pkg/printers/jsonpath.go), i.e. the engine plus
 * kubectl's error wording around it.
 */

import { formatGoSyntax, quoteGo } from "./_internal/goFormat.js";
import { executeJsonPath } from "./executeJsonPath.js";
import { parseJsonPath } from "./parseJsonPath.js";

/** Options of {@link printJsonPath}. */
export interface PrintJsonPathOptions {
  /** `--allow-missing-template-keys`; kubectl's default is true. */
  readonly allowMissingKeys?: boolean;
  /** `-o jsonpath-as-json` instead of `-o jsonpath`. */
  readonly jsonOutput?: boolean;
}

/**
 * The outcome of {@link printJsonPath}. `error` is the message kubectl reports, verbatim and
 * with its trailing newlines; kubectl's `CheckErr` prints it on stderr after `error: ` (unless it
 * already starts with that) and adds a final newline only when the message lacks one. When
 * several objects fail in one command (e.g. `label --local -f` with two objects), kubectl prints
 * each message on its own, without the `error: ` prefix.
 */
export type PrintJsonPathResult =
  | { readonly ok: true; readonly output: string }
  | { readonly ok: false; readonly error: string };

/**
 * Prints one object the way `kubectl ... -o jsonpath=<template>` does. The template is used
 * exactly as given: unlike custom-columns, `-o jsonpath` does not add braces, so
 * `-o jsonpath=.metadata.name` prints the literal text `.metadata.name`.
 *
 * Messages (cli-runtime/pkg/genericclioptions/jsonpath_flags.go and printers/jsonpath.go):
 * - empty template: `template format specified but no template given`;
 * - parse error: `error parsing jsonpath <template>, <parser error>\n`;
 * - execution error: `error executing jsonpath "<template>": Error executing template: <error>.
 *   Printing more information for debugging the template:` followed by the template and a Go
 *   `%#v` dump of the object, ending with three newlines.
 */
export function printJsonPath(
  template: string,
  data: unknown,
  options: PrintJsonPathOptions = {},
): PrintJsonPathResult {
  if (template === "") return { ok: false, error: "template format specified but no template given" };
  const parsed = parseJsonPath(template);
  if (!parsed.ok) return { ok: false, error: `error parsing jsonpath ${template}, ${parsed.error}\n` };
  const result = executeJsonPath(parsed.template, data, {
    allowMissingKeys: options.allowMissingKeys ?? true,
    jsonOutput: options.jsonOutput ?? false,
  });
  if (result.ok) return result;
  return {
    ok: false,
    error:
      `error executing jsonpath ${quoteGo(template)}: ` +
      `Error executing template: ${result.error}. Printing more information for debugging the template:\n` +
      `\ttemplate was:\n\t\t${template}\n` +
      `\tobject given to jsonpath engine was:\n\t\t${formatGoSyntax(data)}\n\n\n`,
  };
}
