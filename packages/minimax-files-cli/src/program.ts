import { deletePurposes, INT64_MAX, listPurposes, parseFileId, uploadPurposes } from "@org/minimax-files-types";
import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import type { CliIo, GlobalFlags } from "./cli-io.js";
import { deleteFile, download, list, retrieve, upload } from "./commands.js";
import { regions } from "./config.js";
import { parseDuration } from "./duration.js";
import { describeFailure, describeUsageFailure, type FailureReport, UsageError } from "./errors.js";
import { ExitCode, exitCodesHelp } from "./exit-codes.js";
import { deleteFiles, uploadFiles } from "./many.js";
import { type PruneOptions, prune } from "./prune.js";
import { type SyncOptions, sync } from "./sync.js";
import { terminalSafeIo } from "./terminal.js";
import { version } from "./version.js";

const environmentHelp = `Environment (flags win over the environment):
  MINIMAX_API_KEY   API key (prefer this to --api-key, which other users can see in ps)
  MINIMAX_BASE_URL  API base URL, e.g. a proxy or a test server
  MINIMAX_REGION    global (https://api.minimax.io, default) or cn (https://api.minimaxi.com)`;

/** Runs one command line (without `node` and the script path) and returns the exit code. */
export async function run(argv: readonly string[], given: CliIo): Promise<number> {
  // Everything printed passes one filter: server text (names, messages, trace ids) cannot drive the terminal.
  const io = terminalSafeIo(given);
  // Known before parsing, so that even commander's own usage errors come out as JSON.
  const json = argv.slice(0, argv.includes("--") ? argv.indexOf("--") : argv.length).includes("--json");
  const program = buildProgram(io, { json });
  const fail = (report: FailureReport) => {
    io.stderr.write(json ? `${JSON.stringify(report.json)}\n` : `error: ${report.lines.join("\n")}\n`);
    return report.exitCode;
  };
  try {
    await program.parseAsync(argv, { from: "user" });
    return ExitCode.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.exitCode === 0) return ExitCode.ok; // --help, --version
      // Without --json commander has already printed its own message.
      return json ? fail(describeUsageFailure(error.message)) : ExitCode.usage;
    }
    return fail(describeFailure(error, { interrupted: io.signal.aborted }));
  }
}

export function buildProgram(io: CliIo, { json = false } = {}): Command {
  const program = new Command("minimax-files")
    .description("Upload, list, retrieve, download and delete files in MiniMax's File Management API.")
    .version(version, "-V, --version")
    .addOption(new Option("--api-key <key>", "MiniMax API key (default: $MINIMAX_API_KEY)"))
    .addOption(new Option("--base-url <url>", "API base URL (default: $MINIMAX_BASE_URL)"))
    .addOption(new Option("--region <region>", "API region (default: $MINIMAX_REGION or global)").choices(regions))
    .addOption(new Option("--timeout <ms>", "per-attempt timeout in milliseconds").argParser(positiveInteger))
    .addOption(new Option("--retries <n>", "retries on rate limits and transient failures").argParser(count))
    .option("--json", "print exact JSON on stdout (int64 ids as raw digits), and errors as one JSON object on stderr")
    .option(
      "--ids-as-strings",
      "with --json, write file ids as strings (for jq 1.6 and JSON.parse, which round ids above 2^53)",
    )
    .option(
      "--allow-insecure-http",
      "allow an http:// base URL to a host other than this machine (the key travels in clear text)",
    )
    .option("--verbose", "log each request attempt and retry (with reason and trace id) on stderr")
    .showHelpAfterError(json ? false : "(run with --help for usage)")
    .configureHelp({ showGlobalOptions: true, sortSubcommands: false })
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      // With --json, run() prints commander's errors as one JSON object instead.
      outputError: (text, write) => {
        if (!json) write(text);
      },
    })
    .addHelpText("after", `\n${environmentHelp}\n\n${exitCodesHelp}\n`)
    .exitOverride();

  const context = (command: Command) => ({ io, flags: command.optsWithGlobals<GlobalFlags>() });

  program
    .command("list")
    .description("list the files uploaded for a purpose (without --purpose: for every documented purpose)")
    .addOption(purposeOption(listPurposes, "list", "every documented purpose"))
    .addHelpText(
      "after",
      examples([
        "minimax-files list --purpose voice_clone",
        "minimax-files list --purpose t2a_async_input --json",
        "minimax-files list",
      ]),
    )
    .action((options: { purpose?: string }, command: Command) => list(context(command), options.purpose));

  program
    .command("upload")
    .description("upload local files (directories too, with --recursive)")
    .argument("<paths...>", "files (or, with --recursive, directories) to upload")
    .addOption(purposeOption(uploadPurposes, "upload"))
    .option("--filename <name>", "name to store the file under (default: the path's basename); one file only")
    .option("-r, --recursive", "upload the files under the directories given (stored under their basenames)")
    .addOption(concurrencyOption("uploads"))
    .addHelpText(
      "after",
      `${examples([
        "minimax-files upload ./sample.mp3 --purpose voice_clone",
        "minimax-files upload ./book.txt --purpose t2a_async_input --json | jq -r .file_id",
        "minimax-files upload ./samples/*.mp3 --purpose voice_clone --concurrency 8",
        "minimax-files upload -r ./inputs --purpose t2a_async_input --json | jq -r 'select(.status == \"uploaded\") | .file.file_id'",
      ])}
With one file, upload prints that file. With several (or --recursive), it prints one line per
file in the order given once all have settled (with --json, one JSON object per line:
{"path", "status": "uploaded" | "failed" | "not_started", "file" | "error"}), then a summary;
every path is checked before anything is sent, one failure does not stop the others, and the exit
code is that of the first failure. Ctrl-C stops starting uploads: those in flight finish and are
reported, so every stored file is listed in the output.
`,
    )
    .action(
      (
        paths: string[],
        options: { purpose: string; filename?: string; recursive?: boolean; concurrency: number },
        command: Command,
      ) => {
        const [only] = paths;
        if (paths.length === 1 && only !== undefined && !options.recursive) {
          return upload(context(command), only, options.purpose, options.filename);
        }
        if (options.filename !== undefined) {
          throw new UsageError("--filename names one file", "drop it to store each file under its own name");
        }
        return uploadFiles(context(command), paths, { ...options, recursive: options.recursive === true });
      },
    );

  program
    .command("retrieve")
    .description("show one file's details (including a temporary download URL)")
    .argument("<file-id>", "the file's id", fileId)
    .addHelpText(
      "after",
      examples(["minimax-files retrieve 307593383186476", "minimax-files retrieve 307593383186476 --json"]),
    )
    .action((id: string, _options: object, command: Command) => retrieve(context(command), id));

  program
    .command("download")
    .description("save a file's content; by default under its server-side name in the current directory")
    .argument("<file-id>", "the file's id", fileId)
    .option(
      "-o, --output <path>",
      "a file to write, an existing directory (or one ending in /) to save into under the server's name, or - for stdout",
    )
    .option("-f, --force", "overwrite an existing file (its permissions are kept)")
    .addHelpText(
      "after",
      `${examples([
        "minimax-files download 307593383186476",
        "minimax-files download 307593383186476 -o ./inbox/",
        "minimax-files download 307593383186476 -o sample.mp3",
        "minimax-files download 307593383186476 -o - | wc -c",
      ])}
The server's filename is reduced to a plain name (no directories, control characters or leading
dots; "file-<id>" when nothing usable is left), so nothing is written outside the chosen directory.
The content goes to a temporary file that is renamed into place only when complete. With -o -
it is written to stdout as it arrives instead (a transfer cut short then leaves what was written).
`,
    )
    .action((id: string, options: { output?: string; force?: boolean }, command: Command) =>
      download(context(command), id, options),
    );

  program
    .command("delete")
    .description("delete files")
    .argument("<file-ids...>", "the files' ids", fileIds)
    .addOption(purposeOption(deletePurposes, "delete", "looked up with retrieve"))
    .addOption(concurrencyOption("deletes"))
    .addHelpText(
      "after",
      `${examples([
        "minimax-files delete 307593383186476",
        "minimax-files delete 307593383186476 --purpose voice_clone",
        "minimax-files delete 307593383186476 307593383186477 --purpose voice_clone --json",
      ])}
With several ids: one line per id (with --json, one JSON object per line), then a summary; the
exit code is that of the first failure.
`,
    )
    .action((ids: string[], options: { purpose?: string; concurrency: number }, command: Command) => {
      const [only] = ids;
      if (ids.length === 1 && only !== undefined) return deleteFile(context(command), only, options.purpose);
      return deleteFiles(context(command), ids, options);
    });

  program
    .command("prune")
    .description("delete a purpose's files older than an age and/or matching a name (--dry-run first)")
    .addOption(purposeOption(deletePurposes, "delete"))
    .addOption(
      new Option("--older-than <age>", "only files created more than this long ago: 30m, 12h, 7d, 2w").argParser(
        (value) => ({ seconds: parseDuration(value), typed: value }),
      ),
    )
    .option("--match <glob>", "only files whose name matches this glob, e.g. '*.mp3' or 'tmp-*'")
    .addOption(new Option("--dry-run", "show what would be deleted; send no delete").conflicts("yes"))
    .option("-y, --yes", "delete without asking")
    .addOption(concurrencyOption("deletes"))
    .addHelpText(
      "after",
      `${examples([
        "minimax-files prune --purpose t2a_async_input --older-than 7d --dry-run",
        "minimax-files prune --purpose t2a_async_input --older-than 7d --yes",
        "minimax-files prune --purpose voice_clone --match 'tmp-*' --yes --json",
      ])}
Lists the purpose, keeps the files that match every filter given (none given: all of them), prints
them, and then: --dry-run stops there; --yes deletes them; on a terminal without either it asks;
otherwise it refuses (exit 2) before sending anything. Ages compare MiniMax's created_at with this
machine's clock. With --json it prints one object: purpose, dryRun, olderThan, match, matched
(the files), deleted (ids), failed ({file_id, error}) and notStarted (ids).
`,
    )
    .action((options: PruneOptions, command: Command) => prune(context(command), options));

  program
    .command("sync")
    .description("upload the files of a directory the purpose does not hold yet (same name and size)")
    .argument("<dir>", "directory to sync (with its subdirectories)")
    .addOption(purposeOption(uploadPurposes, "upload"))
    .option("--delete", "also delete remote files no local file matches (needs --yes or --dry-run)")
    .addOption(new Option("--dry-run", "show what would be uploaded and deleted; change nothing").conflicts("yes"))
    .option("-y, --yes", "confirm --delete")
    .addOption(concurrencyOption("uploads and deletes"))
    .addHelpText(
      "after",
      `${examples([
        "minimax-files sync ./samples --purpose voice_clone",
        "minimax-files sync ./samples --purpose voice_clone --delete --dry-run",
        "minimax-files sync ./samples --purpose voice_clone --delete --yes --json",
      ])}
A local file is present remotely when a file of the purpose has its name and size; those are
skipped and reported. Files are stored under their basenames, so two local files with one name are
refused before anything is sent. --delete runs only when every upload succeeded. With --json it
prints one object: uploaded, skipped, deleted, failed, notStarted and notDeleted (dry run:
wouldUpload, skipped, wouldDelete).
`,
    )
    .action((dir: string, options: SyncOptions, command: Command) => sync(context(command), dir, options));

  program
    .command("demo")
    .description("round trip through this CLI (fake MiniMax unless MINIMAX_API_KEY is set)")
    .addHelpText(
      "after",
      `
Runs upload → list → retrieve → download → delete as subprocesses of this CLI, printing each
command and its output. Without MINIMAX_API_KEY it starts the fake MiniMax from
@org/minimax-files-testing on 127.0.0.1; with it, it uploads and then deletes one small file
through the real API (honouring MINIMAX_BASE_URL and MINIMAX_REGION).
`,
    )
    .action(async () => {
      const { runDemo } = await import("./demo.js");
      await runDemo(io);
    });

  program
    .command("fake-server")
    .description("serve the fake MiniMax on 127.0.0.1, to try commands without a key")
    .addOption(new Option("--port <port>", "port to listen on (default: a free one)").argParser(count))
    .addHelpText(
      "after",
      `
Prints the two variables that point this CLI at it, then serves until Ctrl-C. Files live in
memory only. The key it accepts is --api-key, or "fake-key".
${examples(["minimax-files fake-server --port 8787 &", "export MINIMAX_BASE_URL=http://127.0.0.1:8787 MINIMAX_API_KEY=fake-key"])}`,
    )
    .action(async (options: { port?: number }, command: Command) => {
      const { serveFake } = await import("./fake-server.js");
      await serveFake(io, { port: options.port, apiKey: command.optsWithGlobals<GlobalFlags>().apiKey });
    });

  return program;
}

/**
 * `--purpose`: the help lists what the operation's docs page documents, but any well-formed purpose
 * is sent (the client checks its shape), so a file stored under one page's purpose is never stuck
 * behind another page's list, and a purpose MiniMax adds later works before this CLI is updated.
 */
function purposeOption(documented: readonly string[], operation: string, otherwise?: string): Option {
  const option = new Option(
    "--purpose <purpose>",
    `what the file is for; documented for ${operation}: ${documented.join(", ")}${
      otherwise === undefined ? "" : ` (default: ${otherwise})`
    }`,
  );
  return otherwise === undefined ? option.makeOptionMandatory() : option;
}

function concurrencyOption(what: string): Option {
  return new Option("--concurrency <n>", `${what} in flight at once`).argParser(positiveInteger).default(4);
}

function examples(lines: string[]): string {
  return `\nExamples:\n${lines.map((line) => `  $ ${line}`).join("\n")}\n`;
}

/** Variadic `<file-ids...>`: commander passes the list so far. */
function fileIds(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), fileId(value)];
}

/** File ids are int64: kept as the digits typed, so ids above 2^53 are never rounded. */
function fileId(value: string): string {
  if (!/^\d+$/.test(value) || BigInt(value) === 0n) {
    throw new InvalidArgumentError("a file id is a positive integer, e.g. 307593383186476.");
  }
  if (parseFileId(value) === undefined) {
    const shown = value.length > 40 ? `${value.slice(0, 40)}…` : value;
    throw new InvalidArgumentError(`${shown} exceeds int64 (at most ${INT64_MAX}): MiniMax file ids are int64.`);
  }
  return value;
}

function positiveInteger(value: string): number {
  const parsed = Number(value);
  if (!Number.isSafeInteger(parsed) || parsed <= 0) throw new InvalidArgumentError("expected a positive integer.");
  return parsed;
}

function count(value: string): number {
  const parsed = Number(value);
  if (!Number.isSafeInteger(parsed) || parsed < 0 || value.trim() === "") {
    throw new InvalidArgumentError("expected 0 or a positive integer.");
  }
  return parsed;
}
