/**
 * A structural diff of two parsed YAML documents, reported at the highest node that differs: a
 * key present on one side only is one added/removed difference (its whole subtree), not one per
 * leaf. Arrays are matched the way OpenAPI means them: `parameters` by `in` + `name`, `enum`,
 * `required` and `tags` as sets of values, anything else by position.
 */
import { isDeepStrictEqual } from "node:util";

export interface TrailStep {
  /** The JSON pointer token: an object key or an array index. */
  token: string;
  /** A readable name where the token alone says little (array items). */
  label?: string;
}

export type Difference =
  | { type: "added"; trail: TrailStep[]; after: unknown }
  | { type: "removed"; trail: TrailStep[]; before: unknown }
  | { type: "changed"; trail: TrailStep[]; before: unknown; after: unknown }
  /** Values that joined or left a set-like array; `trail` ends at the array. */
  | { type: "values-added" | "values-removed"; trail: TrailStep[]; values: unknown[] };

const SET_ARRAYS = new Set(["enum", "required", "tags"]);

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

function parameterKey(parameter: unknown): string {
  if (!isObject(parameter)) return JSON.stringify(parameter);
  if (typeof parameter.$ref === "string") return `$ref ${parameter.$ref}`;
  return `${String(parameter.in)} parameter "${String(parameter.name)}"`;
}

export function diffTrees(before: unknown, after: unknown, trail: TrailStep[] = []): Difference[] {
  if (isDeepStrictEqual(before, after)) return [];
  if (isObject(before) && isObject(after)) return diffObjects(before, after, trail);
  if (Array.isArray(before) && Array.isArray(after)) return diffArrays(before, after, trail);
  return [{ type: "changed", trail, before, after }];
}

function diffObjects(before: Record<string, unknown>, after: Record<string, unknown>, trail: TrailStep[]) {
  const differences: Difference[] = [];
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const step = [...trail, { token: key }];
    if (!(key in after)) differences.push({ type: "removed", trail: step, before: before[key] });
    else if (!(key in before)) differences.push({ type: "added", trail: step, after: after[key] });
    else differences.push(...diffTrees(before[key], after[key], step));
  }
  return differences;
}

function diffArrays(before: unknown[], after: unknown[], trail: TrailStep[]): Difference[] {
  const last = trail.at(-1)?.token ?? "";
  if (SET_ARRAYS.has(last) && [...before, ...after].every((value) => !isObject(value) && !Array.isArray(value))) {
    const removed = before.filter((value) => !after.includes(value));
    const added = after.filter((value) => !before.includes(value));
    const differences: Difference[] = [];
    if (removed.length > 0) differences.push({ type: "values-removed", trail, values: removed });
    if (added.length > 0) differences.push({ type: "values-added", trail, values: added });
    // Same members in another order: nothing a caller can observe, but the bytes did change.
    if (differences.length === 0) differences.push({ type: "changed", trail, before, after });
    return differences;
  }
  if (last === "parameters") return diffKeyedItems(before, after, trail, parameterKey);
  const differences: Difference[] = [];
  for (let index = 0; index < Math.max(before.length, after.length); index++) {
    const step = [...trail, { token: String(index) }];
    if (index >= after.length) differences.push({ type: "removed", trail: step, before: before[index] });
    else if (index >= before.length) differences.push({ type: "added", trail: step, after: after[index] });
    else differences.push(...diffTrees(before[index], after[index], step));
  }
  return differences;
}

/** Items matched by identity, not position: a removed first parameter is not "every parameter changed". */
function diffKeyedItems(before: unknown[], after: unknown[], trail: TrailStep[], keyOf: (item: unknown) => string) {
  const differences: Difference[] = [];
  const afterKeys = after.map(keyOf);
  const beforeKeys = before.map(keyOf);
  before.forEach((item, index) => {
    if (!afterKeys.includes(beforeKeys[index] as string)) {
      differences.push({
        type: "removed",
        trail: [...trail, { token: String(index), label: beforeKeys[index] }],
        before: item,
      });
    }
  });
  after.forEach((item, index) => {
    const key = afterKeys[index] as string;
    const step = [...trail, { token: String(index), label: key }];
    const previous = beforeKeys.indexOf(key);
    if (previous === -1) differences.push({ type: "added", trail: step, after: item });
    else differences.push(...diffTrees(before[previous], item, step));
  });
  // Same items in another order: say so, rather than call the documents equal.
  if (differences.length === 0) differences.push({ type: "changed", trail, before, after });
  return differences;
}
