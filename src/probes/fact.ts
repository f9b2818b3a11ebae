/** Builders for Fact<T>: a value with its source, or what was missing and how to get it. */
import type { Fact } from '../core/facts.js';

export function found<T>(value: T, source: string): Fact<T> {
  return { ok: true, value, source };
}

export function missing<T>(source: string, why: string): Fact<T> {
  return { ok: false, source, missing: why };
}
