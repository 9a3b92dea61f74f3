/**
 * Text from a server must not drive the terminal it is printed on: ESC, CSI and OSC sequences can
 * clear the screen, set the window title or hide text, BEL rings, a bare CR lets what follows
 * overwrite the line, and bidirectional overrides reorder what is shown. Control characters are
 * shown as escapes instead of being sent. `run` applies `terminalText` to everything written to
 * stdout and stderr, so no call site has to remember; progress bars, which are made of control
 * sequences, are drawn on the unfiltered stream.
 */
import type { CliIo } from "./cli-io.js";

// C0 and C1 controls, DEL, and the bidirectional embeddings, overrides and isolates.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
// The same, less newline, tab and the CR of a CRLF: the layout of whole lines of output.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL_IN_LINES = /\r(?!\n)|[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** One table cell or value: every control character shown, newlines included (`\x1b`, `\x0a`). */
export function terminalSafe(text: string): string {
  return text.replace(CONTROL, (c) => {
    const code = c.charCodeAt(0);
    return code > 0xff ? `\\u${hex4(code)}` : `\\x${code.toString(16).padStart(2, "0")}`;
  });
}

/**
 * Lines of output: newlines and tabs kept, any other control character written as `\uXXXX`, which
 * is also a valid JSON escape of the same character, so `--json` output stays exact JSON (C0 is
 * already escaped by JSON.stringify; C1 and bidi characters are not).
 */
export function terminalText(text: string): string {
  return text.replace(CONTROL_IN_LINES, (c) => `\\u${hex4(c.charCodeAt(0))}`);
}

/**
 * `io` with stdout and stderr filtered by `terminalText`; progress bars keep the raw stderr, and a
 * file's content (`download -o -`) goes to `contentOutput`, untouched.
 */
export function terminalSafeIo(io: CliIo): CliIo {
  return {
    ...io,
    stdout: { write: (text: string) => io.stdout.write(terminalText(String(text))) },
    stderr: { write: (text: string) => io.stderr.write(terminalText(String(text))), isTTY: io.stderr.isTTY },
    progressOutput: io.progressOutput ?? io.stderr,
  };
}

function hex4(code: number): string {
  return code.toString(16).padStart(4, "0");
}
