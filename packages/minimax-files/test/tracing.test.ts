// OpenTelemetry (tracing.ts, hooks.ts): with @opentelemetry/api installed and a tracer provider
// registered, each call is one CLIENT span named after its operation, with the stable HTTP
// attributes, MiniMax's trace id and base_resp code; a failed call's span has status ERROR.
import { SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { clientFor, rejectionOf, useFakeMiniMax } from "./helpers.js";

const ctx = useFakeMiniMax();
const exporter = new InMemorySpanExporter();

beforeAll(() => {
  trace.setGlobalTracerProvider(new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }));
});
afterAll(() => {
  trace.disable();
});
beforeEach(() => exporter.reset());

describe("one span per call", () => {
  it("upload: name, kind, HTTP attributes, MiniMax's trace id and base_resp code", async () => {
    const { server } = ctx;
    await clientFor(server).upload({ purpose: "voice_clone", file: new Uint8Array([1]), filename: "a.mp3" });
    const spans = exporter.getFinishedSpans();
    expect(spans).toHaveLength(1);
    const [span] = spans;
    const url = new URL(server.url);
    expect(span?.name).toBe("minimax.files upload");
    expect(span?.kind).toBe(SpanKind.CLIENT);
    expect(span?.status.code).toBe(SpanStatusCode.UNSET);
    expect(span?.attributes).toEqual({
      "minimax.files.operation": "upload",
      "http.request.method": "POST",
      "server.address": url.hostname,
      "server.port": Number(url.port),
      "http.response.status_code": 200,
      "minimax.trace_id": server.requests[0]?.traceId,
      "minimax.base_resp.status_code": 0,
    });
  });

  it("a retried call is still one span, with its resend count; client.api gets spans too", async () => {
    const { server } = ctx;
    server.inject({ kind: "rate-limit", operation: "list" });
    const client = clientFor(server, { retryDelay: { initialMs: 0 } });
    await client.list({ purpose: "voice_clone" });
    await client.api.GET("/v1/files/list", { params: { query: { purpose: "voice_clone" } } });
    const spans = exporter.getFinishedSpans();
    expect(spans.map((span) => span.name)).toEqual(["minimax.files list", "minimax.files list"]);
    expect(spans[0]?.attributes["http.request.resend_count"]).toBe(1);
    expect(spans[0]?.attributes["minimax.trace_id"]).toBe(server.requests[1]?.traceId);
    expect(spans[1]?.attributes["http.request.resend_count"]).toBeUndefined();
  });

  it("a failed call: status ERROR, the exception, error.type and the base_resp code", async () => {
    const { server } = ctx;
    server.inject({ kind: "base-resp", code: 1004, operation: "retrieve" });
    const error = await rejectionOf(clientFor(server).retrieve(7));
    const [span] = exporter.getFinishedSpans();
    expect(span?.status).toEqual({ code: SpanStatusCode.ERROR, message: (error as Error).message });
    expect(span?.attributes).toMatchObject({
      "error.type": "MiniMaxApiError",
      "minimax.base_resp.status_code": 1004,
      "http.response.status_code": 200,
      "minimax.trace_id": server.requests[0]?.traceId,
    });
    expect(span?.events.map((event) => event.name)).toEqual(["exception"]);
    expect(JSON.stringify(span?.attributes)).not.toContain(server.apiKey);
  });
});
