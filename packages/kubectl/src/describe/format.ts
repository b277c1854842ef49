/**
 * Formatting helpers of k8s.io/kubectl/pkg/describe/describe.go: multi-line labels,
 * annotations, taints and tolerations, RFC 1123 times, ages.
 */

import { civilFromDays } from "@kubesim/core";
import type { Taint, Toleration } from "kubernetes-types/core/v1.js";
import { humanDuration, parseTimestampMs } from "../printers/age.js";
import type { PrefixWriter } from "./PrefixWriter.js";
import { LEVEL_0 } from "./PrefixWriter.js";

/** Go's `sort.Strings` order. */
export function goLess(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The annotation describe never shows (`skipAnnotations`). */
const LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

/** `printLabelsMultilineWithIndent`: `Title:<inner>k=v` lines, sorted, or `<none>`. */
export function printLabelsMultiline(
  w: PrefixWriter,
  title: string,
  labels: Readonly<Record<string, string>> | undefined,
  initialIndent = "",
  innerIndent = "\t",
): void {
  w.write(LEVEL_0, `${initialIndent}${title}:${innerIndent}`);
  const keys = Object.keys(labels ?? {}).sort(goLess);
  if (keys.length === 0) {
    w.writeLine("<none>");
    return;
  }
  keys.forEach((key, i) => {
    if (i !== 0) w.write(LEVEL_0, `${initialIndent}${innerIndent}`);
    w.write(LEVEL_0, `${key}=${labels![key]}\n`);
  });
}

/** describe.go's `maxAnnotationLen`. */
const MAX_ANNOTATION_LEN = 140;

/**
 * `printAnnotationsMultiline`: sorted `key: value` lines without the last-applied annotation;
 * a value that is long or has several lines is printed below its key, each line cut to 138
 * bytes plus `...`.
 */
export function printAnnotationsMultiline(
  w: PrefixWriter,
  title: string,
  annotations: Readonly<Record<string, string>> | undefined,
): void {
  w.write(LEVEL_0, `${title}:\t`);
  const keys = Object.keys(annotations ?? {})
    .filter((k) => k !== LAST_APPLIED)
    .sort(goLess);
  if (keys.length === 0) {
    w.writeLine("<none>");
    return;
  }
  const indent = "\t";
  keys.forEach((key, i) => {
    if (i !== 0) w.write(LEVEL_0, indent);
    const value = annotations![key]!.replace(/\n$/, "");
    if (utf8Length(value) + utf8Length(key) + 2 > MAX_ANNOTATION_LEN || value.includes("\n")) {
      w.write(LEVEL_0, `${key}:\n`);
      for (const s of value.split("\n"))
        w.write(LEVEL_0, `${indent}  ${shorten(s, MAX_ANNOTATION_LEN - 2)}\n`);
    } else {
      w.write(LEVEL_0, `${key}: ${value}\n`);
    }
  });
}

function utf8Length(s: string): number {
  let n = 0;
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    n += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
  }
  return n;
}

/** `shorten`: the first `max` characters and `...` (ASCII assumed, as Go cuts bytes). */
function shorten(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max)}...` : s;
}

/** `Taint.ToString()`: `key=value:effect`, `key:effect`, `key=value:`, or `key`. */
export function taintString(t: Taint): string {
  if (!t.value) return t.effect ? `${t.key}:${t.effect}` : t.key;
  return `${t.key}=${t.value}:${t.effect ?? ""}`;
}

/** `printTaintsMultilineWithIndent`: taints sorted by `effect,key`, or `<none>`. */
export function printTaintsMultiline(
  w: PrefixWriter,
  title: string,
  taints: readonly Taint[] | undefined,
): void {
  w.write(LEVEL_0, `${title}:\t`);
  if (!taints || taints.length === 0) {
    w.writeLine("<none>");
    return;
  }
  const key = (t: Taint) => `${t.effect ?? ""},${t.key}`;
  [...taints]
    .sort((a, b) => goLess(key(a), key(b)))
    .forEach((t, i) => {
      if (i !== 0) w.write(LEVEL_0, "\t");
      w.write(LEVEL_0, `${taintString(t)}\n`);
    });
}

/** `printTolerationsMultilineWithIndent`: tolerations sorted by key (`key=value:effect op=Exists for Ns`). */
export function printTolerationsMultiline(
  w: PrefixWriter,
  title: string,
  tolerations: readonly Toleration[] | undefined,
  initialIndent = "",
): void {
  w.write(LEVEL_0, `${initialIndent}${title}:\t`);
  if (!tolerations || tolerations.length === 0) {
    w.writeLine("<none>");
    return;
  }
  [...tolerations]
    .sort((a, b) => goLess(a.key ?? "", b.key ?? ""))
    .forEach((t, i) => {
      if (i !== 0) w.write(LEVEL_0, `${initialIndent}\t`);
      let text = t.key ?? "";
      if (t.value) text += `=${t.value}`;
      if (t.effect) text += `:${t.effect}`;
      if (t.operator === "Exists" && !t.value) text += t.key || t.effect ? " op=Exists" : "op=Exists";
      if (t.tolerationSeconds !== undefined && t.tolerationSeconds !== null)
        text += ` for ${t.tolerationSeconds}s`;
      w.write(LEVEL_0, `${text}\n`);
    });
}

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** Go's zero `time.Time` printed as RFC 1123Z (what an unset timestamp shows). */
const ZERO_TIME_RFC1123Z = "Mon, 01 Jan 0001 00:00:00 +0000";

/**
 * `t.Format(time.RFC1123Z)` in UTC (`Mon, 02 Jan 2006 15:04:05 -0700`); an unset or
 * unparseable timestamp is Go's zero time.
 */
export function rfc1123z(timestamp: string | null | undefined): string {
  const ms = parseTimestampMs(timestamp ?? undefined);
  if (ms === undefined) return ZERO_TIME_RFC1123Z;
  const s = Math.floor(ms / 1000);
  const days = Math.floor(s / 86400);
  const sod = s - days * 86400;
  const { year, month, day } = civilFromDays(days);
  const p = (n: number, w = 2) => String(n).padStart(w, "0");
  const weekday = DAYS[(((days + 4) % 7) + 7) % 7]!;
  return `${weekday}, ${p(day)} ${MONTHS[month - 1]} ${p(year, 4)} ${p(Math.floor(sod / 3600))}:${p(Math.floor((sod % 3600) / 60))}:${p(sod % 60)} +0000`;
}

/** describe.go's `translateTimestampSince`: `<unknown>` for an unset time, else the age. */
export function timestampSince(timestamp: string | null | undefined, nowMs: number): string {
  const ms = parseTimestampMs(timestamp ?? undefined);
  return ms === undefined ? "<unknown>" : humanDuration(nowMs - ms);
}

/** `labels.FormatLabels`: sorted `k=v` joined by `,`, or `<none>`. */
export function formatLabels(labels: Readonly<Record<string, string>> | undefined): string {
  const pairs = Object.entries(labels ?? {}).map(([k, v]) => `${k}=${v}`);
  return pairs.length === 0 ? "<none>" : pairs.sort(goLess).join(",");
}
