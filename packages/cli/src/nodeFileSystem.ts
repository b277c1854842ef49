import { readdirSync, readFileSync, statSync } from "node:fs";
import { resolve } from "node:path";
import type { FileSystem } from "./ScriptCluster.js";

/**
 * Paths that name one of the calling process's own file descriptors: `kubectl apply -f <(...)` passes
 * `/dev/fd/63`. In the kubesim process they would name kubesim's descriptors instead, so the shim reads
 * them itself and sends their text along (see `preread`); any other such path is reported missing rather
 * than read from the wrong process.
 */
const PROCESS_LOCAL_PATH = /^(?:\/dev\/fd\/\d+|\/proc\/self\/fd\/\d+|\/dev\/std(?:in|out|err))$/;

/**
 * A {@link FileSystem} over the real disk whose relative paths resolve against `cwd`, the working
 * directory of the shell command that ran `kubectl`.
 *
 * @param cwd - absolute directory relative paths are resolved from.
 * @param preread - text of process-local paths (such as `/dev/fd/63`) the shim already read, by path.
 */
export function nodeFileSystem(cwd: string, preread: ReadonlyMap<string, string> = new Map()): FileSystem {
  return {
    readFile(path) {
      const text = preread.get(path);
      if (text !== undefined) return text;
      if (PROCESS_LOCAL_PATH.test(path)) throw missing(path);
      return readFileSync(resolve(cwd, path), "utf8");
    },
    stat(path) {
      if (preread.has(path)) return "file";
      if (PROCESS_LOCAL_PATH.test(path)) return undefined;
      try {
        const stats = statSync(resolve(cwd, path), { throwIfNoEntry: false });
        if (stats === undefined) return undefined;
        // FIFOs and devices read like files, which is what kubectl does with them.
        return stats.isDirectory() ? "directory" : "file";
      } catch {
        // ENOTDIR, EACCES and the like: kubectl cannot use the path either way.
        return undefined;
      }
    },
    readDir(path) {
      // Byte order, as Go's filepath.Walk visits a directory.
      return readdirSync(resolve(cwd, path)).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    },
  };
}

function missing(path: string): Error {
  return Object.assign(new Error(`ENOENT: no such file or directory, open '${path}'`), { code: "ENOENT" });
}
