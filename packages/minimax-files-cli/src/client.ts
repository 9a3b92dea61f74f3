import { createMiniMaxFiles, type MiniMaxFiles } from "@org/minimax-files";
import type { CliIo, GlobalFlags } from "./cli-io.js";
import { clientOptions } from "./config.js";
import { toJson } from "./json.js";

/** The client every command uses: int64 ids as bigint, and `--verbose` logging one line per entry. */
export function client(io: CliIo, flags: GlobalFlags): MiniMaxFiles<"bigint"> {
  const options = clientOptions(flags, io.env);
  if (flags.verbose) {
    const log =
      (level: string) =>
      (message: string, meta?: object): void => {
        // One line per entry: the message's own line breaks and the JSON's become spaces.
        const line = `${level}: ${message}${meta === undefined ? "" : ` ${toJson(meta)}`}`;
        io.stderr.write(`${line.replace(/\n */g, " ")}\n`);
      };
    options.logger = { debug: log("debug"), info: log("info"), warn: log("warn"), error: log("error") };
  }
  return createMiniMaxFiles<"bigint">(options);
}
