import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The repository root (works from src/ under tsx and from dist/ once built). */
export const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));

let cached: string | undefined;
export function toolVersion(): string {
  cached ??= (JSON.parse(readFileSync(`${PACKAGE_ROOT}package.json`, 'utf8')) as { version: string }).version;
  return cached;
}
