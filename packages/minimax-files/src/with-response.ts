/**
 * `.withResponse()` on every method's promise (as openai-node has it): the same call, resolved
 * with the raw `Response` and its `Trace-Id` beside the data, for logging a successful call's trace
 * id or reading a header.
 */

/** What `.withResponse()` resolves with. */
export interface WithResponse<T> {
  data: T;
  /** The HTTP response the data came from (its body already read, except for `retrieveContent`). */
  response: Response;
  /** The response's `Trace-Id` header: quote it when asking MiniMax about a call. */
  traceId: string | undefined;
}

/** A method's result: await it for the data, or call `withResponse()` for the response too. */
export interface MiniMaxPromise<T> extends Promise<T> {
  withResponse(): Promise<WithResponse<T>>;
}

export function miniMaxPromise<T>(full: Promise<WithResponse<T>>): MiniMaxPromise<T> {
  const data = full.then(dataOf) as MiniMaxPromise<T>;
  data.withResponse = () => {
    // The caller now handles the rejection through `full`; the data branch must not report it again.
    data.catch(() => {});
    // A plain object, its trace id read now: the client's own result reads it only if asked.
    return full.then(({ data, response, traceId }) => ({ data, response, traceId }));
  };
  return data;
}

const dataOf = <T>(result: WithResponse<T>) => result.data;
