/** The fake server's files: what upload creates, list and retrieve show, and delete removes. */
import { createHash } from "node:crypto";
import { toId } from "./json-ids.js";

/** A file held by the fake server, as `server.files` and `server.seed` return it. */
export interface FakeFile {
  /** int64 id, exact. */
  readonly fileId: bigint;
  readonly filename: string;
  readonly purpose: string;
  /** Size in bytes, as `bytes` in MiniMax's FileObject. */
  readonly bytes: number;
  /** Unix seconds, as `created_at`. */
  readonly createdAt: number;
  /** The part's Content-Type for uploads; undefined for seeded files. */
  readonly contentType: string | undefined;
  /**
   * The Content-Type retrieve_content and download_url answer with: `application/octet-stream`,
   * or a seed's `contentType` (e.g. `application/json` for a file whose content is JSON).
   */
  readonly servedContentType: string;
  /**
   * How retrieve_content serves the bytes:
   * - "held": `content` holds them (seeded `content`, or an upload within `retainContentUpTo`);
   * - "generated": seeded by `size`, produced on the fly (see `generatedBytes`);
   * - "discarded": an upload larger than `retainContentUpTo`; only `bytes` and `sha256` remain,
   *   and retrieve_content answers base_resp 1000 saying so.
   */
  readonly storage: "held" | "generated" | "discarded";
  readonly content: Uint8Array | undefined;
  /** Hex SHA-256 of the content; undefined for generated files (use `generatedSha256(bytes)`). */
  readonly sha256: string | undefined;
}

/** What `server.seed` takes: give `content` (held in memory) or `size` (generated on the fly). */
export interface SeedFile {
  purpose: string;
  filename: string;
  content?: Uint8Array | string;
  size?: number;
  /** Defaults to the next id; ids above 2^53 must be bigint or digit strings to stay exact. */
  fileId?: bigint | number | string;
  /** Unix seconds; defaults to the server's clock. */
  createdAt?: number;
  /** Content-Type the content is served with; default `application/octet-stream`. */
  contentType?: string;
}

export type NewFile = Omit<FakeFile, "fileId" | "createdAt" | "servedContentType"> & {
  fileId?: bigint;
  createdAt?: number;
  servedContentType?: string;
};

export class FileStore {
  readonly #files = new Map<bigint, FakeFile>();
  #nextId: bigint;
  readonly #now: () => number;

  constructor(idStart: bigint, now: () => number) {
    this.#nextId = idStart;
    this.#now = now;
  }

  add(file: NewFile): FakeFile {
    const fileId = file.fileId ?? this.#allocateId();
    if (this.#files.has(fileId)) throw new Error(`file_id ${fileId} already exists in the fake server`);
    const stored: FakeFile = Object.freeze({
      ...file,
      fileId,
      createdAt: file.createdAt ?? this.#now(),
      servedContentType: file.servedContentType ?? "application/octet-stream",
    });
    this.#files.set(fileId, stored);
    return stored;
  }

  seed(seed: SeedFile): FakeFile {
    if (typeof seed.filename !== "string" || typeof seed.purpose !== "string") {
      throw new TypeError("seed needs a filename and a purpose");
    }
    if ((seed.content === undefined) === (seed.size === undefined)) {
      throw new TypeError("seed takes exactly one of content or size");
    }
    const base = {
      filename: seed.filename,
      purpose: seed.purpose,
      contentType: undefined,
      fileId: seed.fileId === undefined ? undefined : toId(seed.fileId, "seed fileId"),
      createdAt: seed.createdAt,
      servedContentType: seed.contentType,
    };
    if (seed.contentType !== undefined && !/^[\x21-\x7e][\x20-\x7e]*$/.test(seed.contentType)) {
      throw new TypeError("seed contentType must be a printable ASCII header value");
    }
    if (seed.size !== undefined) {
      if (!Number.isSafeInteger(seed.size) || seed.size < 0) throw new TypeError("seed size must be a byte count");
      return this.add({ ...base, bytes: seed.size, storage: "generated", content: undefined, sha256: undefined });
    }
    const content = typeof seed.content === "string" ? new TextEncoder().encode(seed.content) : seed.content;
    if (!(content instanceof Uint8Array)) throw new TypeError("seed content must be a Uint8Array or string");
    const copy = new Uint8Array(content);
    const sha256 = createHash("sha256").update(copy).digest("hex");
    return this.add({ ...base, bytes: copy.byteLength, storage: "held", content: copy, sha256 });
  }

  get(fileId: bigint): FakeFile | undefined {
    return this.#files.get(fileId);
  }

  delete(fileId: bigint): boolean {
    return this.#files.delete(fileId);
  }

  /** Insertion order, oldest first. */
  all(): FakeFile[] {
    return [...this.#files.values()];
  }

  #allocateId(): bigint {
    while (this.#files.has(this.#nextId)) this.#nextId++;
    return this.#nextId++;
  }
}
