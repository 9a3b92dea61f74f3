import cliProgress from "cli-progress";
import { formatBytes } from "./table.js";

export interface TransferProgress {
  /** Pass as the client's `onProgress`. */
  onProgress(progress: { loaded: number; total?: number }): void;
  /** Draws the final state and releases the terminal line; safe to call more than once. */
  stop(): void;
}

/**
 * A byte progress bar (size, rate, time left) on stderr, drawn only when stderr is a terminal:
 * piped or redirected stderr (CI logs, `2>file`) gets nothing, not even a final line.
 */
export function transferProgress(
  label: string,
  expectedTotal: number | undefined,
  output: { isTTY?: boolean } = process.stderr,
): TransferProgress | undefined {
  if (!output.isTTY) return undefined;
  // Only a tty.WriteStream says isTTY; cli-progress needs its cursor methods.
  const stream = output as NodeJS.WriteStream;
  let bar: cliProgress.SingleBar | undefined;
  let startedAt = 0;
  const payload = (loaded: number, total: number | undefined) => {
    const seconds = (Date.now() - startedAt) / 1000;
    return {
      transferred: formatBytes(loaded),
      size: total === undefined ? "?" : formatBytes(total),
      rate: seconds > 0 ? `${formatBytes(Math.round(loaded / seconds))}/s` : "-",
    };
  };
  return {
    onProgress({ loaded, total }) {
      const size = total ?? expectedTotal;
      if (!bar) {
        startedAt = Date.now();
        bar = new cliProgress.SingleBar(
          {
            stream,
            // Without a known size there is no bar or ETA to draw; bytes and rate still help.
            format:
              size === undefined
                ? `${label} {transferred} | {rate}`
                : `${label} {bar} {percentage}% | {transferred} / {size} | {rate} | ETA {eta_formatted}`,
            hideCursor: true,
            barsize: 24,
            etaBuffer: 20,
          },
          cliProgress.Presets.shades_classic,
        );
        bar.start(size ?? 0, loaded, payload(loaded, size));
        return;
      }
      if (size !== undefined) bar.setTotal(size);
      bar.update(loaded, payload(loaded, size));
    },
    stop() {
      bar?.stop();
      bar = undefined;
    },
  };
}

export interface BatchProgress {
  /** One item settled: its bytes count as done whether it succeeded or not. */
  settled(bytes: number, failed: boolean): void;
  stop(): void;
}

/**
 * One bar for a batch (files done of total, bytes, failures so far), on a terminal only. The bulk
 * helpers report items as they settle, not bytes as they go, so the bar moves file by file.
 */
export function batchProgress(
  label: string,
  totals: { files: number; bytes: number },
  output: { isTTY?: boolean } = process.stderr,
): BatchProgress | undefined {
  if (!output.isTTY || totals.files === 0) return undefined;
  let bytes = 0;
  let failed = 0;
  const payload = () => ({ transferred: formatBytes(bytes), size: formatBytes(totals.bytes), failed });
  const bar = new cliProgress.SingleBar(
    {
      stream: output as NodeJS.WriteStream,
      format: `${label} {bar} {value}/{total} files | {transferred} / {size} | {failed} failed | ETA {eta_formatted}`,
      hideCursor: true,
      barsize: 24,
      etaBuffer: 20,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(totals.files, 0, payload());
  let stopped = false;
  return {
    settled(itemBytes, itemFailed) {
      bytes += itemBytes;
      if (itemFailed) failed++;
      bar.increment(1, payload());
    },
    stop() {
      if (stopped) return;
      stopped = true;
      bar.stop();
    },
  };
}
