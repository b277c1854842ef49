import { type CliDeps, runCli } from "./runCli.js";

/**
 * The body of the `kubesim` executable: runs `process.argv` through {@link runCli} and sets the exit
 * code. kubesim outlives bash so that its temp dir is always removed: SIGINT, SIGTERM and SIGHUP are
 * passed on to bash instead of ending kubesim. (Ctrl-C also reaches bash through the terminal; the
 * second SIGINT changes nothing.)
 */
export async function cliMain<Config>(
  deps: Pick<CliDeps<Config>, "createCluster" | "parseClusterConfig">,
): Promise<void> {
  const abort = new AbortController();
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.on(signal, () => abort.abort(signal));
  }
  process.exitCode = await runCli(process.argv.slice(2), { ...deps, signal: abort.signal });
}
