/**
 * @kubesim/kubectl: kubectl for a simulated cluster, as pure functions of a Simulation.
 *
 * Map of the package:
 * - `kubectl.ts`     the entry: argument parsing and dispatch to commands.
 * - `commands/`      one file per subcommand (apply, get, delete, ...).
 * - `cli/`           kubectl's flag grammar and command-line word splitting.
 * - `printers/`      table (with per-kind columns), YAML and JSON output.
 * - `jsonpath/`      kubectl's JSONPath template dialect.
 * - `readManifests`  `-f FILE|DIR|-` reading.
 */

export { type FlagSpec, Flags, parseFlags } from "./cli/parseFlags.js";
export { LAST_APPLIED_ANNOTATION } from "./commands/apply.js";
export { formatApiError } from "./errors.js";
export * from "./jsonpath/index.js";
export type {
  CommandResult,
  CommandWatch,
  ContainerExecOptions,
  ContainerExecResult,
  ContainerExecTarget,
  ContainerLogLine,
  ContainerLogOptions,
  ContainerLogsResult,
  ContainerRuntime,
  FileSystem,
  KubectlIO,
} from "./KubectlContext.js";
export { kubectl, kubectlNeedsStdin } from "./kubectl.js";
export { humanDuration, translateTimestampSince } from "./printers/age.js";
export { printerFor } from "./printers/columns/printerFor.js";
export { printJson } from "./printers/json.js";
export { type ResourceTable, renderResourceTables, renderTable } from "./printers/table.js";
export { printYaml } from "./printers/yaml.js";
