/**
 * A small subset of busybox `ash` for `sh -c 'SCRIPT'`: words with single and double quotes and
 * backslashes, `$?`, `$HOSTNAME` and other (empty) variables, lists with `;`, `&&`, `||`,
 * pipelines with `|`, the redirections `>FILE`, `>>FILE`, `2>FILE`, `N>&M`, and the builtins
 * `exit`, `cd`, `export`, `:`. Files other than /dev/null are not simulated: output redirected
 * to them is discarded.
 *
 * @module
 */
import { type CommandOutput, finish, newOutput, type ToolContext } from "./common.js";

/** Runs one simple command (already split into words) with a given stdin. */
export type CommandRunner = (argv: readonly string[], ctx: ToolContext) => CommandOutput;

/** Stands for `$?` inside a word until the command runs. */
const STATUS = "\u0000";

type Token =
  | { readonly kind: "word"; readonly value: string }
  | { readonly kind: "op"; readonly value: ";" | "&&" | "||" | "|" }
  | {
      readonly kind: "redir";
      readonly fd: number;
      readonly op: ">" | ">>" | ">&" | "<";
      readonly target?: string;
    };

function tokenize(
  script: string,
  vars: Readonly<Record<string, string>>,
): Token[] | { readonly error: string } {
  const tokens: Token[] = [];
  let i = 0;
  const n = script.length;
  while (i < n) {
    const c = script[i] as string;
    if (c === " " || c === "\t" || c === "\n") {
      if (c === "\n") tokens.push({ kind: "op", value: ";" });
      i++;
      continue;
    }
    if (c === "#") {
      while (i < n && script[i] !== "\n") i++;
      continue;
    }
    if (c === ";") {
      tokens.push({ kind: "op", value: ";" });
      i++;
      continue;
    }
    if (c === "&" && script[i + 1] === "&") {
      tokens.push({ kind: "op", value: "&&" });
      i += 2;
      continue;
    }
    if (c === "|") {
      if (script[i + 1] === "|") {
        tokens.push({ kind: "op", value: "||" });
        i += 2;
      } else {
        tokens.push({ kind: "op", value: "|" });
        i++;
      }
      continue;
    }
    const redir = /^(\d?)(>>|>&|>|<)/.exec(script.slice(i));
    if (redir !== null) {
      const op = redir[2] as ">" | ">>" | ">&" | "<";
      const fd = redir[1] !== "" ? Number(redir[1]) : op === "<" ? 0 : 1;
      i += redir[0].length;
      tokens.push({ kind: "redir", fd, op });
      continue;
    }
    // A word: concatenated quoted and unquoted parts.
    let word = "";
    while (i < n) {
      const ch = script[i] as string;
      if (" \t\n;&|<>".includes(ch)) break;
      if (ch === "'") {
        const end = script.indexOf("'", i + 1);
        if (end < 0) return { error: "sh: syntax error: unterminated quoted string" };
        word += script.slice(i + 1, end);
        i = end + 1;
      } else if (ch === '"') {
        i++;
        let closed = false;
        while (i < n) {
          const d = script[i] as string;
          if (d === '"') {
            closed = true;
            i++;
            break;
          }
          if (d === "\\" && i + 1 < n && '$`"\\\n'.includes(script[i + 1] as string)) {
            word += script[i + 1];
            i += 2;
          } else if (d === "$") {
            const [text, len] = expandVar(script, i, vars);
            word += text;
            i += len;
          } else {
            word += d;
            i++;
          }
        }
        if (!closed) return { error: "sh: syntax error: unterminated quoted string" };
      } else if (ch === "\\") {
        if (i + 1 < n && script[i + 1] !== "\n") word += script[i + 1];
        i += 2;
      } else if (ch === "$") {
        const [text, len] = expandVar(script, i, vars);
        word += text;
        i += len;
      } else {
        word += ch;
        i++;
      }
    }
    const last = tokens[tokens.length - 1];
    if (last?.kind === "redir" && last.target === undefined) {
      tokens[tokens.length - 1] = { ...last, target: word };
    } else tokens.push({ kind: "word", value: word });
  }
  for (const t of tokens) {
    if (t.kind === "redir" && t.target === undefined)
      return { error: "sh: syntax error: unexpected newline" };
  }
  return tokens;
}

/** `$?`, `$NAME`, `${NAME}`; returns the text and how many characters were consumed. */
function expandVar(s: string, i: number, vars: Readonly<Record<string, string>>): [string, number] {
  const next = s[i + 1];
  if (next === "?") return [STATUS, 2];
  if (next === "{") {
    const end = s.indexOf("}", i);
    if (end > 0) return [vars[s.slice(i + 2, end)] ?? "", end - i + 1];
  }
  const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(s.slice(i + 1));
  if (m === null) return ["$", 1];
  return [vars[m[0]] ?? "", m[0].length + 1];
}

interface SimpleCommand {
  readonly words: readonly string[];
  readonly redirs: readonly Extract<Token, { kind: "redir" }>[];
}

type AndOr = { readonly op: ";" | "&&" | "||"; readonly pipeline: readonly SimpleCommand[] };

function parse(tokens: readonly Token[]): AndOr[] | { readonly error: string } {
  const list: AndOr[] = [];
  let pipeline: SimpleCommand[] = [];
  let words: string[] = [];
  let redirs: Extract<Token, { kind: "redir" }>[] = [];
  let op: ";" | "&&" | "||" = ";";
  const endCommand = (): boolean => {
    if (words.length === 0 && redirs.length === 0) return false;
    pipeline.push({ words, redirs });
    words = [];
    redirs = [];
    return true;
  };
  for (const t of tokens) {
    if (t.kind === "word") words.push(t.value);
    else if (t.kind === "redir") redirs.push(t);
    else if (t.value === "|") {
      if (!endCommand()) return { error: 'sh: syntax error: unexpected "|"' };
    } else {
      const had = endCommand();
      if (!had && pipeline.length > 0) return { error: `sh: syntax error: unexpected "${t.value}"` };
      if (pipeline.length > 0) list.push({ op, pipeline });
      else if (t.value !== ";") return { error: `sh: syntax error: unexpected "${t.value}"` };
      pipeline = [];
      op = t.value;
    }
  }
  endCommand();
  if (pipeline.length > 0) list.push({ op, pipeline });
  else if (op !== ";") return { error: "sh: syntax error: unexpected end of file" };
  return list;
}

/** Runs an ash script. */
export function runShellScript(script: string, ctx: ToolContext, run: CommandRunner): CommandOutput {
  const o = newOutput();
  const vars: Record<string, string> = {
    HOSTNAME: ctx.env.hostname,
    HOME: "/root",
    PATH: "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
  };
  const tokens = tokenize(script, vars);
  if ("error" in tokens) {
    o.err = `${tokens.error}\n`;
    return finish(o, 2);
  }
  const list = parse(tokens);
  if ("error" in list) {
    o.err = `${list.error}\n`;
    return finish(o, 2);
  }
  let status = 0;
  for (const { op, pipeline } of list) {
    if (op === "&&" && status !== 0) continue;
    if (op === "||" && status === 0) continue;
    let stdin = ctx.stdin;
    let longest = 0;
    for (let k = 0; k < pipeline.length; k++) {
      const cmd = pipeline[k] as SimpleCommand;
      const argv = cmd.words.map((w) => w.replaceAll(STATUS, String(status)));
      // Redirections, left to right: where stdout and stderr go, and a `<` input file.
      const fds: Record<number, "out" | "err" | "null"> = { 1: "out", 2: "err" };
      let input = stdin;
      for (const rd of cmd.redirs) {
        if (rd.op === "<") input = ctx.env.readFile(rd.target ?? "") ?? "";
        else if (rd.op === ">&") fds[rd.fd] = fds[Number(rd.target)] ?? "null";
        else fds[rd.fd] = "null";
      }
      const remaining = ctx.maxWaitMs - o.elapsedMs;
      const sub: ToolContext = { ...ctx, stdin: input, maxWaitMs: Math.max(0, remaining) };
      const isLast = k === pipeline.length - 1;
      const first = argv[0];
      if (first === "exit") {
        const code = argv[1] !== undefined ? Number(argv[1]) & 255 : status;
        return finish(o, Number.isNaN(code) ? 2 : code);
      }
      const r: CommandOutput =
        first === undefined || first === "cd" || first === "export" || first === ":"
          ? finish(newOutput(), 0)
          : run(argv, sub);
      let pipeOut = "";
      const route = (text: string, fd: 1 | 2): void => {
        const to = fds[fd];
        if (to === "out") {
          if (isLast) o.out += text;
          else pipeOut += text;
        } else if (to === "err") o.err += text;
      };
      route(r.stdout, 1);
      route(r.stderr, 2);
      stdin = pipeOut;
      longest = Math.max(longest, r.elapsedMs);
      status = r.exitCode;
      if (r.hung) {
        o.elapsedMs += longest;
        return finish(o, r.exitCode, true);
      }
    }
    o.elapsedMs += longest;
  }
  return finish(o, status);
}
