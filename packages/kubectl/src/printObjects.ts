import type { KubeObject, ResourceRegistry } from "@kubesim/core";
import { printJsonPath } from "./jsonpath/index.js";
import { printJson } from "./printers/json.js";
import { printYaml } from "./printers/yaml.js";
import { typePrefix } from "./resourceArgs.js";

/** The output formats of `-o` that print objects rather than tables. */
export const OBJECT_FORMATS: readonly string[] = ["yaml", "json", "name", "jsonpath", "jsonpath-as-json"];

/** kubectl's message for an `-o` value it does not know (get.go via printers' NoCompatiblePrinterError). */
export function unknownOutputFormat(format: string): string {
  return `unable to match a printer suitable for the output format "${format}", allowed formats are: custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml`;
}

/** The `-o` value split into format and argument (`jsonpath={.a}` -> jsonpath, `{.a}`). */
export function splitOutputFlag(value: string): { format: string; arg: string } {
  const i = value.indexOf("=");
  return i < 0 ? { format: value, arg: "" } : { format: value.slice(0, i), arg: value.slice(i + 1) };
}

/** The List kubectl wraps several objects in for `-o yaml|json|jsonpath`. */
export function asList(objects: readonly KubeObject[]): Record<string, unknown> {
  return { apiVersion: "v1", items: objects, kind: "List", metadata: { resourceVersion: "" } };
}

/**
 * Prints objects in an object format. `single` says the user named exactly one object, in
 * which case kubectl prints it alone instead of inside a List.
 * Returns the text, or an error message (bad JSONPath).
 */
export function printObjects(
  registry: ResourceRegistry,
  objects: readonly KubeObject[],
  output: string,
  single: boolean,
): { ok: true; text: string } | { ok: false; error: string } {
  const { format, arg } = splitOutputFlag(output);
  const data = single && objects.length === 1 ? objects[0]! : asList(objects);
  switch (format) {
    case "name":
      return {
        ok: true,
        text: objects.map((o) => `${typePrefix(registry.mustByKind(o.kind))}/${o.metadata.name}\n`).join(""),
      };
    case "yaml":
      return { ok: true, text: printYaml(data) };
    case "json":
      return { ok: true, text: printJson(data) };
    case "jsonpath":
    case "jsonpath-as-json": {
      const result = printJsonPath(arg, data, { jsonOutput: format === "jsonpath-as-json" });
      return result.ok ? { ok: true, text: result.output } : result;
    }
    default:
      return { ok: false, error: unknownOutputFormat(output) };
  }
}
