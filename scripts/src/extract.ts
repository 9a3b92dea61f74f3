/**
 * MiniMax's docs pages (their `.md` form) embed each operation's OpenAPI document in one fenced
 * block that opens with a line like
 *   ````yaml /api-reference/file/management/api/openapi.json GET /v1/files/list
 * and closes with a line of four backticks. The block's text is vendored verbatim.
 */
export interface EmbeddedSpec {
  /** Text after "````yaml " on the opening line, e.g. `/api-reference/... GET /v1/files/list`. */
  label: string;
  /** The YAML exactly as the page embeds it, ending with a newline. */
  yaml: string;
}

export class ExtractError extends Error {
  override name = "ExtractError";
}

const OPEN = /^````yaml[ \t]+(.*)$/;
const CLOSE = /^````[ \t]*$/;

export function extractEmbeddedSpec(markdown: string, page: string): EmbeddedSpec {
  const lines = markdown.split(/\r?\n/);
  const start = lines.findIndex((line) => OPEN.test(line));
  if (start === -1) throw new ExtractError(`${page}: no \`\`\`\`yaml block found`);
  const end = lines.findIndex((line, i) => i > start && CLOSE.test(line));
  if (end === -1) throw new ExtractError(`${page}: the \`\`\`\`yaml block is never closed`);
  const label = (OPEN.exec(lines[start] ?? "")?.[1] ?? "").trim();
  const body = lines.slice(start + 1, end).join("\n");
  return { label, yaml: `${body}\n` };
}
