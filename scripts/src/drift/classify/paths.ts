/** The walk over `paths`: operations, parameters, request bodies, responses and their media types. */
import type { Change } from "../changes.js";
import type { Difference, TrailStep } from "../tree-diff.js";
import type { Side } from "./rules.js";
import { classifySchema } from "./schemas.js";
import {
  type Context,
  EXAMPLE_KEYWORDS,
  expandAddedRemoved,
  HTTP_METHODS,
  isObject,
  other,
  record,
  show,
  TEXT_KEYWORDS,
  valuesOf,
} from "./shared.js";

export function classifyPaths(difference: Difference, context: Context): Change[] {
  const tokens = difference.trail.map((step) => step.token);
  const [, route, method] = tokens;
  if (route === undefined || method === undefined) {
    // All of `paths`, or a whole path item, came or went: one record per operation in it.
    return (
      expandAddedRemoved(difference, (child) => classifyPaths(child, context)) ?? [other(context, difference, "paths")]
    );
  }
  if (!HTTP_METHODS.has(method)) {
    if (method === "parameters") return classifyOperation(difference, context, route, 2);
    if (TEXT_KEYWORDS.has(method) && tokens.length === 3) {
      return [record(context, difference.trail, "description-changed", `path ${route}: ${method} changed`)];
    }
    return [other(context, difference, `path ${route}`)];
  }
  if (tokens.length === 3) return operationPresence(difference, context, route, method);
  return classifyOperation(difference, context, `${method.toUpperCase()} ${route}`, 3);
}

function operationPresence(difference: Difference, context: Context, route: string, method: string): Change[] {
  const trail = difference.trail;
  const name = `${method.toUpperCase()} ${route}`;
  if (difference.type === "added") return [record(context, trail, "operation-added", `operation added: ${name}`)];
  if (difference.type === "removed") return [record(context, trail, "operation-removed", `operation removed: ${name}`)];
  return [other(context, difference, name)];
}

/** `depth` is where the operation's own keys start in the trail (3 for paths/R/M, 2 for path-level). */
function classifyOperation(difference: Difference, context: Context, name: string, depth: number): Change[] {
  const rest = difference.trail.slice(depth).map((step) => step.token);
  const trail = difference.trail;
  const { before, after } = valuesOf(difference);
  switch (rest[0]) {
    case "parameters":
      return classifyParameter(difference, context, name, depth);
    case "requestBody":
      return classifyRequestBody(difference, context, name, depth);
    case "responses":
      return classifyResponses(difference, context, name, depth);
    case "operationId":
      return [
        record(
          context,
          trail,
          "operation-id-changed",
          `${name}: operationId ${show(before)} → ${show(after)} (renames its generated type)`,
        ),
      ];
    case "security":
      return [record(context, trail, "security-changed", `${name}: security requirement changed`)];
    case "tags":
      return [record(context, trail, "metadata-changed", `${name}: tags changed`)];
    default:
      if (rest.length === 1 && TEXT_KEYWORDS.has(rest[0] ?? "")) {
        return [record(context, trail, "description-changed", `${name}: ${rest[0]} changed`)];
      }
      return [other(context, difference, name)];
  }
}

function classifyParameter(difference: Difference, context: Context, name: string, depth: number): Change[] {
  const trail = difference.trail;
  const rest = trail.slice(depth).map((step) => step.token);
  if (rest.length === 1) {
    // The whole `parameters` list came or went.
    const list =
      difference.type === "added" ? difference.after : difference.type === "removed" ? difference.before : undefined;
    if (!Array.isArray(list)) return [other(context, difference, name)];
    return list.flatMap((parameter, index) =>
      parameterPresence(
        difference.type === "added" ? "added" : "removed",
        parameter,
        context,
        [...trail, { token: String(index) }],
        name,
      ),
    );
  }
  const parameterStep = trail[depth + 1] as TrailStep;
  const label = parameterStep.label ?? `parameter ${parameterStep.token}`;
  if (rest.length === 2) {
    if (difference.type === "added" || difference.type === "removed") {
      return parameterPresence(
        difference.type,
        difference.type === "added" ? difference.after : difference.before,
        context,
        trail,
        name,
      );
    }
    return [other(context, difference, `${name} ${label}`)];
  }
  const key = rest[2] ?? "";
  if (key === "required" && rest.length === 3) {
    const nowRequired = valuesOf(difference).after === true;
    return [
      record(
        context,
        trail,
        "parameter-required-changed",
        `${name} ${label} is ${nowRequired ? "now required" : "no longer required"}`,
        { case: nowRequired ? "now required" : "now optional" },
      ),
    ];
  }
  if (key === "schema") {
    return classifySchema(difference, context, {
      owner: `${name} ${label}`,
      sides: new Set(["request"]),
      rest: rest.slice(3),
      parameter: true,
    });
  }
  if (TEXT_KEYWORDS.has(key) && rest.length === 3) {
    return [record(context, trail, "description-changed", `${name} ${label}: description changed`)];
  }
  if (EXAMPLE_KEYWORDS.has(key))
    return [record(context, trail, "example-changed", `${name} ${label}: example changed`)];
  return [other(context, difference, `${name} ${label}`)];
}

function parameterPresence(
  type: "added" | "removed",
  parameter: unknown,
  context: Context,
  trail: readonly TrailStep[],
  name: string,
): Change[] {
  const label = isObject(parameter) ? `${String(parameter.in)} parameter "${String(parameter.name)}"` : "parameter";
  if (type === "removed") return [record(context, trail, "parameter-removed", `${name}: ${label} removed`)];
  const required = isObject(parameter) && parameter.required === true;
  return [
    record(context, trail, "parameter-added", `${name}: ${required ? "required" : "optional"} ${label} added`, {
      case: required ? "as required" : "as optional",
    }),
  ];
}

function classifyRequestBody(difference: Difference, context: Context, name: string, depth: number): Change[] {
  const trail = difference.trail;
  const rest = trail.slice(depth).map((step) => step.token);
  if (rest.length === 1) {
    if (difference.type === "added") {
      const required = isObject(difference.after) && difference.after.required === true;
      return [
        record(
          context,
          trail,
          "request-body-added",
          `${name}: ${required ? "required" : "optional"} request body added`,
          {
            case: required ? "as required" : "as optional",
          },
        ),
      ];
    }
    if (difference.type === "removed")
      return [record(context, trail, "request-body-removed", `${name}: request body removed`)];
    return [other(context, difference, `${name} request body`)];
  }
  if (rest[1] === "required" && rest.length === 2) {
    const nowRequired = valuesOf(difference).after === true;
    return [
      record(
        context,
        trail,
        "request-body-required-changed",
        `${name}: request body is ${nowRequired ? "now required" : "no longer required"}`,
        { case: nowRequired ? "now required" : "now optional" },
      ),
    ];
  }
  if (rest[1] === "content") return classifyContent(difference, context, `${name} request body`, depth + 2, "request");
  if (TEXT_KEYWORDS.has(rest[1] ?? "") && rest.length === 2) {
    return [record(context, trail, "description-changed", `${name} request body: description changed`)];
  }
  return [other(context, difference, `${name} request body`)];
}

function classifyResponses(difference: Difference, context: Context, name: string, depth: number): Change[] {
  const trail = difference.trail;
  const rest = trail.slice(depth).map((step) => step.token);
  const status = rest[1];
  if (status === undefined) return [other(context, difference, `${name} responses`)];
  const owner = `${name} ${status} response`;
  if (rest.length === 2) {
    if (difference.type === "added")
      return [record(context, trail, "response-added", `${name}: ${status} response added`)];
    if (difference.type === "removed")
      return [record(context, trail, "response-removed", `${name}: ${status} response removed`)];
    return [other(context, difference, owner)];
  }
  if (rest[2] === "content") return classifyContent(difference, context, owner, depth + 3, "response");
  if (TEXT_KEYWORDS.has(rest[2] ?? "") && rest.length === 3) {
    return [record(context, trail, "description-changed", `${owner}: description changed`)];
  }
  return [other(context, difference, owner)];
}

/** `depth` is the index of the media-type token in the trail (just after `content`). */
function classifyContent(difference: Difference, context: Context, owner: string, depth: number, side: Side): Change[] {
  const trail = difference.trail;
  if (trail.length === depth) {
    return (
      expandAddedRemoved(difference, (child) => classifyContent(child, context, owner, depth, side)) ?? [
        other(context, difference, owner),
      ]
    );
  }
  const media = trail[depth]?.token ?? "";
  if (trail.length === depth + 1) {
    if (difference.type === "removed")
      return [record(context, trail, "media-type-removed", `${owner}: media type ${media} removed`)];
    if (difference.type === "added") {
      return [
        record(context, trail, "media-type-added", `${owner}: media type ${media} added`, { sides: new Set([side]) }),
      ];
    }
    return [other(context, difference, `${owner} (${media})`)];
  }
  const key = trail[depth + 1]?.token ?? "";
  if (key === "schema") {
    return classifySchema(difference, context, {
      owner: `${owner} (${media})`,
      sides: new Set([side]),
      rest: trail.slice(depth + 2).map((step) => step.token),
      parameter: false,
    });
  }
  if (EXAMPLE_KEYWORDS.has(key))
    return [record(context, trail, "example-changed", `${owner} (${media}): example changed`)];
  return [other(context, difference, `${owner} (${media})`)];
}
