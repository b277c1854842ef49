/**
 * A trace as text: one numbered line per hop with its rule and address rewrites, then the
 * verdict and the response. What `kubesim trace` prints.
 *
 * @module
 */
import type { AppResponse, Hop, Origin, Trace } from "./Packet.js";
import { tupleText } from "./walkPacket.js";

/** Renders a trace for people. */
export function renderTrace(trace: Trace): string {
  const lines = [`${tupleText(trace.sent)} from ${originText(trace.origin)}`];
  trace.hops.forEach((hop, i) => {
    lines.push(`${String(i + 1).padStart(3)}. ${where(hop)}${hop.stage}${hookDetail(hop)}: ${hop.note}`);
    if (hop.rule) lines.push(`       rule: ${hop.rule}`);
    if (hop.before && hop.after) lines.push(`       ${tupleText(hop.before)}  =>  ${tupleText(hop.after)}`);
  });
  const backend = trace.backend;
  lines.push(`verdict: ${trace.verdict}: ${trace.reason} (after ${formatMs(trace.elapsedMs)})`);
  if (backend && trace.peerSeenByServer)
    lines.push(`the server saw the client as ${trace.peerSeenByServer.ip}:${trace.peerSeenByServer.port}`);
  if (trace.response) lines.push(`response: ${responseText(trace.response)}`);
  return `${lines.join("\n")}\n`;
}

function where(hop: Hop): string {
  const node = hop.node ? `[${hop.node}] ` : "";
  const netns = hop.netns.startsWith("host ") ? "host " : `${hop.netns} `;
  return `${node}${netns}`;
}

function hookDetail(hop: Hop): string {
  const parts = [hop.table, hop.chain, hop.iface ? `(${hop.iface})` : undefined].filter(
    (p) => p !== undefined,
  );
  return parts.length > 0 ? ` ${parts.join(" ")}` : "";
}

function originText(origin: Origin): string {
  if (origin.kind === "pod") return `pod ${origin.namespace}/${origin.name}`;
  if (origin.kind === "node") return `node ${origin.name}`;
  return `external client ${origin.ip}`;
}

function responseText(r: AppResponse): string {
  if (r.kind === "http") return `HTTP/1.1 ${r.status} ${r.reason}, ${r.body.length} bytes`;
  if (r.kind === "data")
    return `${r.data.length} bytes: ${JSON.stringify(r.data.length > 60 ? `${r.data.slice(0, 60)}...` : r.data)}`;
  if (r.kind === "echo-reply") return "ICMP echo reply";
  return "connection accepted, nothing said";
}

function formatMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(ms % 1000 === 0 ? 0 : 3)} s` : `${ms} ms`;
}
