/**
 * A simple model of what a container's process does, so that exiting containers, exec probes,
 * preStop hooks and graceful termination behave as they would on a real node. Pure functions
 * of the image and the command; no clock, no randomness.
 *
 * What is modelled:
 * - `sleep N` (GNU suffixes, `infinity`), `true`, `false`, `:`, `exit N`, and `sh|bash|ash -c
 *   '<script>'` scripts made of those plus `touch`/`rm`/`echo ... > file` (file events, for
 *   `cat /tmp/healthy` exec probes), `while`/`until` loops and `tail -f` (run until stopped),
 *   `;`, newlines, `&&` and `||`;
 * - servers (nginx, httpd, redis, postgres, agnhost netexec/serve-hostname, http-echo, ...):
 *   they run until stopped, listen on their well-known or configured ports and exit promptly
 *   on SIGTERM;
 * - shells without a script (the default command of busybox, alpine, ubuntu, ...) exit 0 at
 *   once, as they do without a terminal;
 * - network clients (`wget`, `curl`, `nc` without `-l`, `ping -c N`, `nslookup`, `dig`, `host`,
 *   `getent`) exit 0 after about a second, so `kubectl run --restart=Never -- wget ...` pods
 *   complete; what they print and their real exit status come from the dataplane's tools;
 * - anything unknown runs until stopped.
 *
 * SIGTERM: a process that is PID 1 and installs no handler ignores it (the kernel drops
 * default-action signals sent to a namespace's init), so `sleep 3600` and plain `sh -c`
 * scripts run until the kubelet's SIGKILL at the end of the grace period; servers handle it.
 *
 * @module
 */

/** A file appearing or disappearing at a moment of a container's run. */
export interface FileEvent {
  /** Milliseconds after the container started. */
  readonly atMs: number;
  readonly path: string;
  readonly exists: boolean;
}

/** What a container's main process does once started. */
export interface ContainerBehaviour {
  /** How long it runs before exiting by itself; `undefined`: until it is stopped. */
  readonly runsForMs: number | undefined;
  /** Its exit code when it exits by itself. */
  readonly exitCode: number;
  /** TCP ports it listens on (besides the container's declared `containerPort`s). */
  readonly listens: readonly number[];
  /** What SIGTERM does: `exit` promptly, or `ignore` it until SIGKILL. */
  readonly onSigterm: "exit" | "ignore";
  /** The exit code after a SIGTERM it handles. */
  readonly sigtermExitCode: number;
  /** Files the process creates and removes, in time order. */
  readonly files: readonly FileEvent[];
  /** Whether the image's tools are busybox's (their error messages differ from coreutils'). */
  readonly busybox: boolean;
}

/** The repository's last path element without tag or digest: `registry.k8s.io/e2e-test-images/agnhost:2.39` → `agnhost`. */
export function imageBaseName(image: string): string {
  const noDigest = image.split("@")[0] ?? image;
  const lastSlash = noDigest.lastIndexOf("/");
  const last = noDigest.slice(lastSlash + 1);
  const colon = last.indexOf(":");
  return colon < 0 ? last : last.slice(0, colon);
}

/** Images whose default entrypoint is a long-running server, with the port it listens on. */
const SERVER_IMAGES: Readonly<Record<string, readonly number[]>> = {
  nginx: [80],
  "nginx-unprivileged": [8080],
  httpd: [80],
  caddy: [80, 443],
  traefik: [80],
  whoami: [80],
  redis: [6379],
  postgres: [5432],
  mysql: [3306],
  mariadb: [3306],
  mongo: [27017],
  memcached: [11211],
  rabbitmq: [5672],
  "echo-server": [8080],
  "hello-app": [8080],
  "http-echo": [5678],
  coredns: [53],
  pause: [],
  agnhost: [],
};

/** Images whose default command is a shell or an interpreter that exits at once without a terminal. */
const SHELL_IMAGES = new Set(["busybox", "alpine", "ubuntu", "debian", "fedora", "centos", "python", "node"]);

const BUSYBOX_IMAGES = new Set(["busybox", "alpine"]);

const SHELLS = new Set(["sh", "bash", "ash", "dash", "zsh"]);

/** Images whose entrypoint is a client tool, so `args` alone are that tool's arguments. */
const CLIENT_IMAGE_ENTRYPOINTS: Readonly<Record<string, string>> = { curl: "curl" };

/** Programs that make a request and exit by themselves (unless told to listen or repeat). */
const CLIENT_COMMANDS = new Set(["wget", "curl", "nc", "ping", "nslookup", "dig", "host", "getent"]);

/** How long a client command is taken to run: a request, its answer, and the process's exit. */
const CLIENT_COMMAND_MS = 1000;

/** Whether `name rest...` is a client that exits by itself: `nc -l` listens and `ping` without `-c` repeats until stopped. */
function isClientCommand(name: string, rest: readonly string[]): boolean {
  if (!CLIENT_COMMANDS.has(name)) return false;
  if (name === "nc") return !rest.some((w) => /^-[A-Za-z]*l/.test(w) || w === "--listen");
  if (name === "ping") return rest.some((w) => /^-[A-Za-z]*c/.test(w));
  return true;
}

/** Long-running programs when named as a command: they listen on these ports. */
const SERVER_COMMANDS: Readonly<Record<string, readonly number[]>> = {
  nginx: [80],
  httpd: [80],
  "redis-server": [6379],
  postgres: [5432],
  "docker-entrypoint.sh": [],
};

/**
 * The behaviour of a container from its image and its `command`/`args` (the Kubernetes
 * fields: `command` replaces the image's entrypoint, `args` its cmd).
 */
export function containerBehaviour(
  image: string,
  command?: readonly string[],
  args?: readonly string[],
): ContainerBehaviour {
  const base = imageBaseName(image);
  const busybox = BUSYBOX_IMAGES.has(base);
  if (command && command.length > 0) return runArgv([...command, ...(args ?? [])], base, busybox);
  if (base === "agnhost") return agnhost(args ?? [], busybox);
  if (base === "http-echo") {
    const listen = flagValue(args ?? [], "listen");
    const port = listen ? Number(listen.slice(listen.lastIndexOf(":") + 1)) : 5678;
    return server(Number.isInteger(port) ? [port] : [5678], busybox);
  }
  const entrypoint = CLIENT_IMAGE_ENTRYPOINTS[base];
  if (entrypoint && args && args.length > 0) return runArgv([entrypoint, ...args], base, busybox);
  const ports = SERVER_IMAGES[base];
  if (ports) return server(ports, busybox);
  if (SHELL_IMAGES.has(base)) {
    // `args` replace the image's cmd: busybox's cmd is `sh`, so args are the command line.
    if (args && args.length > 0) return runArgv(args, base, busybox);
    return exited(0, busybox);
  }
  return server([], busybox);
}

/**
 * The argument vector of a container's main process, as the runtime builds it from the image's
 * entrypoint and cmd and the Kubernetes `command`/`args`: `command` + `args`; a client image's
 * entrypoint + `args` (`curlimages/curl`: `curl ...`); a shell image's `args` alone (busybox's
 * cmd is `sh` and it has no entrypoint), `[]` for its default shell. `undefined` for images
 * whose default process is a server or unknown: their entrypoint is not a command line kubesim
 * runs.
 */
export function mainProcessArgv(
  image: string,
  command?: readonly string[],
  args?: readonly string[],
): string[] | undefined {
  if (command && command.length > 0) return [...command, ...(args ?? [])];
  const base = imageBaseName(image);
  const entrypoint = CLIENT_IMAGE_ENTRYPOINTS[base];
  if (entrypoint) return args && args.length > 0 ? [entrypoint, ...args] : undefined;
  if (SHELL_IMAGES.has(base)) return [...(args ?? [])];
  return undefined;
}

function agnhost(args: readonly string[], busybox: boolean): ContainerBehaviour {
  const sub = args[0];
  if (sub === "netexec") {
    const http = Number(flagValue(args, "http-port") ?? 8080);
    return server([http], busybox);
  }
  if (sub === "serve-hostname") return server([Number(flagValue(args, "port") ?? 9376)], busybox);
  if (sub === "test-webserver") return server([Number(flagValue(args, "port") ?? 80)], busybox);
  return server([], busybox);
}

/** `--name=value`, `-name=value`, `--name value`. */
function flagValue(args: readonly string[], name: string): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    for (const prefix of [`--${name}=`, `-${name}=`]) if (a.startsWith(prefix)) return a.slice(prefix.length);
    if ((a === `--${name}` || a === `-${name}`) && i + 1 < args.length) return args[i + 1];
  }
  return undefined;
}

function server(ports: readonly number[], busybox: boolean): ContainerBehaviour {
  return {
    runsForMs: undefined,
    exitCode: 0,
    listens: ports,
    onSigterm: "exit",
    sigtermExitCode: 0,
    files: [],
    busybox,
  };
}

function exited(code: number, busybox: boolean, afterMs = 0, files: FileEvent[] = []): ContainerBehaviour {
  return {
    runsForMs: afterMs,
    exitCode: code,
    listens: [],
    onSigterm: "ignore",
    sigtermExitCode: 143,
    files,
    busybox,
  };
}

function runArgv(argv: readonly string[], base: string, busybox: boolean): ContainerBehaviour {
  const program = basename(argv[0] ?? "");
  if (SHELLS.has(program)) {
    const c = argv.indexOf("-c");
    if (c < 0 || c + 1 >= argv.length) return exited(0, busybox);
    const run = runScript(argv[c + 1]!);
    return {
      runsForMs: run.forever ? undefined : run.ms,
      exitCode: run.code,
      listens: run.listens,
      onSigterm: run.trapsTerm ? "exit" : "ignore",
      sigtermExitCode: 143,
      files: run.files,
      busybox,
    };
  }
  const run = runScript(argv.map(shellQuote).join(" "));
  const serverPorts = SERVER_COMMANDS[program] ?? (program === base ? SERVER_IMAGES[base] : undefined);
  if (serverPorts) return server(serverPorts, busybox);
  return {
    runsForMs: run.forever ? undefined : run.ms,
    exitCode: run.code,
    listens: run.listens,
    // A program run as PID 1 without a shell: `sleep` installs no handler; unknown programs
    // are assumed to be servers that do.
    onSigterm: run.unknown ? "exit" : "ignore",
    sigtermExitCode: 143,
    files: run.files,
    busybox,
  };
}

function basename(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}

function shellQuote(word: string): string {
  return /^[A-Za-z0-9_./:=,+-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}

/** The outcome of running a script from its start. */
interface ScriptRun {
  /** Total time when it ends. */
  readonly ms: number;
  readonly code: number;
  /** It never ends by itself. */
  readonly forever: boolean;
  readonly files: FileEvent[];
  readonly listens: number[];
  readonly trapsTerm: boolean;
  /** A command the model does not know ran (and was taken to run until stopped). */
  readonly unknown: boolean;
  /** The output of the last command that failed, for probe messages. */
  readonly output: string;
}

type Connector = ";" | "&&" | "||";

/** Splits a script into words and connectors, honouring quotes. Redirections stay as words. */
function tokenize(script: string): { words: string[]; connector: Connector }[] {
  const statements: { words: string[]; connector: Connector }[] = [];
  let words: string[] = [];
  let word = "";
  let inWord = false;
  const endWord = () => {
    if (inWord) words.push(word);
    word = "";
    inWord = false;
  };
  const endStatement = (connector: Connector) => {
    endWord();
    if (words.length > 0) statements.push({ words, connector });
    else if (statements.length > 0) statements[statements.length - 1]!.connector = connector;
    words = [];
  };
  for (let i = 0; i < script.length; i++) {
    const ch = script[i]!;
    if (ch === "'" || ch === '"') {
      const end = script.indexOf(ch, i + 1);
      word += script.slice(i + 1, end < 0 ? script.length : end);
      inWord = true;
      i = end < 0 ? script.length : end;
    } else if (ch === ";" || ch === "\n") endStatement(";");
    else if (ch === "&" && script[i + 1] === "&") {
      endStatement("&&");
      i++;
    } else if (ch === "|" && script[i + 1] === "|") {
      endStatement("||");
      i++;
    } else if (ch === " " || ch === "\t") endWord();
    else {
      word += ch;
      inWord = true;
    }
  }
  endStatement(";");
  return statements;
}

const LOOP_WORDS = new Set(["while", "until", "for"]);

/** Runs a shell script through the model. */
function runScript(script: string, files?: Map<string, boolean>, atMs = 0): ScriptRun {
  const events: FileEvent[] = [];
  const state = files ?? new Map<string, boolean>();
  const listens: number[] = [];
  let ms = 0;
  let code = 0;
  let output = "";
  let trapsTerm = false;
  let unknown = false;
  let skip: Connector | undefined;
  const statements = tokenize(script);
  for (const { words, connector } of statements) {
    const run = skip === undefined || (skip === "&&" ? code === 0 : code !== 0);
    if (run) {
      const [cmd = "", ...rest] = words;
      const name = basename(cmd);
      if (LOOP_WORDS.has(name) || (name === "tail" && rest.includes("-f"))) {
        return { ms, code, forever: true, files: events, listens, trapsTerm, unknown, output };
      }
      if (name === "exec" && rest.length > 0) {
        const inner = runArgv(rest, "", false);
        if (inner.runsForMs === undefined)
          return {
            ms,
            code,
            forever: true,
            files: events,
            listens: [...listens, ...inner.listens],
            trapsTerm: inner.onSigterm === "exit",
            unknown,
            output,
          };
        return {
          ms: ms + inner.runsForMs,
          code: inner.exitCode,
          forever: false,
          files: events,
          listens,
          trapsTerm,
          unknown,
          output,
        };
      }
      const redirect = words.findIndex((w) => w === ">" || w === ">>");
      const target =
        redirect >= 0 ? words[redirect + 1] : words.find((w) => /^>>?./.test(w))?.replace(/^>>?/, "");
      switch (name) {
        case "sleep": {
          const seconds = parseSleepSeconds(rest);
          if (seconds === undefined)
            return { ms, code, forever: true, files: events, listens, trapsTerm, unknown, output };
          ms += seconds * 1000;
          code = 0;
          break;
        }
        case "exit":
          return {
            ms,
            code: exitStatus(rest[0], code),
            forever: false,
            files: events,
            listens,
            trapsTerm,
            unknown,
            output,
          };
        case "true":
        case ":":
          code = 0;
          break;
        case "false":
          code = 1;
          break;
        case "trap":
          if (rest.some((w) => w === "TERM" || w === "SIGTERM" || w === "15")) trapsTerm = true;
          code = 0;
          break;
        case "touch":
          for (const path of rest.filter((w) => !w.startsWith("-")))
            setFile(state, events, atMs + ms, path, true);
          code = 0;
          break;
        case "rm":
          for (const path of rest.filter((w) => !w.startsWith("-")))
            setFile(state, events, atMs + ms, path, false);
          code = 0;
          break;
        case "cat":
        case "ls":
        case "stat":
        case "test":
        case "[": {
          if (target) {
            setFile(state, events, atMs + ms, target, true);
            code = 0;
            break;
          }
          const path = rest.filter((w) => !w.startsWith("-") && w !== "]").at(-1);
          code = path === undefined || state.get(path) === true ? 0 : 1;
          output = code === 0 ? "" : missingFileMessage(name, path ?? "");
          break;
        }
        default: {
          if (target) {
            setFile(state, events, atMs + ms, target, true);
            code = 0;
            break;
          }
          if (
            name === "echo" ||
            name === "printf" ||
            name === "date" ||
            name === "hostname" ||
            name === "env"
          ) {
            code = 0;
            break;
          }
          if (isClientCommand(name, rest)) {
            ms += CLIENT_COMMAND_MS;
            code = 0;
            break;
          }
          const ports = SERVER_COMMANDS[name] ?? SERVER_IMAGES[name];
          if (ports)
            return {
              ms,
              code,
              forever: true,
              files: events,
              listens: [...listens, ...ports],
              trapsTerm: true,
              unknown,
              output,
            };
          // An unknown program: assumed to run until stopped, as an unknown image's entrypoint.
          unknown = true;
          return { ms, code, forever: true, files: events, listens, trapsTerm, unknown, output };
        }
      }
    }
    skip = connector === ";" ? undefined : connector;
  }
  return { ms, code, forever: false, files: events, listens, trapsTerm, unknown, output };
}

function setFile(
  state: Map<string, boolean>,
  events: FileEvent[],
  atMs: number,
  path: string,
  exists: boolean,
): void {
  state.set(path, exists);
  events.push({ atMs, path, exists });
}

function exitStatus(arg: string | undefined, last: number): number {
  if (arg === undefined) return last;
  const n = Number(arg);
  return Number.isInteger(n) ? ((n % 256) + 256) % 256 : 2;
}

/** GNU sleep's arguments in seconds (sum of NUMBER[smhd]); `undefined` for `infinity` or bad input. */
function parseSleepSeconds(args: readonly string[]): number | undefined {
  let total = 0;
  for (const a of args) {
    const m = /^(\d+(?:\.\d*)?|\.\d+)([smhd]?)$/.exec(a);
    if (!m) return undefined;
    total += Number(m[1]) * { "": 1, s: 1, m: 60, h: 3600, d: 86400 }[m[2] as "" | "s" | "m" | "h" | "d"];
  }
  return total;
}

function missingFileMessage(tool: string, path: string): string {
  // coreutils wording; busybox's is chosen in execOutcome.
  if (tool === "cat") return `cat: ${path}: No such file or directory\n`;
  if (tool === "ls") return `ls: cannot access '${path}': No such file or directory\n`;
  if (tool === "stat") return `stat: cannot statx '${path}': No such file or directory\n`;
  return "";
}

/** What an exec (a probe or a preStop hook) returns. */
export interface ExecOutcome {
  readonly exitCode: number;
  /** Combined output, as the prober puts it in the `Unhealthy` event. */
  readonly output: string;
  /** How long the command runs (`undefined`: it would never end). */
  readonly durationMs: number | undefined;
}

/**
 * Runs `command` inside a container `elapsedMs` after the container started: files the
 * container's own process created or removed by then are seen (`cat /tmp/healthy`).
 */
export function execOutcome(
  command: readonly string[],
  behaviour: ContainerBehaviour,
  elapsedMs: number,
): ExecOutcome {
  const files = new Map<string, boolean>();
  for (const e of behaviour.files) if (e.atMs <= elapsedMs) files.set(e.path, e.exists);
  const program = basename(command[0] ?? "");
  const script =
    SHELLS.has(program) && command.indexOf("-c") >= 0
      ? (command[command.indexOf("-c") + 1] ?? "")
      : command.map(shellQuote).join(" ");
  const run = runScript(script, files);
  let output = run.code === 0 ? "" : run.output;
  if (behaviour.busybox && output.startsWith("cat: ")) {
    const path = output.slice(5, output.indexOf(": No such file"));
    output = `cat: can't open '${path}': No such file or directory\n`;
  }
  return { exitCode: run.code, output, durationMs: run.forever ? undefined : run.ms };
}

/** The instants (ms after start) at which an exec command's outcome may change: the file events. */
export function execChangePoints(behaviour: ContainerBehaviour): number[] {
  return [...new Set(behaviour.files.map((f) => f.atMs))].sort((a, b) => a - b);
}
