import type { FileSystem } from "../KubectlContext.js";
import { fail, type GenerateResult } from "./goMaps.js";

/** One key/value pair gathered from `--from-literal`, `--from-file` or `--from-env-file`. */
export interface DataEntry {
  readonly key: string;
  readonly value: string;
}

/**
 * `util.ParseLiteralSource` (k8s.io/kubectl/pkg/util/util.go): `key=value`, split at the first
 * `=`; the key must not be empty.
 */
export function parseLiteralSource(source: string): GenerateResult<DataEntry> {
  const i = source.indexOf("=");
  if (i <= 0) return fail(`invalid literal source ${source}, expected key=value`);
  return { ok: true, object: { key: source.slice(0, i), value: source.slice(i + 1) } };
}

/**
 * `util.ParseFileSource`: `[key=]path`; without a key the key is the file's base name.
 */
export function parseFileSource(source: string): GenerateResult<{ key: string; path: string }> {
  const separators = source.split("=").length - 1;
  if (separators === 0) return { ok: true, object: { key: baseName(source), path: source } };
  if (separators === 1 && source.startsWith("="))
    return fail(`key name for file path ${source.slice(1)} missing`);
  if (separators === 1 && source.endsWith("="))
    return fail(`file path for key name ${source.slice(0, -1)} missing`);
  if (separators > 1) return fail("key names or file paths cannot contain '='");
  const i = source.indexOf("=");
  return { ok: true, object: { key: source.slice(0, i), path: source.slice(i + 1) } };
}

function baseName(path: string): string {
  const trimmed = path.replace(/\/+$/, "");
  return trimmed.slice(trimmed.lastIndexOf("/") + 1) || "/";
}

/**
 * Reads `--from-file` sources as `handleConfigMapFromFileSources`/`handleSecretFromFileSources`
 * do: a file gives one entry; a directory gives one entry per regular file in it, keyed by file
 * name (a key for a directory is an error); a missing path is `error reading PATH: no such file
 * or directory`.
 */
export function readFileSources(
  sources: readonly string[],
  fs: FileSystem | undefined,
): GenerateResult<DataEntry[]> {
  const entries: DataEntry[] = [];
  for (const source of sources) {
    const parsed = parseFileSource(source);
    if (!parsed.ok) return parsed;
    const { key, path } = parsed.object;
    const kind = fs?.stat(path);
    if (kind === undefined) return fail(`error reading ${path}: no such file or directory`);
    if (kind === "directory") {
      if (source.includes("=")) return fail("cannot give a key name for a directory path");
      for (const name of fs!.readDir(path)) {
        const child = fs!.join ? fs!.join(path, name) : `${path.replace(/\/$/, "")}/${name}`;
        if (fs!.stat(child) !== "file") continue;
        entries.push({ key: name, value: fs!.readFile(child) });
      }
      continue;
    }
    entries.push({ key, value: fs!.readFile(path) });
  }
  return { ok: true, object: entries };
}

/**
 * Reads `--from-env-file` sources as `cmdutil.AddFromEnvFile` does: one `KEY=value` per line,
 * leading white space and a first-line BOM dropped, blank lines and `#` comments skipped, keys
 * checked as environment variable names; a line without `=` takes its value from kubectl's
 * environment, which a simulated kubectl does not have, so it is empty.
 */
export function readEnvFileSources(
  sources: readonly string[],
  fs: FileSystem | undefined,
  directoryError: string,
): GenerateResult<DataEntry[]> {
  const entries: DataEntry[] = [];
  for (const path of sources) {
    const kind = fs?.stat(path);
    if (kind === undefined) return fail(`error reading ${path}: no such file or directory`);
    if (kind === "directory") return fail(directoryError);
    const lines = fs!.readFile(path).split("\n");
    for (let i = 0; i < lines.length; i++) {
      let line = lines[i]!.replace(/\r$/, "");
      if (i === 0) line = line.replace(/^\uFEFF/, "");
      line = line.replace(/^\s+/, "");
      if (line === "" || line.startsWith("#")) continue;
      const eq = line.indexOf("=");
      const key = eq < 0 ? line : line.slice(0, eq);
      if (!/^[-._a-zA-Z][-._a-zA-Z0-9]*$/.test(key)) {
        return fail(
          `${JSON.stringify(key)} is not a valid key name: a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')`,
        );
      }
      entries.push({ key, value: eq < 0 ? "" : line.slice(eq + 1) });
    }
  }
  return { ok: true, object: entries };
}

/** `validation.IsConfigMapKey`'s message for a key with characters outside `[-._a-zA-Z0-9]`. */
export const CONFIG_MAP_KEY_ERROR =
  "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')";

/** `validation.IsConfigMapKey`: the reasons a key is not a valid ConfigMap/Secret key. */
export function configMapKeyErrors(key: string): string[] {
  const errs: string[] = [];
  if (key.length > 253) errs.push("must be no more than 253 characters");
  if (!/^[-._a-zA-Z0-9]+$/.test(key)) errs.push(CONFIG_MAP_KEY_ERROR);
  if (key === ".") errs.push("must not be '.'");
  else if (key === "..") errs.push("must not be '..'");
  else if (key.startsWith("..")) errs.push("must not start with '..'");
  return errs;
}
