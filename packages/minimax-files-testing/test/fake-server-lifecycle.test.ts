import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { once } from "node:events";
import { mkdir, mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { Agent, request as httpRequest } from "node:http";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import ts from "typescript";
import { afterEach, describe, expect, it } from "vitest";
import { type FakeMiniMax, generatedBytes, startFakeMiniMax } from "../src/index.js";

const API_KEY = "sk-test-lifecycle-0123456789";
const headers = { Authorization: `Bearer ${API_KEY}` };
const started: FakeMiniMax[] = [];

async function start(options: Parameters<typeof startFakeMiniMax>[0] = {}) {
  const server = await startFakeMiniMax({ apiKey: API_KEY, ...options });
  started.push(server);
  return server;
}
afterEach(async () => {
  await Promise.all(started.splice(0).map((server) => server.close()));
});

function upload(server: FakeMiniMax, form: FormData) {
  return fetch(`${server.url}/v1/files/upload`, { method: "POST", body: form, headers }).then((r) => r.json());
}

/** Sends a raw multipart body, exactly as given. */
function rawUpload(server: FakeMiniMax, boundary: string, body: string) {
  return fetch(`${server.url}/v1/files/upload`, {
    method: "POST",
    headers: { ...headers, "Content-Type": `multipart/form-data; boundary=${boundary}` },
    body,
  }).then((r) => r.json());
}

describe("uploads", () => {
  it("keeps content up to retainContentUpTo; beyond it only size and SHA-256, and says so on download", async () => {
    const server = await start({ retainContentUpTo: 1000 });
    const small = generatedBytes(0, 1000);
    const big = generatedBytes(0, 5 * 1024 * 1024);
    for (const [name, bytes] of [
      ["small.txt", small],
      ["big.txt", big],
    ] as const) {
      const form = new FormData();
      form.set("purpose", "t2a_async_input");
      form.set("file", new Blob([new Uint8Array(bytes)]), name);
      expect((await upload(server, form)).file.bytes).toBe(bytes.byteLength);
    }
    const [held, discarded] = server.files;
    expect(held).toMatchObject({ storage: "held", bytes: 1000 });
    expect(Buffer.from(held!.content!).equals(small)).toBe(true);
    expect(discarded).toMatchObject({ storage: "discarded", bytes: big.byteLength, content: undefined });
    expect(discarded!.sha256).toBe(createHash("sha256").update(big).digest("hex"));

    const response = await fetch(`${server.url}/v1/files/retrieve_content?file_id=${discarded!.fileId}`, { headers });
    const json = await response.json();
    expect(json.base_resp.status_code).toBe(1000);
    expect(json.base_resp.status_msg).toContain("retainContentUpTo");
  });

  it("reads the file part whatever its position, ignores other parts, keeps a UTF-8 filename", async () => {
    const server = await start();
    const boundary = "----fake-test-boundary";
    const body = [
      `--${boundary}`,
      'Content-Disposition: form-data; name="file"; filename="語音 sample.wav"',
      "Content-Type: audio/wav",
      "",
      "RIFFdata",
      `--${boundary}`,
      'Content-Disposition: form-data; name="file"; filename="second.wav"',
      "",
      "ignored",
      `--${boundary}`,
      'Content-Disposition: form-data; name="note"',
      "",
      "extra field",
      `--${boundary}`,
      'Content-Disposition: form-data; name="purpose"',
      "",
      "voice_clone",
      `--${boundary}--`,
      "",
    ].join("\r\n");
    const json = await rawUpload(server, boundary, body);
    expect(json.base_resp.status_code).toBe(0);
    expect(json.file).toMatchObject({ filename: "語音 sample.wav", bytes: 8, purpose: "voice_clone" });
    expect(server.files).toHaveLength(1);
    expect(server.files[0]!.contentType).toBe("audio/wav");
  });

  it("a body that does not follow its boundary is base_resp 2013", async () => {
    const server = await start();
    const json = await rawUpload(server, "expected-boundary", "--other\r\nnonsense\r\n--other--\r\n");
    expect(json.base_resp.status_code).toBe(2013);
    expect(server.files).toEqual([]);
  });

  it("an upload the client abandons midway stores nothing, and the server keeps serving", async () => {
    const server = await start();
    const boundary = "abandon";
    const req = httpRequest(`${server.url}/v1/files/upload`, {
      method: "POST",
      headers: { ...headers, "Content-Type": `multipart/form-data; boundary=${boundary}`, "Content-Length": 1_000_000 },
    });
    req.on("error", () => {});
    req.write(
      `--${boundary}\r\nContent-Disposition: form-data; name="purpose"\r\n\r\nvoice_clone\r\n--${boundary}\r\n` +
        `Content-Disposition: form-data; name="file"; filename="a.mp3"\r\n\r\n${"x".repeat(10_000)}`,
    );
    await until(() => (server.requests[0]?.bodyBytes ?? 0) > 10_000);
    req.destroy();
    const list = await fetch(`${server.url}/v1/files/list?purpose=voice_clone`, { headers }).then((r) => r.json());
    expect(list).toEqual({ files: [], base_resp: { status_code: 0, status_msg: "success" } });
    expect(server.files).toEqual([]);
  });
});

describe("connections", () => {
  function get(server: FakeMiniMax, agent: Agent): Promise<void> {
    return new Promise((resolve, reject) => {
      httpRequest(`${server.url}/v1/files/list?purpose=voice_clone`, { headers, agent }, (res) => {
        res.resume().on("end", resolve);
      })
        .on("error", reject)
        .end();
    });
  }

  it("counts the connections clients open and tags each request with its connection", async () => {
    const server = await start();
    const pooled = new Agent({ keepAlive: true, maxSockets: 2 });
    await Promise.all(Array.from({ length: 6 }, () => get(server, pooled)));
    expect(server.connections).toMatchObject({ opened: 2, maxOpen: 2 });
    expect(new Set(server.requests.map((r) => r.connection))).toEqual(new Set([1, 2]));
    pooled.destroy();

    const fresh = new Agent({ keepAlive: false });
    for (let i = 0; i < 3; i++) await get(server, fresh);
    expect(server.connections.opened).toBe(5);
    expect(server.requests.slice(6).map((r) => r.connection)).toEqual([3, 4, 5]);
    await until(() => server.connections.open === 0);
  });
});

describe("close()", () => {
  it("ends idle, streaming and delayed connections, so the test process can exit by itself", async () => {
    const baseline = openHandles();
    const server = await startFakeMiniMax({ apiKey: API_KEY });
    const big = server.seed({ purpose: "voice_clone", filename: "big.mp3", size: 512 * 1024 * 1024 });

    // An idle keep-alive connection.
    await (await fetch(`${server.url}/v1/files/list?purpose=voice_clone`, { headers })).text();
    // A download stalled by its reader after the first chunk.
    const download = await fetch(`${server.url}/v1/files/retrieve_content?file_id=${big.fileId}`, { headers });
    const reader = download.body!.getReader();
    await reader.read();
    // A request held by slow-headers for a minute.
    server.inject({ kind: "slow-headers", delayMs: 60_000, operation: "retrieve" });
    const delayed = fetch(`${server.url}/v1/files/retrieve?file_id=${big.fileId}`, { headers }).then(
      () => "answered",
      () => "failed",
    );
    await until(() => server.requests.length === 3);

    await server.close();
    await server.close(); // idempotent

    expect(await delayed).toBe("failed");
    await expect(drainReader(reader)).rejects.toThrow();
    await until(() => {
      const now = openHandles();
      // Timers are left to the subprocess test below: other code in this worker owns timers too.
      return (["TCPServerWrap", "TCPSocketWrap"] as const).every((kind) => (now[kind] ?? 0) <= (baseline[kind] ?? 0));
    });
    await expect(fetch(`${server.url}/v1/files/list?purpose=voice_clone`, { headers })).rejects.toThrow();
  });

  it("a process that starts the server, leaves connections open and closes it exits by itself", async () => {
    const entry = await transpileTestingEntry();
    const script = `
      const { startFakeMiniMax } = await import(${JSON.stringify(entry)});
      const server = await startFakeMiniMax({ apiKey: "exit-check-key" });
      const headers = { Authorization: "Bearer exit-check-key" };
      const big = server.seed({ purpose: "voice_clone", filename: "big.mp3", size: 256 * 1024 * 1024 });
      await (await fetch(server.url + "/v1/files/list?purpose=voice_clone", { headers })).text();
      const stalled = await fetch(server.url + "/v1/files/retrieve_content?file_id=" + big.fileId, { headers });
      const reader = stalled.body.getReader();
      await reader.read();
      server.inject({ kind: "slow-headers", delayMs: 600000, operation: "retrieve" });
      const delayed = fetch(server.url + "/v1/files/retrieve?file_id=" + big.fileId, { headers }).catch(() => "failed");
      while (server.requests.length < 3) await new Promise((resolve) => setTimeout(resolve, 5));
      server.inject({ kind: "reset-mid-body", operation: "list" });
      await fetch(server.url + "/v1/files/list?purpose=voice_clone", { headers }).then((r) => r.text()).catch(() => {});
      await server.close();
      console.log("closed", await delayed);
    `;
    const child = spawn(process.execPath, ["--input-type=module", "-e", script], { stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk) => {
      output += chunk;
    });
    child.stderr.on("data", (chunk) => {
      output += chunk;
    });
    const killer = setTimeout(() => child.kill("SIGKILL"), 20_000);
    const [code, signal] = await once(child, "exit");
    clearTimeout(killer);
    // Killed means something the server opened was still keeping the event loop alive.
    expect({ code, signal, output: output.trim() }).toEqual({ code: 0, signal: null, output: "closed failed" });
  });
});

/**
 * Compiles src to plain JavaScript beside the package's node_modules (so its imports
 * resolve), for a child process: Node 20 cannot run the TypeScript sources directly.
 */
async function transpileTestingEntry(): Promise<string> {
  const packageDir = fileURLToPath(new URL("..", import.meta.url));
  const sourceDir = join(packageDir, "src");
  await mkdir(join(packageDir, "node_modules/.cache"), { recursive: true });
  const outDir = await mkdtemp(join(packageDir, "node_modules/.cache/fake-server-"));
  for (const name of await readdir(sourceDir)) {
    if (!name.endsWith(".ts")) continue;
    const source = await readFile(join(sourceDir, name), "utf8");
    const { outputText } = ts.transpileModule(source, {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: true },
    });
    await writeFile(join(outDir, name.replace(/\.ts$/, ".js")), outputText);
  }
  await writeFile(join(outDir, "package.json"), '{"type":"module"}');
  return pathToFileURL(join(outDir, "index.js")).href;
}

function openHandles(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const kind of process.getActiveResourcesInfo()) counts[kind] = (counts[kind] ?? 0) + 1;
  return counts;
}

async function drainReader(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<void> {
  while (!(await reader.read()).done) {
    // keep reading until the stream ends or fails
  }
}

/** Polls a condition that concurrent I/O will make true (bounded: fails after ~5 s). */
async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(condition()).toBe(true);
}
