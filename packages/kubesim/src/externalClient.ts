/**
 * The machine outside the cluster: in a `kubesim run` script, plain `curl`, `wget`, `nc`,
 * `ping`, `nslookup`, `dig` and `getent hosts` run here, as they run on the laptop that
 * started a kind cluster. Its address is outside every cluster network (kind's docker
 * network gateway, `172.18.0.1`, by default), so it reaches node IPs, NodePorts, LoadBalancer
 * and external IPs, and nothing in the pod or Service networks.
 *
 * Names resolve as on an Ubuntu laptop: `/etc/hosts`, then systemd-resolved's stub at
 * `127.0.0.53`, which forwards to the outside world's DNS. Cluster names such as
 * `web.default.svc.cluster.local` do not exist there (NXDOMAIN), as on a real laptop.
 * Loopback (`127.0.0.0/8`) never leaves the machine: the stub answers DNS on
 * `127.0.0.53:53`, nothing else listens (connection refused), ping is answered.
 *
 * @module
 */
import type {
  CommandResult,
  Dataplane,
  DNSQuestion,
  DNSRecord,
  Origin,
  Protocol,
  Resolution,
  ToolEnvironment,
  ToolOutcome,
  Trace,
  Verdict,
} from "@kubesim/dataplane";
import { runCommand } from "@kubesim/dataplane";
import { type DNSConfig, resolveName, resolverConfig, UpstreamZone } from "@kubesim/dns";

/** What the outside world's DNS answers for one question (the shape of `UpstreamZone.answer`). */
export type HostResolver = (question: DNSQuestion) => {
  readonly rcode: "NOERROR" | "NXDOMAIN";
  readonly answers: readonly DNSRecord[];
};

/** How {@link runExternalClient} runs a command. */
export interface ExternalClientOptions {
  /** The machine's address (cluster config `outside.clientIP`, default `DEFAULT_EXTERNAL_CLIENT_IP`, 172.18.0.1). */
  readonly ip: string;
  /** Standard input (`echo hi | nc ...`, `curl -d @-`); default: none (immediate EOF). */
  readonly stdin?: string;
  /**
   * The outside world's DNS, which systemd-resolved forwards to. The cluster passes cluster
   * DNS's upstream zone (`dns.records.upstream.answer`) so that outside names agree for pods
   * and for this machine; default: a fresh {@link UpstreamZone} (`example.com`).
   */
  readonly hostResolver?: HostResolver;
  /** Applied last to the machine's tool environment (tests, and anything the cluster adds later). */
  readonly extend?: (env: ToolEnvironment) => ToolEnvironment;
  /** How long a command that would never end (`ping` without `-c`) runs before it is stopped (default 60 s). */
  readonly maxWaitMs?: number;
}

/**
 * Ubuntu's `/etc/resolv.conf`: the stub file systemd-resolved writes
 * (`src/resolve/resolved-resolv-conf.c`, `search .` when no search domain is configured).
 */
export const HOST_RESOLV_CONF = `# This is /run/systemd/resolve/stub-resolv.conf managed by man:systemd-resolved(8).
# Do not edit.
#
# This file might be symlinked as /etc/resolv.conf. If you're looking at
# /etc/resolv.conf and seeing this text, you have followed the symlink.
#
# This is a dynamic resolv.conf file for connecting local clients to the
# internal DNS stub resolver of systemd-resolved. This file lists all
# configured search domains.
#
# Run "resolvectl status" to see details about the uplink DNS servers
# currently in use.
#
# Third party programs should typically not access this file directly, but only
# through the symlink at /etc/resolv.conf. To manage man:resolv.conf(5) in a
# different way, replace this symlink by a static file or a different symlink.
#
# See man:systemd-resolved.service(8) for details about the supported modes of
# operation for /etc/resolv.conf.

nameserver 127.0.0.53
options edns0 trust-ad
search .
`;

/** systemd-resolved's stub listener. */
const STUB_RESOLVER_IP = "127.0.0.53";

/** {@link HOST_RESOLV_CONF} as the resolver reads it. */
const HOST_DNS: DNSConfig = Object.freeze({
  nameservers: Object.freeze([STUB_RESOLVER_IP]),
  searches: Object.freeze([]) as readonly string[],
  options: Object.freeze(["edns0", "trust-ad"]),
});

/** The stub answers from its cache or after forwarding; one millisecond, as the nodes' upstream does. */
const STUB_RESOLVER_MS = 1;

/** A round trip over loopback. */
const LOOPBACK_RTT_MS = 0.05;

/** Debian's and Ubuntu's `/etc/hosts` for a machine named `hostname`. */
function hostsFile(hostname: string): string {
  return `127.0.0.1\tlocalhost\n127.0.1.1\t${hostname}\n\n# The following lines are desirable for IPv6 capable hosts\n::1     localhost ip6-localhost ip6-loopback\nff02::1 ip6-allnodes\nff02::2 ip6-allrouters\n`;
}

function isLoopback(ip: string): boolean {
  return ip.startsWith("127.") || ip === "::1";
}

/** The addresses `/etc/hosts` gives `name` (`files` comes before `dns` in nsswitch.conf). */
function fromHostsFile(text: string, name: string): string[] {
  const wanted = name.toLowerCase().replace(/\.$/, "");
  const ips: string[] = [];
  for (const line of text.split("\n")) {
    const fields = line.split("#")[0]?.trim().split(/\s+/) ?? [];
    if (fields.length >= 2 && fields.slice(1).some((f) => f.toLowerCase() === wanted))
      ips.push(fields[0] as string);
  }
  return ips;
}

/**
 * The machine's tool environment: the dataplane's for `{kind: "external", ip}` (packets
 * leave through the outside network), with its own files, loopback and resolver.
 */
export function externalClientEnvironment(
  dataplane: Dataplane,
  options: Pick<ExternalClientOptions, "ip" | "hostResolver" | "extend">,
): ToolEnvironment {
  const origin: Origin = { kind: "external", ip: options.ip };
  const base = dataplane.toolEnvironment(origin);
  const hosts = hostsFile(base.hostname);
  const upstream = options.hostResolver ?? defaultHostResolver();
  const local = (
    protocol: Protocol,
    ip: string,
    port: number,
    verdict: Verdict,
    reason: string,
    response?: ToolOutcome["response"],
    elapsedMs = LOOPBACK_RTT_MS,
  ): ToolOutcome => {
    const src = {
      ip: ip === "::1" ? "::1" : "127.0.0.1",
      port: protocol === "ICMP" ? 0 : 40000 + (port % 20000),
    };
    const trace: Trace = {
      origin,
      sent: { protocol, src, dst: { ip, port } },
      hops: [],
      verdict,
      reason,
      ...(response ? { response } : {}),
      elapsedMs,
    };
    return { verdict, ...(response ? { response } : {}), elapsedMs, local: src, trace };
  };
  const env: ToolEnvironment = {
    ...base,
    connect(o) {
      if (!isLoopback(o.ip)) return base.connect(o);
      if (o.ip === STUB_RESOLVER_IP && o.port === 53 && o.request.kind === "dns") {
        const { id, question } = o.request;
        const answer = upstream(question);
        const response = {
          kind: "dns",
          id,
          question,
          rcode: answer.rcode,
          authoritative: false,
          answers: answer.answers,
          authority: [],
          additional: [],
        } as const;
        return local(
          o.protocol,
          o.ip,
          o.port,
          "delivered",
          "systemd-resolved answers",
          response,
          STUB_RESOLVER_MS,
        );
      }
      return local(o.protocol, o.ip, o.port, "refused", `nothing listens on ${o.ip}:${o.port}`);
    },
    ping(ip, timeoutMs) {
      return isLoopback(ip)
        ? local("ICMP", ip, 0, "delivered", "loopback", { kind: "echo-reply" })
        : base.ping(ip, timeoutMs);
    },
    resolve(name): Resolution {
      const listed = fromHostsFile(hosts, name);
      if (listed.length > 0) return { ok: true, ips: listed };
      const r = resolveName(name, resolverConfig(HOST_DNS), "glibc", (_nameserver, question) => {
        const answer = upstream(question);
        return {
          outcome: "answered",
          rcode: answer.rcode,
          answers: answer.answers,
          elapsedMs: STUB_RESOLVER_MS,
        };
      });
      return r.ok ? { ok: true, ips: r.ips } : { ok: false, error: r.error, elapsedMs: r.elapsedMs };
    },
    // A laptop's routes are its own business; the tools that print them are not routed here.
    interfaces: base.interfaces,
    routes: base.routes,
    readFile(path) {
      if (path === "/etc/resolv.conf") return HOST_RESOLV_CONF;
      if (path === "/etc/hosts") return hosts;
      return base.readFile(path);
    },
  };
  return options.extend ? options.extend(env) : env;
}

function defaultHostResolver(): HostResolver {
  const zone = new UpstreamZone();
  return (question) => zone.answer(question);
}

/**
 * Runs `argv` (`["curl", "-sS", "http://172.18.0.2:30080/"]`) on the external machine: the
 * pending work of the controllers is done first, then the tool runs, and virtual time
 * advances by as long as the tool took. Output and exit codes are the tools' own.
 */
export function runExternalClient(
  dataplane: Dataplane,
  argv: readonly string[],
  options: ExternalClientOptions,
): CommandResult {
  dataplane.sim.advance(0);
  const { args, stdin } = withCurlStdin(argv, options.stdin);
  const result = runCommand(args, externalClientEnvironment(dataplane, options), {
    image: "",
    ...(stdin !== undefined ? { stdin } : {}),
    ...(options.maxWaitMs !== undefined ? { maxWaitMs: options.maxWaitMs } : {}),
  });
  dataplane.sim.advance(result.elapsedMs);
  return result;
}

/** curl's data options whose `@FILE` value reads a file (`-` is stdin); `--data-raw` never does. */
const CURL_DATA_FROM_FILE: ReadonlyMap<string, "strip" | "binary"> = new Map([
  ["-d", "strip"],
  ["--data", "strip"],
  ["--data-ascii", "strip"],
  ["--data-binary", "binary"],
]);

/**
 * Where `argv` reads `@-` in curl: the index of the value, and how its text is taken. Only
 * the separate (`-d @-`) and attached (`-d@-`) forms are recognised.
 */
function curlStdinArgs(
  argv: readonly string[],
): { index: number; mode: "strip" | "binary"; attached: boolean }[] {
  const found: { index: number; mode: "strip" | "binary"; attached: boolean }[] = [];
  for (let i = 1; i < argv.length; i++) {
    const arg = argv[i] as string;
    const mode = CURL_DATA_FROM_FILE.get(arg);
    if (mode !== undefined) {
      if (argv[i + 1] === "@-") found.push({ index: i + 1, mode, attached: false });
      i++;
    } else if (arg === "-d@-") found.push({ index: i, mode: "strip", attached: true });
  }
  return found;
}

/**
 * Whether the external machine's `argv` reads standard input: busybox `nc` sends it (except
 * with `-z`), `curl` with `-d @-` or `--data-binary @-`. Other tools never read it, so a
 * `while read` loop around them keeps its input.
 */
export function externalClientNeedsStdin(argv: readonly string[]): boolean {
  const [program, ...rest] = argv;
  if (program === "nc") return !rest.some((a) => /^-[a-zA-Z]*z/.test(a));
  if (program === "curl") return curlStdinArgs(argv).length > 0;
  return false;
}

/**
 * curl reads `@-` itself (`src/tool_paramhlp.c` `file2memory`; `--data`/`--data-ascii` drop
 * CR and LF, `--data-binary` keeps them). The simulated curl takes the data as given, so the
 * text is put in place with `--data-raw`, which never reads a file.
 */
function withCurlStdin(
  argv: readonly string[],
  stdin: string | undefined,
): { args: readonly string[]; stdin: string | undefined } {
  if (argv[0] !== "curl") return { args: argv, stdin };
  const uses = curlStdinArgs(argv);
  if (uses.length === 0) return { args: argv, stdin };
  const args = [...argv];
  // Only the first `@-` gets the input; stdin is empty after it, as for the real curl.
  // Last first, so that the indices of the earlier ones stay valid.
  for (let n = uses.length - 1; n >= 0; n--) {
    const use = uses[n] as (typeof uses)[number];
    const raw = n === 0 ? (stdin ?? "") : "";
    const text = use.mode === "strip" ? raw.replace(/[\r\n]/g, "") : raw;
    if (use.attached) args.splice(use.index, 1, "--data-raw", text);
    else args.splice(use.index - 1, 2, "--data-raw", text);
  }
  return { args, stdin: undefined };
}
