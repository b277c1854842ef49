/**
 * `/etc/resolv.conf` as the C libraries read it (glibc `resolv/res_init.c`, uclibc-ng
 * `libc/inet/resolv.c`, musl `src/network/resolvconf.c` agree on everything kubesim writes):
 * `nameserver` lines (at most `MAXNS` = 3 are used), the last `search` or `domain` line wins,
 * and `options ndots:N timeout:N attempts:N` with the glibc caps (`RES_MAXNDOTS` 15,
 * `RES_MAXRETRANS` 30, `RES_MAXRETRY` 5). Comments start with `#` or `;`.
 *
 * @module
 */

/** What a resolver takes from resolv.conf. */
export interface ResolvConf {
  /** Name server addresses in file order (at most three); `127.0.0.1` when the file names none. */
  readonly nameservers: readonly string[];
  /** Search domains in order, without trailing dots. */
  readonly search: readonly string[];
  /** `options ndots:` (default 1). */
  readonly ndots: number;
  /** `options timeout:` in seconds (default 5, `RES_TIMEOUT`). */
  readonly timeoutSec: number;
  /** `options attempts:` (default 2, `RES_DFLRETRY`). */
  readonly attempts: number;
  /** Whether the file named any nameserver (busybox nslookup falls back to 127.0.0.1 itself). */
  readonly hadNameserver: boolean;
}

/** glibc `MAXNS`. */
const MAX_NAMESERVERS = 3;

/** Parses resolv.conf text; a missing file gives the libc defaults. */
export function parseResolvConf(text: string | undefined): ResolvConf {
  const nameservers: string[] = [];
  let search: string[] = [];
  let ndots = 1;
  let timeoutSec = 5;
  let attempts = 2;
  for (const raw of (text ?? "").split("\n")) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#") || line.startsWith(";")) continue;
    const words = line.split(/[ \t]+/);
    const key = words[0];
    const args = words.slice(1);
    if (key === "nameserver") {
      const ip = args[0];
      if (ip !== undefined && nameservers.length < MAX_NAMESERVERS) nameservers.push(ip);
    } else if (key === "search") {
      search = args.map(stripDot).filter((d) => d !== "");
    } else if (key === "domain") {
      const d = args[0];
      search = d === undefined || stripDot(d) === "" ? [] : [stripDot(d)];
    } else if (key === "options") {
      for (const opt of args) {
        const m = /^(ndots|timeout|attempts):(\d+)$/.exec(opt);
        if (m === null) continue;
        const n = Number(m[2]);
        if (m[1] === "ndots") ndots = Math.min(n, 15);
        else if (m[1] === "timeout") timeoutSec = Math.min(n, 30);
        else attempts = Math.max(1, Math.min(n, 5));
      }
    }
  }
  return {
    nameservers: nameservers.length > 0 ? nameservers : ["127.0.0.1"],
    search,
    ndots,
    timeoutSec,
    attempts,
    hadNameserver: nameservers.length > 0,
  };
}

function stripDot(d: string): string {
  return d.endsWith(".") ? d.slice(0, -1) : d;
}

/** The raw `search` line words as busybox nslookup keeps them (it reads the line itself). */
export function busyboxSearchDomains(text: string | undefined): readonly string[] {
  // networking/nslookup.c parse_resolvconf(): the last "search" line wins, "domain" only
  // counts when no "search" line was seen, and "domain ." means no search at all.
  let search: string[] | undefined;
  let haveSearch = false;
  for (const raw of (text ?? "").split("\n")) {
    const words = raw.trim().split(/[ \t]+/);
    const key = words[0];
    const args = words.slice(1);
    if (args.length === 0) continue;
    if (key === "domain" && !haveSearch) search = args;
    else if (key === "search") {
      haveSearch = true;
      search = args;
    }
  }
  if (search === undefined || (search.length === 1 && search[0] === ".")) return [];
  return search;
}
