// One large transfer in a fresh process, so its peak RSS growth is its own. Prints one JSON line.
import { runTransfer, type TransferArgs } from "./transfer-run.js";

const result = await runTransfer(JSON.parse(process.argv[2] ?? "") as TransferArgs);
process.stdout.write(`${JSON.stringify(result)}\n`);
