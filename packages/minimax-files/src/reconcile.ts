/**
 * After an upload attempt failed in a way that may have followed the store (a reset, no answer in
 * time, a 5xx, `base_resp` 1000, a body cut short), the upload is not simply sent again: that
 * would store a second copy. The purpose is listed first, and a file is adopted as this upload's
 * when it has
 * - the same filename and the same byte count, and
 * - `created_at` no earlier than the first such attempt began, less `clockSkewSeconds` (the server's
 *   clock, which `created_at` is read from, may be behind this machine's).
 * Several matches: the newest is adopted. Only when none matches is the file sent again.
 *
 * Limits (documented in the README): an identical file (same name and size) uploaded to the same
 * purpose within that window by anyone on the account, or by two identical uploads running at
 * once, is indistinguishable from this one, so both calls may adopt the same file; the list must
 * show the file when the answer was lost (MiniMax's does, the fake's does).
 */
/** How far behind this machine's clock the server's may be. */
export const clockSkewSeconds = 300;

export interface UploadIdentity {
  filename: string;
  bytes: number;
}

interface Listed {
  filename?: unknown;
  bytes?: unknown;
  created_at?: unknown;
}

/** The file an ambiguous upload stored, if the list shows one (see the module comment). */
export function findUpload<File extends Listed>(
  files: File[],
  upload: UploadIdentity,
  since: number,
): File | undefined {
  const earliest = Math.floor(since / 1000) - clockSkewSeconds;
  let found: File | undefined;
  for (const file of files) {
    if (file.filename !== upload.filename || file.bytes !== upload.bytes) continue;
    if (typeof file.created_at !== "number" || file.created_at < earliest) continue;
    if (!found || file.created_at >= (found.created_at as number)) found = file;
  }
  return found;
}

/** What an error says when the client cannot tell whether the upload was stored. */
export function maybeStored(upload: { filename: string; purpose: string }): string {
  return `${JSON.stringify(upload.filename)} (purpose ${upload.purpose}) may have been stored: list purpose ${upload.purpose} before uploading it again`;
}
