import { deepEqual } from '../deepEqual';
import { applyElementsPatch, elementsPatch, type ElementKeyOf, type ElementsPatch } from './elementsPatch';
import type { KeyedCollectionSpec } from './keyedCollection';
import { KeyedPatchError } from './keyedPatchError';

/**
 * One item's or group's changed fields, as they cross to the page (see keyedPatch.ts): a
 * changed field whole, except an append-only array (the points added at its end and how
 * many fell off its start), a keyed array (the elements that came, went or changed:
 * elementsPatch.ts) and a long text that kept its start or end (the part between them).
 */

export interface AppendedPoints<Point = unknown> {
  /** Points dropped from the start of the array; none when left out. */
  trimmed?: number;
  /** Points added at its end. */
  points: Point[];
}

export interface FieldPatch<T> {
  key: string;
  set?: Partial<T>;
  /** Optional fields that are no longer there. */
  unset?: string[];
  append?: Partial<Record<string, AppendedPoints>>;
  elements?: Partial<Record<string, ElementsPatch>>;
  splice?: Partial<Record<string, TextSplice>>;
}

/**
 * A text field as its old text with the characters from `start` to `end` replaced by
 * `text`: an ARN or an image name whose revision or tag moved costs the few characters
 * that moved, not the whole name again.
 */
export type TextSplice = [start: number, end: number, text: string];

/** True when the patch sets `field` and nothing else. */
export function onlySets<T>(patch: FieldPatch<T>, field: string): boolean {
  if (patch.unset || patch.append || patch.elements || patch.splice || !patch.set) return false;
  const fields = Object.keys(patch.set);
  return fields.length === 1 && fields[0] === field;
}

/** The array fields of an item that are patched rather than sent whole. */
export interface ArrayFields {
  appendOnly: readonly string[];
  keyed: Readonly<Partial<Record<string, ElementKeyOf>>>;
}

export const noArrayFields: ArrayFields = { appendOnly: [], keyed: {} };

export function arrayFieldsOf<Item, Group>(spec: KeyedCollectionSpec<Item, Group>): ArrayFields {
  return { appendOnly: spec.appendOnly ?? [], keyed: spec.keyedArrays ?? {} };
}

/** The fields of `next` that differ from `old`, or null when none do but `ignored`. */
export function fieldPatch<T>(
  key: string,
  old: T,
  next: T,
  ignored: string | null,
  arrays: ArrayFields,
): FieldPatch<T> | null {
  const oldRecord = old as Record<string, unknown>;
  const nextRecord = next as Record<string, unknown>;
  let set: Record<string, unknown> | undefined;
  let append: Record<string, AppendedPoints> | undefined;
  let elements: Record<string, ElementsPatch> | undefined;
  let splice: Record<string, TextSplice> | undefined;
  let unset: string[] | undefined;
  for (const field of Object.keys(nextRecord)) {
    const value = nextRecord[field];
    if (field === ignored || value === undefined || deepEqual(oldRecord[field], value)) continue;
    const appended = arrays.appendOnly.includes(field) ? appendedPoints(oldRecord[field], value) : null;
    const keyOf = arrays.keyed[field];
    const patchedElements = keyOf ? elementsPatch(oldRecord[field], value, keyOf) : null;
    const spliced = textSplice(oldRecord[field], value);
    if (appended) (append ??= {})[field] = appended;
    else if (patchedElements) (elements ??= {})[field] = patchedElements;
    else if (spliced) (splice ??= {})[field] = spliced;
    else (set ??= {})[field] = value;
  }
  for (const field of Object.keys(oldRecord)) {
    if (field !== ignored && oldRecord[field] !== undefined && nextRecord[field] === undefined) {
      (unset ??= []).push(field);
    }
  }
  if (!set && !append && !elements && !splice && !unset) return null;
  return {
    key,
    ...(set && { set: set as Partial<T> }),
    ...(unset && { unset }),
    ...(append && { append }),
    ...(elements && { elements }),
    ...(splice && { splice }),
  };
}

export function applyFieldPatch<T>(old: T, patch: FieldPatch<T>, arrays: ArrayFields): T {
  const result: Record<string, unknown> = { ...(old as Record<string, unknown>), ...patch.set };
  for (const field of patch.unset ?? []) delete result[field];
  for (const [field, appended] of Object.entries(patch.append ?? {})) {
    if (!appended) continue;
    const before: unknown = result[field];
    const trimmed = appended.trimmed ?? 0;
    if (!Array.isArray(before) || trimmed > before.length) {
      throw new KeyedPatchError(
        `it trims ${trimmed} points off "${field}" of "${patch.key}", which has ${Array.isArray(before) ? before.length : 'none'}`,
      );
    }
    result[field] = [...(before as unknown[]).slice(trimmed), ...appended.points];
  }
  for (const [field, elements] of Object.entries(patch.elements ?? {})) {
    if (!elements) continue;
    const keyOf = arrays.keyed[field];
    if (!keyOf) throw new KeyedPatchError(`it patches elements of "${field}", which has no keyed elements`);
    result[field] = applyElementsPatch(result[field], elements, keyOf, `"${field}" of "${patch.key}"`);
  }
  for (const [field, splice] of Object.entries(patch.splice ?? {})) {
    if (!splice) continue;
    const [start, end, text] = splice;
    const before = result[field];
    if (typeof before !== 'string' || start > end || end > before.length) {
      throw new KeyedPatchError(
        `it replaces characters ${start} to ${end} of "${field}" of "${patch.key}", which ${typeof before === 'string' ? `has ${before.length}` : 'is not a text'}`,
      );
    }
    result[field] = before.slice(0, start) + text + before.slice(end);
  }
  return result as T;
}

/** A splice is worth it when it saves more than its own brackets and numbers. */
const leastSplicedSaving = 16;

/** `next` as a splice of `old` when both are texts that share enough of a start or an end; else null. */
function textSplice(old: unknown, next: unknown): TextSplice | null {
  if (typeof old !== 'string' || typeof next !== 'string') return null;
  const longest = Math.min(old.length, next.length);
  let start = 0;
  while (start < longest && old[start] === next[start]) start++;
  let kept = 0;
  while (kept < longest - start && old[old.length - 1 - kept] === next[next.length - 1 - kept]) kept++;
  if (start + kept <= leastSplicedSaving) return null;
  return [start, old.length - kept, next.slice(start, next.length - kept)];
}

/**
 * `next` as `old` without its first `trimmed` points and with `points` added, when `next`
 * keeps some of `old` that way; null when it is not an append (then the field is sent whole).
 */
function appendedPoints(old: unknown, next: unknown): AppendedPoints | null {
  if (!Array.isArray(old) || !Array.isArray(next)) return null;
  for (let trimmed = 0; trimmed < old.length; trimmed++) {
    const kept = old.length - trimmed;
    if (kept > next.length) continue;
    let matches = true;
    for (let i = 0; i < kept && matches; i++) matches = deepEqual(old[trimmed + i], next[i]);
    if (matches) return { ...(trimmed > 0 && { trimmed }), points: next.slice(kept) };
  }
  return null;
}
