/**
 * Command-line flags as kubectl's cobra/pflag parse them: `--name=value`, `--name value`,
 * `-n value`, `-nvalue`, `-n=value`, combined boolean shorthands (`-it`), booleans as
 * `--flag` or `--flag=false`, repeatable flags, flags anywhere among the arguments, and `--`
 * ending flag parsing. Errors are worded as pflag words them.
 */
export interface FlagSpec {
  readonly name: string;
  readonly shorthand?: string;
  readonly type: "bool" | "string" | "int" | "stringArray";
  /** For `string` flags that may be given bare (pflag NoOptDefVal), the value used then. */
  readonly noOptDefault?: string;
}

/** The parsed flags and positional arguments. */
export interface ParsedFlags {
  readonly values: ReadonlyMap<string, string | boolean | number | readonly string[]>;
  readonly args: readonly string[];
  /** Arguments after `--`, kept apart (kubectl run/exec use them as the container command). */
  readonly afterDash: readonly string[] | undefined;
}

export type ParseFlagsResult = { ok: true; flags: ParsedFlags } | { ok: false; error: string };

/** Parses `argv` against `specs`; unknown flags are an error, as in kubectl. */
export function parseFlags(argv: readonly string[], specs: readonly FlagSpec[]): ParseFlagsResult {
  const byName = new Map(specs.map((s) => [s.name, s]));
  const byShort = new Map(specs.filter((s) => s.shorthand).map((s) => [s.shorthand!, s]));
  const values = new Map<string, string | boolean | number | string[]>();
  const args: string[] = [];
  let afterDash: string[] | undefined;

  const set = (spec: FlagSpec, raw: string | undefined, flagText: string): string | undefined => {
    switch (spec.type) {
      case "bool": {
        if (raw === undefined) values.set(spec.name, true);
        else if (/^(1|t|T|TRUE|true|True)$/.test(raw)) values.set(spec.name, true);
        else if (/^(0|f|F|FALSE|false|False)$/.test(raw)) values.set(spec.name, false);
        else
          return `invalid argument "${raw}" for "${flagText}" flag: strconv.ParseBool: parsing "${raw}": invalid syntax`;
        return undefined;
      }
      case "int": {
        if (raw === undefined || !/^[+-]?\d+$/.test(raw)) {
          return `invalid argument "${raw ?? ""}" for "${flagText}" flag: strconv.ParseInt: parsing "${raw ?? ""}": invalid syntax`;
        }
        values.set(spec.name, Number(raw));
        return undefined;
      }
      case "stringArray": {
        const list = (values.get(spec.name) as string[] | undefined) ?? [];
        list.push(raw ?? "");
        values.set(spec.name, list);
        return undefined;
      }
      default:
        values.set(spec.name, raw ?? "");
        return undefined;
    }
  };

  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--") {
      afterDash = argv.slice(i + 1) as string[];
      break;
    }
    if (a.startsWith("--") && a.length > 2) {
      const eq = a.indexOf("=");
      const name = eq < 0 ? a.slice(2) : a.slice(2, eq);
      const spec = byName.get(name);
      if (!spec) return { ok: false, error: `unknown flag: --${name}` };
      let raw: string | undefined = eq < 0 ? undefined : a.slice(eq + 1);
      if (raw === undefined && spec.type !== "bool") {
        if (spec.noOptDefault !== undefined) raw = spec.noOptDefault;
        else if (i + 1 < argv.length) raw = argv[++i];
        else return { ok: false, error: `flag needs an argument: --${name}` };
      }
      const err = set(spec, raw, `--${name}`);
      if (err) return { ok: false, error: err };
      continue;
    }
    if (a.startsWith("-") && a.length > 1) {
      // A run of shorthands: booleans may be combined; the first non-boolean takes the rest.
      for (let j = 1; j < a.length; j++) {
        const c = a[j]!;
        const spec = byShort.get(c);
        if (!spec) return { ok: false, error: `unknown shorthand flag: '${c}' in ${a}` };
        const flagText = `-${c}, --${spec.name}`;
        if (spec.type === "bool") {
          const raw = a[j + 1] === "=" ? a.slice(j + 2) : undefined;
          const err = set(spec, raw, flagText);
          if (err) return { ok: false, error: err };
          if (raw !== undefined) break;
          continue;
        }
        let raw = a.slice(j + 1);
        if (raw.startsWith("=")) raw = raw.slice(1);
        else if (raw === "") {
          if (spec.noOptDefault !== undefined) raw = spec.noOptDefault;
          else if (i + 1 < argv.length) raw = argv[++i]!;
          else return { ok: false, error: `flag needs an argument: '${c}' in -${c}` };
        }
        const err = set(spec, raw, flagText);
        if (err) return { ok: false, error: err };
        break;
      }
      continue;
    }
    args.push(a);
  }
  return { ok: true, flags: { values, args, afterDash } };
}

/** Typed access to parsed flag values with defaults. */
export class Flags {
  readonly #parsed: ParsedFlags;

  constructor(parsed: ParsedFlags) {
    this.#parsed = parsed;
  }

  get args(): readonly string[] {
    return this.#parsed.args;
  }

  get afterDash(): readonly string[] | undefined {
    return this.#parsed.afterDash;
  }

  has(name: string): boolean {
    return this.#parsed.values.has(name);
  }

  string(name: string, fallback = ""): string {
    const v = this.#parsed.values.get(name);
    return typeof v === "string" ? v : fallback;
  }

  bool(name: string, fallback = false): boolean {
    const v = this.#parsed.values.get(name);
    return typeof v === "boolean" ? v : fallback;
  }

  int(name: string, fallback: number): number {
    const v = this.#parsed.values.get(name);
    return typeof v === "number" ? v : fallback;
  }

  strings(name: string): readonly string[] {
    const v = this.#parsed.values.get(name);
    return Array.isArray(v) ? v : [];
  }
}
