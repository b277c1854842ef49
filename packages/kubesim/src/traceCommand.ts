import type { AppRequest, Dataplane, Origin, Protocol, Resolution } from "@kubesim/dataplane";
import { renderTrace } from "@kubesim/dataplane";
import type { ClusterDNS, QueryAttempt } from "@kubesim/dns";
import { type CommandResult, type FlagSpec, Flags, parseFlags } from "@kubesim/kubectl";

/** The default outside machine: the host running the cluster, at the gateway of kind's docker network. */
export const DEFAULT_EXTERNAL_CLIENT_IP = "172.18.0.1";

export const TRACE_HELP = `kubesim trace: the hop-by-hop path of one request

Usage:
  kubesim trace [--from pod/NAME|node/NAME|IP] [-n NS] [--protocol tcp|udp|icmp] [--all-outcomes] DESTINATION

DESTINATION is IP[:PORT], NAME[:PORT] (a Service: svc, svc.ns, svc.ns.svc.cluster.local) or an
http:// URL (then an HTTP GET of its path is sent). --from defaults to the machine running the
script (outside.clientIP of the cluster config, ${DEFAULT_EXTERNAL_CLIENT_IP} by default). A NAME is first looked up as the client's
resolver does, and each DNS query it sent is listed before the trace. --all-outcomes prints every
possible path with its probability instead of one seeded choice, and changes nothing (its lookup
neither).
`;

const FLAGS: readonly FlagSpec[] = [
  { name: "from", type: "string" },
  { name: "namespace", shorthand: "n", type: "string" },
  { name: "protocol", type: "string" },
  { name: "all-outcomes", type: "bool" },
  { name: "help", shorthand: "h", type: "bool" },
];

const fail = (message: string, exitCode = 1): CommandResult => ({
  stdout: "",
  stderr: `kubesim trace: ${message}\n`,
  exitCode,
});

/** `kubesim trace ...` inside a script; with `dns`, a name's lookup is shown query by query. */
export function traceCommand(
  dataplane: Dataplane,
  argv: readonly string[],
  dns?: ClusterDNS,
  outsideClientIP = DEFAULT_EXTERNAL_CLIENT_IP,
): CommandResult {
  const parsed = parseFlags(argv, FLAGS);
  if (!parsed.ok) return fail(parsed.error, 2);
  const flags = new Flags(parsed.flags);
  if (flags.bool("help")) return { stdout: TRACE_HELP, stderr: "", exitCode: 0 };
  const [destination, ...extra] = flags.args;
  if (!destination || extra.length > 0) return fail(`expected one DESTINATION\n\n${TRACE_HELP}`, 2);
  const namespace = flags.string("namespace") || "default";
  const origin = parseOrigin(flags.string("from"), namespace, outsideClientIP);
  if (typeof origin === "string") return fail(origin, 2);
  const protocolText = (flags.string("protocol") || "tcp").toUpperCase();
  if (!["TCP", "UDP", "SCTP", "ICMP"].includes(protocolText))
    return fail(
      `--protocol: unsupported value "${flags.string("protocol")}": supported values: tcp, udp, sctp, icmp`,
      2,
    );
  const protocol = protocolText as Protocol;
  const target = parseDestination(destination);
  if (typeof target === "string") return fail(target, 2);
  if (origin.kind === "pod" && !dataplane.network.pod(origin.namespace, origin.name))
    return fail(
      `pod ${origin.namespace}/${origin.name} has no network namespace (not found, or no pod IP yet)`,
    );
  if (origin.kind === "node" && !dataplane.network.node(origin.name))
    return fail(`node "${origin.name}" not found`);
  // Every outcome changes nothing, so neither does the lookup before it (a dry run of each query).
  const dryRun = flags.bool("all-outcomes");
  let lookup = "";
  let resolved: Resolution;
  if (/^[\d.]+$/.test(target.host)) resolved = { ok: true, ips: [target.host] };
  else if (dns) {
    const r = dns.resolve(target.host, origin, { trace: false, dryRun });
    resolved = r;
    lookup = lookupText(target.host, r.queries);
  } else resolved = dataplane.resolve(target.host, origin, { dryRun });
  if (!resolved.ok) return { ...fail(`cannot resolve "${target.host}"`), stdout: lookup };
  const options = {
    from: origin,
    to: resolved.ips[0] as string,
    ...(protocol === "ICMP" ? {} : { port: target.port ?? 80 }),
    protocol,
    request: target.request,
  };
  if (dryRun) {
    const outcomes = dataplane.outcomes(options);
    const text = outcomes
      .map(
        (o, i) =>
          `# outcome ${i + 1} of ${outcomes.length}: probability ${formatProbability(o.probability)}\n${renderTrace(o.trace)}`,
      )
      .join("\n");
    return { stdout: lookup + text, stderr: "", exitCode: 0 };
  }
  return { stdout: lookup + renderTrace(dataplane.send(options)), stderr: "", exitCode: 0 };
}

/** The DNS queries of a lookup, one line each, with what came back. */
function lookupText(name: string, queries: readonly QueryAttempt[]): string {
  if (queries.length === 0) return "";
  const lines = queries.map((q) => {
    const answer = q.addresses.length > 0 ? ` ${q.addresses.join(", ")}` : "";
    return `  ${q.type} ${q.name} -> ${q.nameserver}:53: ${q.outcome}${answer} (at ${q.sentAtMs.toFixed(2)} ms)`;
  });
  return `lookup of ${name}: ${queries.length} DNS ${queries.length === 1 ? "query" : "queries"}\n${lines.join("\n")}\n`;
}

function parseOrigin(from: string, namespace: string, outsideClientIP: string): Origin | string {
  if (!from) return { kind: "external", ip: outsideClientIP };
  if (from.startsWith("pod/")) return { kind: "pod", namespace, name: from.slice(4) };
  if (from.startsWith("node/")) return { kind: "node", name: from.slice(5) };
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(from)) return { kind: "external", ip: from };
  return `--from: "${from}" is not pod/NAME, node/NAME or an IPv4 address`;
}

function parseDestination(text: string): { host: string; port?: number; request: AppRequest } | string {
  const url = /^http:\/\/([^/:]+)(?::(\d+))?(\/.*)?$/.exec(text);
  if (url) {
    const host = url[1] as string;
    const port = url[2] ? Number(url[2]) : 80;
    return {
      host,
      port,
      request: {
        kind: "http",
        method: "GET",
        path: url[3] ?? "/",
        headers: [
          ["Host", url[2] ? `${host}:${port}` : host],
          ["User-Agent", "kubesim-trace"],
        ],
        body: "",
      },
    };
  }
  const m = /^([^:]+)(?::(\d+))?$/.exec(text);
  if (!m) return `"${text}" is not IP[:PORT], NAME[:PORT] or an http:// URL`;
  const port = m[2] ? Number(m[2]) : undefined;
  if (port !== undefined && (port < 1 || port > 65535)) return `port ${port} is not between 1 and 65535`;
  return { host: m[1] as string, ...(port !== undefined ? { port } : {}), request: { kind: "none" } };
}

function formatProbability(p: number): string {
  return Number.isInteger(p * 10000) ? String(p) : p.toFixed(4);
}
