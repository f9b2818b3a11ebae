/**
 * Variable values as the inventory holds them: JSON-able data, plus a marker for the Python
 * values ansible-inventory stores but cannot print (it fails only when printing them).
 */
import { FileLineError } from '../core/errors.js';

export class Unrepresentable {
  /** Where the value was written; set by the reader that found it. */
  file = '';
  line: number | undefined;
  constructor(readonly pythonType: string) {}

  error(variable: string): FileLineError {
    return new FileLineError(
      this.file,
      this.line,
      `variable ${variable} is a Python ${this.pythonType}, which cannot be written as JSON (ansible-inventory fails on it too)`,
    );
  }
}

/** Integers beyond 2^53 stay exact as bigint (Python's int is unbounded and prints all digits). */
export type InventoryValue = string | number | bigint | boolean | null | Unrepresentable | InventoryValue[] | InventoryDict;

/** A Python int as a value: a number when that is exact, else a bigint. */
export function pythonInt(value: bigint): number | bigint {
  const asNumber = Number(value);
  return Number.isSafeInteger(asNumber) ? asNumber : value;
}
export interface InventoryDict {
  [key: string]: InventoryValue;
}

/** Dicts without a prototype, so a variable named `__proto__` is just a key. */
export function newDict<T = InventoryValue>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

/** Marks every Unrepresentable inside `value` as coming from `file:line`. */
export function locateUnrepresentable(value: InventoryValue, file: string, line: number | undefined): void {
  if (value instanceof Unrepresentable) {
    value.file = file;
    value.line = line;
  } else if (Array.isArray(value)) {
    for (const item of value) locateUnrepresentable(item, file, line);
  } else if (value !== null && typeof value === 'object') {
    for (const item of Object.values(value)) locateUnrepresentable(item, file, line);
  }
}

/** The first Unrepresentable inside `value`, if any. */
export function findUnrepresentable(value: InventoryValue): Unrepresentable | undefined {
  if (value instanceof Unrepresentable) return value;
  const items = Array.isArray(value) ? value : value !== null && typeof value === 'object' ? Object.values(value) : [];
  for (const item of items) {
    const found = findUnrepresentable(item);
    if (found) return found;
  }
  return undefined;
}
