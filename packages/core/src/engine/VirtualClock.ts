/**
 * The simulation's clock. Time only moves when the simulation moves it, so a
 * run never depends on the wall clock of the machine it runs on.
 */
export class VirtualClock {
  #nowMs: number;
  /** The second {@link timestamp} formatted last, and its text. */
  #stampSecond = Number.NaN;
  #stamp = "";

  /** @param startMs - the instant the clock starts at, in milliseconds since the Unix epoch. */
  constructor(startMs: number) {
    if (!Number.isFinite(startMs))
      throw new Error(`VirtualClock: start must be a finite number, got ${startMs}`);
    this.#nowMs = startMs;
  }

  /** The current virtual instant in milliseconds since the Unix epoch. */
  get nowMs(): number {
    return this.#nowMs;
  }

  /** The current instant as a Kubernetes RFC 3339 timestamp with second precision (`2024-01-01T00:00:00Z`). */
  nowTimestamp(): string {
    return this.timestamp(this.#nowMs);
  }

  /**
   * {@link formatTimestamp}, returning one string object for all the instants of a second, as
   * long as they are asked for in a row. A pod's objects hold about 17 timestamps, mostly of the
   * few seconds it took to start: shared, they cost nothing per pod.
   */
  timestamp(ms: number): string {
    const second = Math.floor(ms / 1000);
    if (second !== this.#stampSecond) {
      this.#stampSecond = second;
      this.#stamp = formatTimestamp(ms);
    }
    return this.#stamp;
  }

  /**
   * Moves the clock to `timeMs`. Only the simulation calls this; time never goes backwards.
   * @internal
   */
  _setNow(timeMs: number): void {
    if (timeMs < this.#nowMs)
      throw new Error(`VirtualClock: time cannot go backwards (${timeMs} < ${this.#nowMs})`);
    this.#nowMs = timeMs;
  }
}

/**
 * Formats milliseconds since the epoch as RFC 3339 in UTC with second precision, the way
 * Kubernetes serialises `metav1.Time`. Written out by hand (days-from-civil arithmetic) so that
 * library code never constructs a `Date`.
 */
export function formatTimestamp(ms: number): string {
  const totalSeconds = Math.floor(ms / 1000);
  const days = Math.floor(totalSeconds / 86400);
  const secondsOfDay = totalSeconds - days * 86400;
  const { year, month, day } = civilFromDays(days);
  const hh = Math.floor(secondsOfDay / 3600);
  const mm = Math.floor((secondsOfDay % 3600) / 60);
  const ss = secondsOfDay % 60;
  // join builds one flat string; a template literal leaves a rope of pieces behind every stored
  // timestamp (objects hold about 17 timestamps per pod).
  return [
    pad(year, 4),
    "-",
    pad(month, 2),
    "-",
    pad(day, 2),
    "T",
    pad(hh, 2),
    ":",
    pad(mm, 2),
    ":",
    pad(ss, 2),
    "Z",
  ].join("");
}

/** Parses an RFC 3339 timestamp (`2024-01-01T00:00:00Z`, optional fraction and offset) into epoch milliseconds. */
export function parseTimestamp(text: string): number | undefined {
  // Controllers read conditions' times on every sync: the form the store writes is read without
  // a regular expression (whose match arrays were a large share of the control plane's garbage).
  if (text.length === 20 && text.charCodeAt(19) === 0x5a /* Z */) {
    const ms = parseUTCSeconds(text);
    if (ms !== undefined) return ms;
  }
  const m = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, frac, zone] = m as unknown as string[];
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1 || day > 31) return undefined;
  const days = daysFromCivil(Number(y), month, day);
  let ms = ((days * 24 + Number(h)) * 60 + Number(mi)) * 60_000 + Number(s) * 1000;
  if (frac) ms += Math.floor(Number(`0${frac}`) * 1000);
  if (zone && zone !== "Z" && zone !== "z") {
    const sign = zone.startsWith("-") ? -1 : 1;
    const offsetMinutes = Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6));
    ms -= sign * offsetMinutes * 60_000;
  }
  return ms;
}

/** `YYYY-MM-DDTHH:MM:SSZ`, or undefined when `text` is not exactly that (or not a valid date). */
function parseUTCSeconds(text: string): number | undefined {
  if (text[4] !== "-" || text[7] !== "-" || text[10] !== "T" || text[13] !== ":" || text[16] !== ":")
    return undefined;
  const y = digitsAt(text, 0, 4);
  const month = digitsAt(text, 5, 2);
  const day = digitsAt(text, 8, 2);
  const h = digitsAt(text, 11, 2);
  const mi = digitsAt(text, 14, 2);
  const sec = digitsAt(text, 17, 2);
  if (y < 0 || h < 0 || mi < 0 || sec < 0 || month < 1 || month > 12 || day < 1 || day > 31) return undefined;
  return ((daysFromCivil(y, month, day) * 24 + h) * 60 + mi) * 60_000 + sec * 1000;
}

/** The decimal number `text` holds at `from..from+count`, or -1 if a character there is not a digit. */
function digitsAt(text: string, from: number, count: number): number {
  let n = 0;
  for (let i = from; i < from + count; i++) {
    const d = text.charCodeAt(i) - 0x30;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, "0");
}

/**
 * The calendar date of a day number (days since 1970-01-01), proleptic Gregorian: Howard
 * Hinnant's civil calendar algorithm (public domain). Exported so printers can format times
 * without constructing a `Date`.
 */
export function civilFromDays(z0: number): { year: number; month: number; day: number } {
  const z = z0 + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return { year, month, day };
}

function daysFromCivil(y0: number, m: number, d: number): number {
  const y = m <= 2 ? y0 - 1 : y0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}
