import { type ManifestObject, parseManifests } from "@kubesim/manifests";
import type { KubectlIO } from "./KubectlContext.js";

/** An object read from `-f`, with where it came from (for messages such as `error when creating "f.yaml"`). */
export interface SourcedObject {
  readonly object: ManifestObject;
  /** The file path as given, or `STDIN`. */
  readonly source: string;
}

/** File extensions kubectl reads from a directory (cli-runtime resource.FileExtensions). */
const EXTENSIONS = [".json", ".yaml", ".yml"];

/**
 * Reads every object named by `-f` arguments, as kubectl's resource builder does: `-` is
 * standard input, a directory contributes its `.json`/`.yaml`/`.yml` files in name order
 * (recursively with `-R`), a missing path is `the path "x" does not exist`. Reading stops at
 * the first error; kubectl streams objects to the command as it reads them, so the objects read
 * before the error are still acted on, and the error is reported after them.
 */
export function readManifests(
  filenames: readonly string[],
  io: KubectlIO,
  recursive: boolean,
): { objects: SourcedObject[]; error: string | undefined } {
  const objects: SourcedObject[] = [];
  const join = (dir: string, name: string) =>
    io.fs?.join ? io.fs.join(dir, name) : `${dir.replace(/\/$/, "")}/${name}`;
  const readFile = (path: string, source: string): string | undefined => {
    let text: string | undefined;
    try {
      text = path === "-" ? (io.stdin ?? "") : io.fs?.readFile(path);
    } catch {
      text = undefined;
    }
    if (text === undefined) return `the path "${path}" does not exist`;
    const parsed = parseManifests(text, source);
    for (const m of parsed.manifests) objects.push({ object: m.object, source });
    return parsed.diagnostics[0]?.message;
  };
  const visit = (path: string, top: boolean): string | undefined => {
    const kind = io.fs?.stat(path);
    if (kind === undefined) return `the path "${path}" does not exist`;
    if (kind === "file") {
      if (!top && !EXTENSIONS.some((e) => path.endsWith(e))) return undefined;
      return readFile(path, path);
    }
    for (const name of io.fs!.readDir(path)) {
      const child = join(path, name);
      if (io.fs!.stat(child) === "directory" && !recursive) continue;
      const err = visit(child, false);
      if (err) return err;
    }
    return undefined;
  };
  for (const f of filenames) {
    if (/^https?:\/\//.test(f)) {
      return { objects, error: `kubesim cannot fetch "${f}": only local files and "-" are supported` };
    }
    const error = f === "-" ? readFile("-", "STDIN") : visit(f, true);
    if (error) return { objects, error };
  }
  return { objects, error: undefined };
}
