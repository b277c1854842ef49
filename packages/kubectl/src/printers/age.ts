/**
 * Ages in kubectl tables: the AGE column, `RESTARTS (5m ago)`, LAST SEEN and friends.
 *
 * Ports K8s `staging/src/k8s.io/apimachinery/pkg/util/duration/duration.go` (`HumanDuration`) and
 * `pkg/printers/internalversion/printers.go` (`translateTimestampSince`). The clock is a parameter:
 * library code never reads the wall clock, so the simulation's virtual time decides every age.
 */

const MS_PER_SECOND = 1000;
const MS_PER_MINUTE = 60 * MS_PER_SECOND;
const MS_PER_HOUR = 60 * MS_PER_MINUTE;

/**
 * A succinct, human-readable approximation of a duration with about 2-3 significant figures,
 * exactly as `duration.HumanDuration`: `0s`, `119s`, `5m30s`, `179m`, `3h15m`, `47h`, `2d5h`,
 * `400d`, `2y1d`, `8y`. Durations below -1 s read `<invalid>`: a timestamp that far in the future
 * is clock skew rather than "now".
 *
 * @param ms the duration in milliseconds (may be fractional or negative)
 */
export function humanDuration(ms: number): string {
  // Go converts with int(), which truncates toward zero; Math.trunc does the same.
  const seconds = Math.trunc(ms / MS_PER_SECOND);
  if (seconds < -1) return "<invalid>";
  if (seconds < 0) return "0s";
  if (seconds < 60 * 2) return `${seconds + 0}s`; // `+ 0` turns -0 into 0
  const minutes = Math.trunc(ms / MS_PER_MINUTE);
  if (minutes < 10) {
    const s = seconds % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 60 * 3) return `${minutes}m`;
  const hours = Math.trunc(ms / MS_PER_HOUR);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  const days = Math.trunc(hours / 24);
  if (hours < 24 * 8) {
    const h = hours % 24;
    return h === 0 ? `${days}d` : `${days}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${days}d`;
  const years = Math.trunc(days / 365);
  if (hours < 24 * 365 * 8) {
    const dy = days % 365;
    return dy === 0 ? `${years}y` : `${years}y${dy}d`;
  }
  return `${years}y`;
}

/**
 * The time elapsed between `timestamp` and `nowMs` as {@link humanDuration} renders it, or
 * `<unknown>` when the timestamp is missing, unparseable or Go's zero time (what
 * `translateTimestampSince` prints for an unset `metav1.Time`).
 *
 * @param timestamp an RFC 3339 timestamp as the API serialises `metav1.Time`/`metav1.MicroTime`
 * @param nowMs the current (virtual) time in milliseconds since the Unix epoch
 */
export function translateTimestampSince(timestamp: string | undefined, nowMs: number): string {
  const t = parseTimestampMs(timestamp);
  if (t === undefined) return "<unknown>";
  return humanDuration(nowMs - t);
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/** Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant's `days_from_civil`). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Milliseconds since the epoch of Go's zero `time.Time` (0001-01-01T00:00:00Z), which `IsZero` reports. */
const GO_ZERO_TIME_MS = daysFromCivil(1, 1, 1) * 24 * MS_PER_HOUR;

/**
 * Parses an RFC 3339 timestamp (`2024-05-01T12:00:00Z`, `2024-05-01T12:00:00.123456+02:00`) into
 * milliseconds since the Unix epoch. Returns undefined for a missing, malformed or zero timestamp,
 * the cases in which kubectl prints `<unknown>`. Written by hand rather than with `Date.parse`
 * because Go's zero time (year 1) and microsecond fractions must parse the same on every engine.
 */
export function parseTimestampMs(timestamp: string | undefined): number | undefined {
  if (timestamp === undefined || timestamp === "") return undefined;
  const m = RFC3339.exec(timestamp);
  if (!m) return undefined;
  const [, ys, mos, ds, hs, mis, ss, frac, zone] = m;
  const year = Number(ys);
  const month = Number(mos);
  const day = Number(ds);
  const hour = Number(hs);
  const minute = Number(mis);
  const second = Number(ss);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  let offsetMinutes = 0;
  if (zone !== undefined && zone !== "Z" && zone !== "z") {
    const sign = zone.startsWith("-") ? -1 : 1;
    offsetMinutes = sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6)));
  }
  const fractionMs = frac === undefined ? 0 : Number(`0${frac}`) * MS_PER_SECOND;
  const ms =
    daysFromCivil(year, month, day) * 24 * MS_PER_HOUR +
    hour * MS_PER_HOUR +
    (minute - offsetMinutes) * MS_PER_MINUTE +
    second * MS_PER_SECOND +
    fractionMs;
  return ms === GO_ZERO_TIME_MS ? undefined : ms;
}
