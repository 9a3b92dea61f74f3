import { InvalidArgumentError } from "commander";

const SECONDS = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 } as const;

/**
 * `--older-than`: `30m`, `12h`, `7d`, `2w` (or `90s`) → seconds. One number and one unit: `1d12h`
 * is refused rather than half-read, since a misread age decides which files are deleted.
 */
export function parseDuration(value: string): number {
  const match = /^(\d+)([smhdw])$/.exec(value.trim());
  if (!match) {
    throw new InvalidArgumentError("expected a number and a unit: s, m, h, d or w (e.g. 30m, 12h, 7d).");
  }
  const seconds = Number(match[1]) * SECONDS[match[2] as keyof typeof SECONDS];
  if (!Number.isSafeInteger(seconds)) throw new InvalidArgumentError("that duration is too long.");
  return seconds;
}
