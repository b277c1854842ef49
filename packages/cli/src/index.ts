/**
 * @kubesim/cli: the `kubesim` command line.
 *
 * - `cliMain` / `runCli`: the executable's body and the command line behind it (`bin.ts` wires in the
 *   real simulator).
 * - `runScript`: runs a bash script whose `kubectl`, `sleep` and `kubesim` are shims served by one cluster.
 * - `startShimServer`: the Unix-socket server the shims talk to; `shimClientSource` holds the client.
 * - `nodeFileSystem`: files for `kubectl -f`, resolved from the calling command's working directory.
 * - `parseCommandLine` / `helpText`: kubesim's own flags.
 */
export { cliMain } from "./cliMain.js";
export { helpText } from "./helpText.js";
export { nodeFileSystem } from "./nodeFileSystem.js";
export type { CommandLine, HelpTopic, RunCommand } from "./parseCommandLine.js";
export { parseCommandLine } from "./parseCommandLine.js";
export type { CliDeps, TextSink } from "./runCli.js";
export { runCli, USAGE_EXIT_CODE } from "./runCli.js";
export type { RunScriptOptions, ScriptRun } from "./runScript.js";
export { runScript } from "./runScript.js";
export type { CommandResult, FileSystem, ScriptCluster } from "./ScriptCluster.js";
export type { ShimCommand } from "./shimClientSource.js";
export {
  CLIENT_COMMANDS,
  isClientCommand,
  SHIM_CLIENT_SOURCE,
  SHIM_COMMANDS,
  shimExecutable,
} from "./shimClientSource.js";
export type { ShimServer } from "./startShimServer.js";
export { startShimServer } from "./startShimServer.js";
