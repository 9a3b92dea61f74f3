/**
 * Process exit codes. Scripts branch on these, so they are part of the CLI's interface: never
 * renumber one, only add. `minimax-files --help` prints this table (see `exitCodesHelp`).
 */
export const ExitCode = {
  ok: 0,
  /** Anything unexpected: a bug in this CLI or the client. */
  unexpected: 1,
  /** The command line is wrong: unknown command or flag, malformed purpose or file id, no API key, a path that does not exist or is a directory, insecure http://. Nothing was sent. */
  usage: 2,
  /** MiniMax answered with an error (base_resp.status_code != 0 or an HTTP error). */
  api: 3,
  /** MiniMax could not be reached or did not answer in time (after retries). */
  network: 4,
  /** Reading the upload or writing the download failed, or it would replace an existing file. */
  localFile: 5,
  /** Interrupted by SIGINT/SIGTERM; a download in flight leaves no partial file. */
  interrupted: 130,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export const exitCodesHelp = `Exit codes:
  0    success
  1    unexpected error (a bug: please report it)
  2    usage error: unknown command or flag, malformed purpose or file id (or one
       beyond int64), no API key, no such upload file or output directory, an
       upload path that is a directory, insecure http://; nothing was sent
  3    MiniMax API error (code, message and trace id are printed)
  4    network error: MiniMax unreachable, connection reset or timed out after retries
  5    local file error: reading the upload or writing the download failed, or
       the download would replace an existing file (see --force)
  130  interrupted (Ctrl-C, SIGTERM, SIGHUP); no partial download is left behind
A bulk command (several files or ids, prune, sync) exits with its first failed item's code.`;
