import { createInterface } from "node:readline/promises";
import type { CliIo } from "./cli-io.js";

/** Whether the user can be asked: stdin and stderr (where the question goes) are a terminal. */
export function canAsk(io: CliIo): boolean {
  return io.stdin?.isTTY === true && io.stderr.isTTY === true;
}

/** Asks a yes/no question on the terminal; anything but y/yes (or end of input) is no. */
export async function confirm(io: CliIo, question: string): Promise<boolean> {
  const { stdin } = io;
  if (!stdin) return false;
  const prompt = createInterface({ input: stdin, output: { write: (text: string) => io.stderr.write(text) } as never });
  try {
    const answer = await prompt.question(`${question} [y/N] `, { signal: io.signal });
    return /^y(es)?$/i.test(answer.trim());
  } catch (error) {
    // Ctrl-C at the prompt: the signal's abort reaches run(), which reports "interrupted".
    if (io.signal.aborted) throw io.signal.reason;
    throw error;
  } finally {
    prompt.close();
  }
}
