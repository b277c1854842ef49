/**
 * ISC `dig` 9.18 (bind9 bin/dig/dig.c and dighost.c), as shipped by `nicolaka/netshoot`,
 * `registry.k8s.io/e2e-test-images/jessie-dnsutils` and `tutum/dnsutils`.
 *
 * What users rely on: the full output (greeting, `;; Got answer:`, the `->>HEADER<<-` and flags
 * lines, the OPT pseudosection, QUESTION/ANSWER/AUTHORITY/ADDITIONAL sections with BIND's
 * column layout, and the `;; Query time` / `;; SERVER` / `;; WHEN` / `;; MSG SIZE  rcvd` stats);
 * `+short`; `+noall +answer` and the other section switches; `@SERVER`; `-x`; `-t`; `-p`;
 * `+time=` / `+tries=` / `+retry=`. dig never applies the search list unless `+search` is given
 * (then it walks it like glibc, with resolv.conf's ndots, but moves on only after NXDOMAIN).
 * Each timed-out try prints `;; communications error to IP#53: timed out`; when every try has
 * failed dig prints its greeting and `;; no servers could be reached` and exits 9. A reply of
 * any rcode exits 0.
 *
 * Details kubesim fills in because its DNS messages do not carry them: the reply echoes EDNS
 * (`udp: 1232`, dig's default buffer) and dig's client cookie, as CoreDNS does
 * (`request.SizeAndDo`); `ra` is set exactly when the answer is not authoritative (CoreDNS's own
 * zones answer `qr aa rd`, forwarded answers `qr rd ra`); MSG SIZE counts the uncompressed
 * message (CoreDNS compresses only near the buffer limit).
 *
 * @module
 */
import { civilFromDays } from "@kubesim/core";
import type { DNSRecord, DNSType } from "../../packet/Packet.js";
import { type CommandOutput, finish, isIPv4, newOutput, type ToolContext } from "./common.js";
import {
  absolute,
  type DnsResponse,
  exchange,
  fnv1a,
  glibcCandidates,
  isIPv6,
  queryIds,
  reverseName,
  wireSize,
} from "./dnsClient.js";
import { parseResolvConf } from "./resolvConf.js";

/** The BIND release the dig images ship (alpine 3.20 `bind-tools`). */
export const DIG_VERSION = "9.18.27";

const TYPES: readonly DNSType[] = ["A", "AAAA", "SRV", "PTR", "CNAME", "TXT", "NS", "SOA", "ANY"];

/** dig's display switches (`+[no]cmd`, `+[no]comments`, ...). */
interface Display {
  cmd: boolean;
  comments: boolean;
  question: boolean;
  answer: boolean;
  authority: boolean;
  additional: boolean;
  stats: boolean;
  short: boolean;
}

/** Runs `dig ARGS`. */
export function runDig(args: readonly string[], ctx: ToolContext): CommandOutput {
  const o = newOutput();
  const d: Display = {
    cmd: true,
    comments: true,
    question: true,
    answer: true,
    authority: true,
    additional: true,
    stats: true,
    short: false,
  };
  let name: string | undefined;
  let type: DNSType | undefined;
  let serverArg: string | undefined;
  let port = 53;
  let timeSec = 5;
  let tries = 3;
  let search = false;
  let ndotsOverride: number | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a.startsWith("@")) serverArg = a.slice(1);
    else if (a.startsWith("+")) {
      const eq = a.indexOf("=");
      let opt = (eq >= 0 ? a.slice(1, eq) : a.slice(1)).toLowerCase();
      const val = eq >= 0 ? a.slice(eq + 1) : "";
      const on = !opt.startsWith("no");
      if (!on) opt = opt.slice(2);
      if (opt === "short") {
        d.short = on;
        if (on) Object.assign(d, { cmd: false, comments: false, question: false, authority: false });
        if (on) Object.assign(d, { additional: false, stats: false, answer: true });
      } else if (opt === "all") Object.assign(d, allDisplay(on));
      else if (opt === "cmd") d.cmd = on;
      else if (opt === "comments") d.comments = on;
      else if (opt === "question") d.question = on;
      else if (opt === "answer") d.answer = on;
      else if (opt === "authority") d.authority = on;
      else if (opt === "additional") d.additional = on;
      else if (opt === "stats") d.stats = on;
      else if (opt === "search") search = on;
      else if (opt === "time" && /^\d+$/.test(val)) timeSec = Math.max(1, Number(val));
      else if (opt === "tries" && /^\d+$/.test(val)) tries = Math.max(1, Number(val));
      else if (opt === "retry" && /^\d+$/.test(val)) tries = Number(val) + 1;
      else if (opt === "ndots" && /^\d+$/.test(val)) ndotsOverride = Number(val);
      // Other +options (+tcp, +trace, ...) are accepted and have no effect here.
    } else if (a === "-x") {
      const ip = args[++i] ?? "";
      const ptr = reverseName(ip);
      if (ptr === undefined) {
        o.err += `Invalid IP address ${ip}\n`;
        return finish(o, 1);
      }
      name = ptr;
      type = "PTR";
    } else if (a === "-t") {
      const t = TYPES.find((x) => x.toLowerCase() === (args[++i] ?? "").toLowerCase());
      if (t !== undefined) type = t;
    } else if (a === "-p") port = Number(args[++i] ?? "53") || 53;
    else if (a === "-q") name = args[++i];
    else if (a === "-4" || a === "-6") continue;
    else if (a.startsWith("-")) continue;
    else {
      const t = TYPES.find((x) => x.toLowerCase() === a.toLowerCase());
      if (t !== undefined && type === undefined) type = t;
      else if (a.toUpperCase() === "IN") continue;
      else name = a;
    }
  }
  // No name: dig asks the root for its name servers.
  const qname = name ?? ".";
  const qtype: DNSType = type ?? (name === undefined ? "NS" : "A");

  const conf = parseResolvConf(ctx.env.readFile("/etc/resolv.conf"));
  let servers: string[] = [...conf.nameservers];
  if (serverArg !== undefined) {
    const ip = isIPv4(serverArg) || isIPv6(serverArg) ? serverArg : firstAddress(serverArg, ctx);
    if (ip === undefined) {
      o.err += `dig: couldn't get address for '${serverArg}': not found\n`;
      return finish(o, 10);
    }
    servers = [ip];
  }
  let cmdline = "";
  if (d.cmd) {
    cmdline = `\n; <<>> DiG ${DIG_VERSION} <<>> ${args.join(" ")}\n`;
    if (serverArg !== undefined) cmdline += "; (1 server found)\n";
    cmdline += `;; global options:${d.short ? " +short" : ""} +cmd\n`;
  }

  const ndots = ndotsOverride ?? conf.ndots;
  const candidates =
    search && !qname.endsWith(".") ? glibcCandidates(qname, { ...conf, ndots }) : [absolute(qname)];
  const ids = queryIds(`${ctx.env.hostname}\0dig\0${args.join("\0")}`);
  for (let c = 0; c < candidates.length; c++) {
    const q = candidates[c] as string;
    const id = ids.next();
    let got: { response: DnsResponse; server: string; elapsedMs: number } | undefined;
    for (let t = 0; t < tries && got === undefined; t++) {
      for (const server of servers) {
        const x = exchange(ctx.env, server, { name: q, type: qtype }, id, timeSec * 1000, port);
        o.elapsedMs += x.elapsedMs;
        if (x.kind === "response") {
          got = { response: x.response, server, elapsedMs: x.elapsedMs };
          break;
        }
        const why =
          x.kind === "timeout"
            ? "timed out"
            : x.errno === "ECONNREFUSED"
              ? "connection refused"
              : "host unreachable";
        o.out += `;; communications error to ${sockaddr(server, port)}: ${why}\n`;
      }
    }
    if (got === undefined) {
      o.out += `${cmdline};; no servers could be reached\n`;
      return finish(o, 9);
    }
    // +search: only NXDOMAIN moves on to the next candidate (next_origin()).
    if (got.response.rcode === "NXDOMAIN" && c < candidates.length - 1) continue;
    o.out += cmdline;
    o.out += render(got.response, got.server, port, got.elapsedMs, d, ctx, o.elapsedMs);
    return finish(o, 0);
  }
  return finish(o, 0);
}

function allDisplay(on: boolean): Partial<Display> {
  return { cmd: on, comments: on, question: on, answer: on, authority: on, additional: on, stats: on };
}

function firstAddress(host: string, ctx: ToolContext): string | undefined {
  const r = ctx.env.resolve(host);
  return r.ok ? r.ips[0] : undefined;
}

function sockaddr(ip: string, port: number): string {
  return `${ip}#${port}`;
}

function render(
  r: DnsResponse,
  server: string,
  port: number,
  queryMs: number,
  d: Display,
  ctx: ToolContext,
  atMs: number,
): string {
  if (d.short) return r.answers.map((rec) => `${rec.data.trim()}\n`).join("");
  let s = "";
  const ra = !r.authoritative;
  if (d.comments) {
    s += ";; Got answer:\n";
    s += `;; ->>HEADER<<- opcode: QUERY, status: ${r.rcode}, id: ${r.id}\n`;
    const flags = ["qr", ...(r.authoritative ? ["aa"] : []), "rd", ...(ra ? ["ra"] : [])];
    s += `;; flags: ${flags.join(" ")}; QUERY: 1, ANSWER: ${r.answers.length}, `;
    s += `AUTHORITY: ${r.authority.length}, ADDITIONAL: ${r.additional.length + 1}\n`;
    if (!ra) s += ";; WARNING: recursion requested but not available\n";
    s += "\n";
    if (d.additional) {
      s += ";; OPT PSEUDOSECTION:\n; EDNS: version: 0, flags:; udp: 1232\n";
      s += `; COOKIE: ${clientCookie(r.id, r.question.name)} (echoed)\n`;
    }
  }
  if (d.question) {
    if (d.comments) s += ";; QUESTION SECTION:\n";
    s += questionLine(r.question.name, r.question.type);
    if (d.comments) s += "\n";
  }
  const section = (on: boolean, title: string, recs: readonly DNSRecord[]) => {
    if (!on || recs.length === 0) return;
    if (d.comments) s += `;; ${title} SECTION:\n`;
    for (const rec of recs) s += recordLine(rec);
    if (d.comments) s += "\n";
  };
  section(d.answer, "ANSWER", r.answers);
  section(d.authority, "AUTHORITY", r.authority);
  section(d.additional, "ADDITIONAL", r.additional);
  if (d.stats) {
    s += `;; Query time: ${Math.floor(queryMs)} msec\n`;
    s += `;; SERVER: ${sockaddr(server, port)}(${server}) (UDP)\n`;
    s += `;; WHEN: ${formatWhen((ctx.env.now?.() ?? 0) + atMs)}\n`;
    s += `;; MSG SIZE  rcvd: ${wireSize(r, 11 + 12)}\n\n`;
  }
  return s;
}

/** dig's 8-byte client cookie, derived from the query so output is reproducible. */
function clientCookie(id: number, name: string): string {
  const a = fnv1a(`${id}:${name}`);
  const b = fnv1a(`${name}:${id}`);
  return a.toString(16).padStart(8, "0") + b.toString(16).padStart(8, "0");
}

/**
 * BIND's masterfile columns for dig (ttl 24, class 32, type 40, rdata 48, tab width 8): tabs up
 * to a column, a single space once a field has run past it.
 */
function indent(line: string, to: number): string {
  const col = visualWidth(line);
  if (col >= to) return `${line} `;
  return line + "\t".repeat(Math.floor(to / 8) - Math.floor(col / 8)) + " ".repeat(to % 8);
}

function visualWidth(line: string): number {
  let col = 0;
  for (const ch of line) col = ch === "\t" ? (Math.floor(col / 8) + 1) * 8 : col + 1;
  return col;
}

/** One resource record as dig prints it. */
export function recordLine(r: DNSRecord): string {
  let s = indent(r.name, 24) + String(r.ttl);
  s = indent(s, 32) + "IN";
  s = indent(s, 40) + r.type;
  s = indent(s, 48) + r.data.trim();
  return `${s}\n`;
}

/** The question line (`;name.\t\t\tIN\tA`). */
export function questionLine(name: string, type: DNSType): string {
  let s = indent(`;${name}`, 32) + "IN";
  s = indent(s, 40) + type;
  return `${s}\n`;
}

const DAYS = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** `strftime("%a %b %d %H:%M:%S %Z %Y")` in UTC, the time zone of container images. */
export function formatWhen(epochMs: number): string {
  const secs = Math.floor(epochMs / 1000);
  const days = Math.floor(secs / 86400);
  const rem = secs - days * 86400;
  const { year, month, day } = civilFromDays(days);
  const p2 = (n: number) => String(n).padStart(2, "0");
  const wd = DAYS[((days % 7) + 7) % 7] as string;
  const hh = Math.floor(rem / 3600);
  const mm = Math.floor((rem % 3600) / 60);
  return `${wd} ${MONTHS[month - 1]} ${p2(day)} ${p2(hh)}:${p2(mm)}:${p2(rem % 60)} UTC ${year}`;
}
