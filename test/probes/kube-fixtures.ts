/** The real files of test/fixtures/kube (SOURCES.md there), and what the probe keeps of them. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export function kubeFixture(path: string): string {
  return readFileSync(fileURLToPath(new URL(`../fixtures/kube/${path}`, import.meta.url)), 'utf8');
}

/** What the probe's key_lines keeps of a file: the lines holding the key, nothing else. */
export function keyLinesOf(text: string, key: string): string {
  return text.split('\n').filter((line) => line.includes(key)).join('\n');
}
