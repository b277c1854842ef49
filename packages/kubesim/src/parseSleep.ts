/**
 * GNU coreutils `sleep` arguments: each NUMBER[SUFFIX] with s (default), m, h or d, decimals
 * allowed, all summed. Returns milliseconds or sleep's own error text.
 */
export function parseSleep(args: readonly string[]): { ok: true; ms: number } | { ok: false; error: string } {
  const hint = "Try 'sleep --help' for more information.\n";
  if (args.length === 0) return { ok: false, error: `sleep: missing operand\n${hint}` };
  let total = 0;
  for (const a of args) {
    const m = /^(\d+(?:\.\d*)?|\.\d+)([smhd]?)$/.exec(a);
    if (!m) return { ok: false, error: `sleep: invalid time interval '${a}'\n${hint}` };
    total +=
      Number(m[1]) *
      { "": 1000, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as "" | "s" | "m" | "h" | "d"];
  }
  return { ok: true, ms: Math.round(total) };
}
