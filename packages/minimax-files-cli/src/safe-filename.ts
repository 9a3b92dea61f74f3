import path from "node:path";

/**
 * File systems cap one path component at 255 bytes. The client's temporary sibling has a short
 * name of its own (`.minimax-files-<hex>.part`), so a name may use all of them.
 */
export const MAX_NAME_BYTES = 255;
/** An extension longer than this is not worth keeping when a name must be shortened. */
const MAX_KEPT_EXTENSION_BYTES = 32;

// C0/C1 controls (NUL, ESC, newlines...) and bidirectional overrides that make `exe.txt` display as
// `txt.exe`; plus the characters Windows forbids, so a name that is safe here is safe there too.
// biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
const UNSAFE_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069<>:"|?*]/g;
const WINDOWS_DEVICE_NAME = /^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$/i;

/**
 * The name to save a downloaded file under, given the filename the server reported. The server's
 * name is untrusted: the result is always a single, non-empty path component (no `/`, `\`, NUL or
 * control characters, never `.` or `..`, no leading dots, at most MAX_NAME_BYTES UTF-8 bytes), so joining it
 * to a directory can only name a file directly inside that directory. When nothing usable is left,
 * the result is `file-<fileId>`.
 *
 * Pure and total: any input (including non-strings) gives a safe name.
 */
export function safeFileName(serverName: unknown, fileId: string | number | bigint): string {
  const fallback = `file-${
    String(fileId)
      .replace(/[^0-9A-Za-z_-]/g, "")
      .slice(0, 64) || "download"
  }`;
  if (typeof serverName !== "string") return fallback;
  // Last component of a POSIX or Windows path: `../../x`, `/etc/x` and `C:\x` all become `x`.
  const base = serverName.normalize("NFC").split(/[\\/]/).pop() ?? "";
  let name = base
    .replace(UNSAFE_CHARACTERS, "_")
    // Leading dots would hide the file (or make `..`); trailing dots and spaces vanish on Windows.
    .replace(/^[.\s]+/, "")
    .replace(/[.\s]+$/, "");
  if (WINDOWS_DEVICE_NAME.test(name)) name = `_${name}`;
  name = truncateUtf8(name, MAX_NAME_BYTES);
  return name === "" ? fallback : name;
}

/**
 * Where `download` writes when the user chose a directory (or none: the current one): directly
 * inside `directory`, under `safeFileName(serverName, fileId)`.
 */
export function downloadPathIn(directory: string, serverName: unknown, fileId: string | number | bigint): string {
  return path.join(path.resolve(directory), safeFileName(serverName, fileId));
}

/** Shortens `name` to at most `maxBytes` UTF-8 bytes without splitting a character, keeping a short extension. */
function truncateUtf8(name: string, maxBytes: number): string {
  if (Buffer.byteLength(name) <= maxBytes) return name;
  const dot = name.lastIndexOf(".");
  const extension = dot > 0 ? name.slice(dot) : "";
  const keep = Buffer.byteLength(extension) <= MAX_KEPT_EXTENSION_BYTES ? extension : "";
  const stem = keep ? name.slice(0, dot) : name;
  let out = "";
  let bytes = Buffer.byteLength(keep);
  for (const character of stem) {
    const size = Buffer.byteLength(character);
    if (bytes + size > maxBytes) break;
    out += character;
    bytes += size;
  }
  return `${out.replace(/[.\s]+$/, "")}${keep}`;
}
