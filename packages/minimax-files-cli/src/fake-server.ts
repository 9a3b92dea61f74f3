import type { CliIo } from "./cli-io.js";

/**
 * `minimax-files fake-server`: the fake MiniMax from @org/minimax-files-testing as a process, so a
 * newcomer can paste the README's session without an account. Resolves when `io.signal` aborts.
 */
export async function serveFake(io: CliIo, options: { port?: number; apiKey?: string }): Promise<void> {
  const { startFakeMiniMax } = await import("@org/minimax-files-testing");
  const server = await startFakeMiniMax({ apiKey: options.apiKey || "fake-key", port: options.port ?? 0 });
  io.stdout.write(`export MINIMAX_BASE_URL=${server.url} MINIMAX_API_KEY=${server.apiKey}\n`);
  io.stderr.write(`fake MiniMax listening on ${server.url} (files in memory; Ctrl-C stops it)\n`);
  await new Promise<void>((resolve) => {
    if (io.signal.aborted) resolve();
    else io.signal.addEventListener("abort", () => resolve(), { once: true });
  });
  await server.close();
}
