/**
 * OpenTelemetry, when the application has `@opentelemetry/api` installed (an optional peer
 * dependency). The specifier is a variable and the bundler hints tell esbuild, Vite and webpack to
 * leave the import alone, so a bundle neither carries the API nor fails to resolve it when absent;
 * where it cannot be loaded (not installed, a browser without an import map) tracing is simply off.
 * The import is tried once per process, on the first call.
 */

/** The part of `@opentelemetry/api`'s `Span` this client uses. */
export interface OtelSpan {
  setAttribute(key: string, value: string | number | boolean): unknown;
  setStatus(status: { code: number; message?: string }): unknown;
  recordException(exception: Error | string): unknown;
  end(): void;
  /** False for a span nobody records (no SDK registered, or sampled out). */
  isRecording?(): boolean;
}

export interface OtelTracer {
  startSpan(name: string, options?: { kind?: number; attributes?: Record<string, string | number> }): OtelSpan;
}

interface OtelApi {
  trace: { getTracer(name: string): OtelTracer };
}

// Values of @opentelemetry/api's SpanKind.CLIENT and SpanStatusCode.ERROR (stable since 1.0).
export const SPAN_KIND_CLIENT = 2;
export const SPAN_STATUS_ERROR = 2;

const SPECIFIER = "@opentelemetry/api";
let tracer: Promise<OtelTracer | undefined> | undefined;
/** The settled outcome of `loadTracer`, so calls after the first need not await it. */
let loaded: { tracer: OtelTracer | undefined } | undefined;

export function loadTracer(): Promise<OtelTracer | undefined> {
  if (!tracer) {
    tracer = import(/* webpackIgnore: true */ /* @vite-ignore */ SPECIFIER).then(
      (api: OtelApi) => api.trace.getTracer("@org/minimax-files"),
      () => undefined,
    );
    tracer.then((settled) => {
      loaded = { tracer: settled };
    });
  }
  return tracer;
}

/** The tracer once `loadTracer` has settled (itself undefined when tracing is off); else undefined. */
export function loadedTracer(): { tracer: OtelTracer | undefined } | undefined {
  return loaded;
}
