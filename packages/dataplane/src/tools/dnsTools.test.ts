import { describe, expect, it } from "vitest";
import type { AppRequest, AppResponse, DNSRecord, DNSType, Trace, Verdict } from "../packet/Packet.js";
import { formatWhen, questionLine, recordLine } from "./_internal/dig.js";
import { glibcCandidates, reverseName } from "./_internal/dnsClient.js";
import { nslookupFlavour } from "./_internal/nslookup.js";
import { parseResolvConf } from "./_internal/resolvConf.js";
import { runCommand } from "./runCommand.js";
import type { ToolEnvironment, ToolOutcome } from "./ToolEnvironment.js";

const RESOLV_CONF =
  "search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n";
const HOSTS = "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n10.244.1.5\tclient\n";

const rr = (name: string, type: DNSType, data: string, ttl = 30): DNSRecord => ({ name, type, ttl, data });
const SOA = rr(
  "cluster.local.",
  "SOA",
  "ns.dns.cluster.local. hostmaster.cluster.local. 1700000000 7200 1800 86400 30",
);

/** A CoreDNS stand-in: authoritative for cluster.local and the reverse zones, forwarding the rest. */
const ZONE: readonly DNSRecord[] = [
  rr("kubernetes.default.svc.cluster.local.", "A", "10.96.0.1"),
  rr("kube-dns.kube-system.svc.cluster.local.", "A", "10.96.0.10"),
  rr("backend.default.svc.cluster.local.", "A", "10.96.0.20"),
  rr("_http._tcp.backend.default.svc.cluster.local.", "SRV", "0 100 80 backend.default.svc.cluster.local."),
  rr("dns-version.cluster.local.", "TXT", '"1.0.1"'),
  rr("10.0.96.10.in-addr.arpa.", "PTR", "kube-dns.kube-system.svc.cluster.local."),
  rr("1.0.96.10.in-addr.arpa.", "PTR", "kubernetes.default.svc.cluster.local."),
  rr("20.0.96.10.in-addr.arpa.", "PTR", "backend.default.svc.cluster.local."),
  rr("example.com.", "A", "93.184.216.34", 300),
];

type ServerMode = "up" | "silent" | "refused";

function answer(q: Extract<AppRequest, { kind: "dns" }>): AppResponse {
  const name = q.question.name.toLowerCase();
  const auth = /(^|\.)cluster\.local\.$|\.in-addr\.arpa\.$/.test(name);
  const owned = ZONE.filter((r) => r.name === name);
  const answers = owned.filter((r) => q.question.type === "ANY" || r.type === q.question.type);
  return {
    kind: "dns",
    id: q.id,
    question: q.question,
    rcode: owned.length === 0 ? "NXDOMAIN" : "NOERROR",
    authoritative: auth,
    answers,
    authority: answers.length === 0 && auth ? [SOA] : [],
    additional: [],
  };
}

function dnsEnv(mode: ServerMode = "up", files: Record<string, string> = {}) {
  const sent: { ip: string; port: number; name: string; type: DNSType; id: number; timeoutMs: number }[] = [];
  const trace = (verdict: Verdict): Trace => ({
    origin: { kind: "pod", namespace: "default", name: "client" },
    sent: { protocol: "UDP", src: { ip: "10.244.1.5", port: 40000 }, dst: { ip: "10.96.0.10", port: 53 } },
    hops: [],
    verdict,
    reason: "test",
    elapsedMs: 0,
  });
  const env: ToolEnvironment = {
    hostname: "client",
    connect(o): ToolOutcome {
      if (o.request.kind !== "dns") throw new Error("not a DNS query");
      sent.push({
        ip: o.ip,
        port: o.port,
        name: o.request.question.name,
        type: o.request.question.type,
        id: o.request.id,
        timeoutMs: o.timeoutMs,
      });
      const local = { ip: "10.244.1.5", port: 43210 };
      if (mode === "silent" || o.ip !== "10.96.0.10")
        return { verdict: "timed-out", elapsedMs: o.timeoutMs, local, trace: trace("timed-out") };
      if (mode === "refused") return { verdict: "refused", elapsedMs: 0.2, local, trace: trace("refused") };
      return {
        verdict: "delivered",
        elapsedMs: 0.4,
        response: answer(o.request),
        local,
        trace: trace("delivered"),
      };
    },
    ping() {
      throw new Error("unused");
    },
    resolve() {
      return { ok: false, error: "not-found" };
    },
    interfaces: [],
    routes: [],
    readFile(path) {
      return files[path] ?? { "/etc/resolv.conf": RESOLV_CONF, "/etc/hosts": HOSTS }[path];
    },
    now: () => 1_700_000_000_000,
  };
  return { env, sent, names: () => sent.map((s) => `${s.type} ${s.name}`) };
}

const BB = { image: "busybox:1.36" };
const BB128 = { image: "busybox:1.28" };
const DNSUTILS = { image: "registry.k8s.io/e2e-test-images/jessie-dnsutils:1.3" };

describe("busybox >= 1.29 nslookup (networking/nslookup.c, own resolver)", () => {
  it("does not apply the search list to a name with a dot: kubernetes.default is NXDOMAIN twice", () => {
    const { env, names } = dnsEnv();
    const r = runCommand(["nslookup", "kubernetes.default"], env, BB);
    expect(r.stdout).toBe(
      "Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\n" +
        "** server can't find kubernetes.default: NXDOMAIN\n\n" +
        "** server can't find kubernetes.default: NXDOMAIN\n\n",
    );
    expect(r.exitCode).toBe(1);
    expect(names()).toEqual(["A kubernetes.default.", "AAAA kubernetes.default."]);
  });

  it("answers an FQDN with Name/Address and an empty line for the authoritative NODATA AAAA reply", () => {
    const { env } = dnsEnv();
    const r = runCommand(["nslookup", "kubernetes.default.svc.cluster.local"], env, BB);
    expect(r).toMatchObject({
      stdout:
        "Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\n" +
        "Name:\tkubernetes.default.svc.cluster.local\nAddress: 10.96.0.1\n\n\n",
      stderr: "",
      exitCode: 0,
      elapsedMs: 1,
    });
  });

  it("expands a single label through every search domain at once, A then AAAA", () => {
    const { env, names } = dnsEnv();
    const r = runCommand(["nslookup", "backend"], env, BB);
    expect(names()).toEqual([
      "A backend.default.svc.cluster.local.",
      "A backend.svc.cluster.local.",
      "A backend.cluster.local.",
      "AAAA backend.default.svc.cluster.local.",
      "AAAA backend.svc.cluster.local.",
      "AAAA backend.cluster.local.",
    ]);
    expect(r.stdout).toBe(
      "Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\n" +
        "Name:\tbackend.default.svc.cluster.local\nAddress: 10.96.0.20\n\n" +
        "** server can't find backend.svc.cluster.local: NXDOMAIN\n\n" +
        "** server can't find backend.cluster.local: NXDOMAIN\n\n" +
        "\n" +
        "** server can't find backend.svc.cluster.local: NXDOMAIN\n\n" +
        "** server can't find backend.cluster.local: NXDOMAIN\n\n",
    );
    expect(r.exitCode).toBe(1);
  });

  it("prints a reverse lookup of an address as a PTR line", () => {
    const { env, names } = dnsEnv();
    const r = runCommand(["nslookup", "10.96.0.10"], env, BB);
    expect(names()).toEqual(["PTR 10.0.96.10.in-addr.arpa."]);
    expect(r.stdout).toBe(
      "Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\n" +
        "10.0.96.10.in-addr.arpa\tname = kube-dns.kube-system.svc.cluster.local\n\n",
    );
    expect(r.exitCode).toBe(0);
  });

  it("-type=srv and -type=txt print service and text lines", () => {
    const { env } = dnsEnv();
    const srv = runCommand(
      ["nslookup", "-type=srv", "_http._tcp.backend.default.svc.cluster.local"],
      env,
      BB,
    );
    expect(srv.stdout).toContain(
      "_http._tcp.backend.default.svc.cluster.local\tservice = 0 100 80 backend.default.svc.cluster.local\n",
    );
    const txt = runCommand(["nslookup", "-type=TXT", "dns-version.cluster.local"], env, BB);
    expect(txt.stdout).toContain('dns-version.cluster.local\ttext = "1.0.1"\n');
    const bad = runCommand(["nslookup", "-type=bogus", "x"], env, BB);
    expect(bad).toMatchObject({ stderr: 'nslookup: invalid query type "bogus"\n', exitCode: 1 });
  });

  it("marks forwarded answers Non-authoritative", () => {
    const { env } = dnsEnv();
    const r = runCommand(["nslookup", "example.com"], env, BB);
    expect(r.stdout).toBe(
      "Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\n" +
        "Non-authoritative answer:\nName:\texample.com\nAddress: 93.184.216.34\n\n" +
        "Non-authoritative answer:\n\n",
    );
  });

  it("gives up after 5 s per server, having resent the unanswered queries at 2.5 s", () => {
    const { env, sent } = dnsEnv("silent");
    const r = runCommand(["nslookup", "kubernetes.default.svc.cluster.local"], env, BB);
    expect(r).toMatchObject({
      stdout: ";; connection timed out; no servers could be reached\n\n",
      exitCode: 1,
      elapsedMs: 5000,
    });
    // The first datagrams are listened for until 5 s, the resent ones for the remaining 2.5 s.
    expect(sent.map((s) => s.timeoutMs)).toEqual([5000, 5000, 2500, 2500]);
  });

  it("reports ICMP errors from the socket once per send round", () => {
    const { env } = dnsEnv("refused");
    const r = runCommand(["nslookup", "kubernetes.default.svc.cluster.local"], env, BB);
    expect(r.stderr).toBe("nslookup: read: Connection refused\nnslookup: read: Connection refused\n");
    expect(r.exitCode).toBe(1);
  });

  it("uses a server given as an argument, and no search list then", () => {
    const { env, names } = dnsEnv();
    const r = runCommand(["nslookup", "backend", "10.96.0.10"], env, BB);
    expect(names()).toEqual(["A backend.", "AAAA backend."]);
    expect(r.exitCode).toBe(1);
  });
});

describe("busybox 1.28 nslookup (libc applet on uclibc-ng)", () => {
  it("prints the Server/Address 1 block and resolves kubernetes.default through the search list", () => {
    const { env, names } = dnsEnv();
    const r = runCommand(["nslookup", "kubernetes.default"], env, BB128);
    expect(r.stdout).toBe(
      "Server:    10.96.0.10\n" +
        "Address 1: 10.96.0.10 kube-dns.kube-system.svc.cluster.local\n\n" +
        "Name:      kubernetes.default\n" +
        "Address 1: 10.96.0.1 kubernetes.default.svc.cluster.local\n",
    );
    expect(r.exitCode).toBe(0);
    // A qualified name is tried as given first, then with each search domain; NODATA ends a lookup.
    expect(names()).toEqual([
      "PTR 10.0.96.10.in-addr.arpa.",
      "AAAA kubernetes.default.",
      "AAAA kubernetes.default.default.svc.cluster.local.",
      "AAAA kubernetes.default.svc.cluster.local.",
      "A kubernetes.default.",
      "A kubernetes.default.default.svc.cluster.local.",
      "A kubernetes.default.svc.cluster.local.",
      "PTR 1.0.96.10.in-addr.arpa.",
    ]);
  });

  it("tries a single label with the search domains first", () => {
    const { env, names } = dnsEnv();
    const r = runCommand(["nslookup", "backend"], env, BB128);
    expect(r.stdout).toContain(
      "Name:      backend\nAddress 1: 10.96.0.20 backend.default.svc.cluster.local\n",
    );
    // NODATA for AAAA ends that lookup at once; "backend." as given would come last.
    expect(names()).toEqual([
      "PTR 10.0.96.10.in-addr.arpa.",
      "AAAA backend.default.svc.cluster.local.",
      "A backend.default.svc.cluster.local.",
      "PTR 20.0.96.10.in-addr.arpa.",
    ]);
  });

  it("is the output Kubernetes' DNS debugging guide shows when DNS is down", () => {
    const { env } = dnsEnv("silent");
    const r = runCommand(["nslookup", "kubernetes.default"], env, BB128);
    expect(r).toMatchObject({
      stdout: "Server:    10.96.0.10\nAddress 1: 10.96.0.10\n\n",
      stderr: "nslookup: can't resolve 'kubernetes.default'\n",
      exitCode: 1,
      // server PTR, AAAA and A: attempts:2 x timeout:5 each.
      elapsedMs: 30_000,
    });
  });

  it("reports a name that does not exist", () => {
    const { env } = dnsEnv();
    const r = runCommand(["nslookup", "nope"], env, BB128);
    expect(r.stderr).toBe("nslookup: can't resolve 'nope'\n");
    expect(r.exitCode).toBe(1);
  });

  it("picks the flavour from the image tag", () => {
    expect(nslookupFlavour("busybox:1.28")).toBe("libc");
    expect(nslookupFlavour("docker.io/library/busybox:1.27.2-uclibc")).toBe("libc");
    expect(nslookupFlavour("busybox")).toBe("own-resolver");
    expect(nslookupFlavour("busybox:1.29")).toBe("own-resolver");
    expect(nslookupFlavour("busybox:1.36.1")).toBe("own-resolver");
    expect(nslookupFlavour("alpine:3.8")).toBe("own-resolver");
  });
});

describe("ISC dig 9.18 (bin/dig/dig.c, dighost.c)", () => {
  it("prints the full answer", () => {
    const { env } = dnsEnv();
    const r = runCommand(["dig", "kubernetes.default.svc.cluster.local"], env, DNSUTILS);
    const id = /id: (\d+)/.exec(r.stdout)?.[1];
    expect(r.stdout).toBe(
      "\n; <<>> DiG 9.18.27 <<>> kubernetes.default.svc.cluster.local\n" +
        ";; global options: +cmd\n" +
        ";; Got answer:\n" +
        `;; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: ${id}\n` +
        ";; flags: qr aa rd; QUERY: 1, ANSWER: 1, AUTHORITY: 0, ADDITIONAL: 1\n" +
        ";; WARNING: recursion requested but not available\n\n" +
        ";; OPT PSEUDOSECTION:\n; EDNS: version: 0, flags:; udp: 1232\n" +
        `; COOKIE: ${/COOKIE: ([0-9a-f]{16})/.exec(r.stdout)?.[1]} (echoed)\n` +
        ";; QUESTION SECTION:\n;kubernetes.default.svc.cluster.local. IN A\n\n" +
        ";; ANSWER SECTION:\nkubernetes.default.svc.cluster.local. 30 IN A\t10.96.0.1\n\n" +
        ";; Query time: 0 msec\n" +
        ";; SERVER: 10.96.0.10#53(10.96.0.10) (UDP)\n" +
        ";; WHEN: Tue Nov 14 22:13:20 UTC 2023\n" +
        // 12 header + 42 question + 52 answer + 23 OPT with cookie.
        ";; MSG SIZE  rcvd: 129\n\n",
    );
    expect(r.exitCode).toBe(0);
  });

  it("+short prints only the data; the same id for the same command line", () => {
    const { env } = dnsEnv();
    const r = runCommand(["dig", "+short", "backend.default.svc.cluster.local"], env, DNSUTILS);
    expect(r).toMatchObject({ stdout: "10.96.0.20\n", exitCode: 0 });
    const a = runCommand(["dig", "example.com"], env, DNSUTILS).stdout;
    const b = runCommand(["dig", "example.com"], env, DNSUTILS).stdout;
    expect(a).toBe(b);
    expect(a).toContain(";; flags: qr rd ra; QUERY: 1, ANSWER: 1, AUTHORITY: 0, ADDITIONAL: 1\n\n");
    expect(a).toContain(";; ANSWER SECTION:\nexample.com.\t\t300\tIN\tA\t93.184.216.34\n");
  });

  it("does not use the search list without +search (NXDOMAIN still exits 0)", () => {
    const { env, names } = dnsEnv();
    const r = runCommand(["dig", "backend"], env, DNSUTILS);
    expect(names()).toEqual(["A backend."]);
    expect(r.stdout).toContain("status: NXDOMAIN");
    expect(r.exitCode).toBe(0);
  });

  it("+search walks the search list like glibc and prints the last reply", () => {
    const { env, names } = dnsEnv();
    const r = runCommand(["dig", "+search", "+noall", "+answer", "kubernetes.default"], env, DNSUTILS);
    expect(names()).toEqual([
      "A kubernetes.default.default.svc.cluster.local.",
      "A kubernetes.default.svc.cluster.local.",
    ]);
    expect(r.stdout).toBe("kubernetes.default.svc.cluster.local. 30 IN A\t10.96.0.1\n");
  });

  it("shows the SOA in the AUTHORITY section of a negative answer, and SRV/TXT data verbatim", () => {
    const { env } = dnsEnv();
    const nx = runCommand(["dig", "nope.default.svc.cluster.local"], env, DNSUTILS).stdout;
    expect(nx).toContain(
      ";; AUTHORITY SECTION:\ncluster.local.\t\t30\tIN\tSOA\tns.dns.cluster.local. hostmaster.cluster.local. 1700000000 7200 1800 86400 30\n\n",
    );
    const srv = runCommand(
      ["dig", "+short", "SRV", "_http._tcp.backend.default.svc.cluster.local"],
      env,
      DNSUTILS,
    );
    expect(srv.stdout).toBe("0 100 80 backend.default.svc.cluster.local.\n");
    const ptr = runCommand(["dig", "+short", "-x", "10.96.0.10"], env, DNSUTILS);
    expect(ptr.stdout).toBe("kube-dns.kube-system.svc.cluster.local.\n");
  });

  it("times out three times, then prints the greeting and 'no servers could be reached' (exit 9)", () => {
    const { env } = dnsEnv("silent");
    const r = runCommand(["dig", "@10.96.0.10", "backend.default.svc.cluster.local"], env, DNSUTILS);
    expect(r).toMatchObject({
      stdout:
        ";; communications error to 10.96.0.10#53: timed out\n".repeat(3) +
        "\n; <<>> DiG 9.18.27 <<>> @10.96.0.10 backend.default.svc.cluster.local\n" +
        "; (1 server found)\n;; global options: +cmd\n;; no servers could be reached\n",
      exitCode: 9,
      elapsedMs: 15_000,
    });
  });

  it("is not in busybox or alpine images", () => {
    const { env } = dnsEnv();
    expect(runCommand(["sh", "-c", "dig x"], env, BB)).toMatchObject({
      stderr: "sh: dig: not found\n",
      exitCode: 127,
    });
    expect(runCommand(["dig", "x"], env, { image: "alpine:3.20" }).exitCode).toBe(127);
    expect(runCommand(["getent", "hosts", "x"], env, BB).exitCode).toBe(127);
  });
});

describe("glibc getent hosts (nss/getent.c)", () => {
  it("walks the search list for AAAA, then A, and prints '%-15s %s'", () => {
    const { env, names } = dnsEnv();
    const r = runCommand(["getent", "hosts", "kubernetes.default"], env, DNSUTILS);
    expect(r).toMatchObject({
      stdout: "10.96.0.1       kubernetes.default.svc.cluster.local\n",
      exitCode: 0,
    });
    expect(names()).toEqual([
      "AAAA kubernetes.default.default.svc.cluster.local.",
      "AAAA kubernetes.default.svc.cluster.local.",
      "AAAA kubernetes.default.cluster.local.",
      "AAAA kubernetes.default.",
      "A kubernetes.default.default.svc.cluster.local.",
      "A kubernetes.default.svc.cluster.local.",
    ]);
  });

  it("exits 2 for a name that does not resolve, reads /etc/hosts first, resolves addresses by PTR", () => {
    const { env, sent } = dnsEnv();
    expect(runCommand(["getent", "hosts", "nope"], env, DNSUTILS)).toMatchObject({ stdout: "", exitCode: 2 });
    sent.length = 0;
    const local = runCommand(["getent", "hosts", "localhost"], env, DNSUTILS);
    expect(local.stdout).toBe("::1             localhost ip6-localhost ip6-loopback\n");
    expect(sent).toEqual([]);
    const ptr = runCommand(["getent", "hosts", "10.96.0.10"], env, DNSUTILS);
    expect(ptr.stdout).toBe("10.96.0.10      kube-dns.kube-system.svc.cluster.local\n");
  });

  it("waits timeout x attempts per query and stops the walk at the first timeout", () => {
    const { env, names } = dnsEnv("silent");
    const r = runCommand(["getent", "hosts", "backend"], env, DNSUTILS);
    expect(r.exitCode).toBe(2);
    expect(names()).toEqual([
      "AAAA backend.default.svc.cluster.local.",
      "AAAA backend.default.svc.cluster.local.",
      "A backend.default.svc.cluster.local.",
      "A backend.default.svc.cluster.local.",
    ]);
    expect(r.elapsedMs).toBe(20_000);
  });
});

describe("resolver building blocks", () => {
  it("cat /etc/resolv.conf prints the file as given", () => {
    const { env } = dnsEnv();
    expect(runCommand(["cat", "/etc/resolv.conf"], env, BB).stdout).toBe(RESOLV_CONF);
  });

  it("parses resolv.conf with glibc's defaults and caps", () => {
    expect(parseResolvConf(RESOLV_CONF)).toEqual({
      nameservers: ["10.96.0.10"],
      search: ["default.svc.cluster.local", "svc.cluster.local", "cluster.local"],
      ndots: 5,
      timeoutSec: 5,
      attempts: 2,
      hadNameserver: true,
    });
    const c = parseResolvConf(
      "nameserver 1.1.1.1\nnameserver 2.2.2.2\nnameserver 3.3.3.3\nnameserver 4.4.4.4\n" +
        "domain a.b\nsearch x y\n# c\noptions ndots:99 timeout:1 attempts:9\n",
    );
    expect(c).toMatchObject({
      nameservers: ["1.1.1.1", "2.2.2.2", "3.3.3.3"],
      search: ["x", "y"],
      ndots: 15,
    });
    expect(c).toMatchObject({ timeoutSec: 1, attempts: 5 });
    expect(parseResolvConf(undefined).nameservers).toEqual(["127.0.0.1"]);
  });

  it("orders glibc candidates by ndots", () => {
    const conf = parseResolvConf(RESOLV_CONF);
    expect(glibcCandidates("web", conf)).toEqual([
      "web.default.svc.cluster.local.",
      "web.svc.cluster.local.",
      "web.cluster.local.",
      "web.",
    ]);
    expect(glibcCandidates("a.b.c.d.e", conf)[0]).toBe("a.b.c.d.e.default.svc.cluster.local.");
    expect(glibcCandidates("a.b.c.d.e.f", conf)[0]).toBe("a.b.c.d.e.f.");
    expect(glibcCandidates("x.", conf)).toEqual(["x."]);
  });

  it("builds reverse names for IPv4 and IPv6", () => {
    expect(reverseName("10.96.0.10")).toBe("10.0.96.10.in-addr.arpa");
    expect(reverseName("fd00::a")).toBe(`a.0.0.0.${"0.".repeat(24)}0.0.d.f.ip6.arpa`);
    expect(reverseName("web")).toBeUndefined();
  });

  it("lays records out in BIND's columns", () => {
    expect(recordLine({ name: "example.com.", type: "A", ttl: 86400, data: "1.2.3.4" })).toBe(
      "example.com.\t\t86400\tIN\tA\t1.2.3.4\n",
    );
    expect(questionLine("example.com.", "A")).toBe(";example.com.\t\t\tIN\tA\n");
    expect(formatWhen(0)).toBe("Thu Jan 01 00:00:00 UTC 1970");
    expect(formatWhen(951_782_400_000)).toBe("Tue Feb 29 00:00:00 UTC 2000");
  });
});
