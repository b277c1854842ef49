/**
 * Image references as containerd reports them in container statuses, and the numbers the
 * kubelet prints about pulls. Digests and sizes are made up, but stable per image reference,
 * so every node and every run reports the same `imageID` for the same image.
 *
 * @module
 */

/**
 * The fully qualified reference (`docker.io/library/nginx:latest`), as containerd returns it
 * for `status.containerStatuses[].image` (docker/distribution `ParseNormalizedNamed`).
 */
export function normalizeImage(image: string): string {
  const at = image.indexOf("@");
  const name = at < 0 ? image : image.slice(0, at);
  const digest = at < 0 ? "" : image.slice(at);
  const slash = name.indexOf("/");
  const first = slash < 0 ? "" : name.slice(0, slash);
  const hasDomain = first !== "" && (first.includes(".") || first.includes(":") || first === "localhost");
  let full = hasDomain ? name : slash < 0 ? `docker.io/library/${name}` : `docker.io/${name}`;
  const lastPart = full.slice(full.lastIndexOf("/") + 1);
  if (!digest && !lastPart.includes(":")) full += ":latest";
  return full + digest;
}

/** `status.containerStatuses[].imageID`: `docker.io/library/nginx@sha256:<64 hex>`. */
export function imageID(image: string): string {
  const full = normalizeImage(image);
  const at = full.indexOf("@");
  if (at >= 0) return full;
  const lastSlash = full.lastIndexOf("/");
  const colon = full.indexOf(":", lastSlash);
  const repo = colon < 0 ? full : full.slice(0, colon);
  // Joined, not a template literal: a flat string (the status of every container keeps one).
  return [repo, "@sha256:", hashHex(full, 64)].join("");
}

/** A stable made-up compressed size in bytes (5 to 200 MB) for the `Pulled` event. */
export function imageSizeBytes(image: string): number {
  const h = Number.parseInt(hashHex(`size:${normalizeImage(image)}`, 8), 16);
  return 5_000_000 + (h % 195_000_000);
}

/** FNV-1a based hex expansion: `length` hex digits determined by `text`. */
function hashHex(text: string, length: number): string {
  let out = "";
  for (let round = 0; out.length < length; round++) {
    let h = 0x811c9dc5;
    const s = `${text}\u0000${round}`;
    for (let i = 0; i < s.length; i++) {
      h ^= s.charCodeAt(i);
      h = Math.imul(h, 0x01000193);
    }
    out += (h >>> 0).toString(16).padStart(8, "0");
  }
  return out.slice(0, length);
}

/**
 * Go's `time.Duration.String()` of a whole number of milliseconds (the kubelet truncates pull
 * times to milliseconds): `523ms`, `1.234s`, `2s`, `1m5.5s`.
 */
export function goDuration(ms: number): string {
  if (ms === 0) return "0s";
  if (ms < 1000) return `${ms}ms`;
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = (ms % 60_000) / 1000;
  const sec = `${Number.isInteger(s) ? s : s.toFixed(3).replace(/0+$/, "")}s`;
  if (h > 0) return `${h}h${m}m${sec}`;
  if (m > 0) return `${m}m${sec}`;
  return sec;
}
