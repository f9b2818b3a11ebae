/** Writes src/probes/probe-script.generated.ts from src/probes/sh/*.sh (see probe-script.ts). */
import { writeFileSync } from 'node:fs';
import { GENERATED_FILE, LayoutError, foldScript, generatedModule, scriptSourceLines } from './probe-script.js';

try {
  writeFileSync(GENERATED_FILE, generatedModule(foldScript(scriptSourceLines())));
} catch (error) {
  if (!(error instanceof LayoutError)) throw error;
  process.stderr.write(`probe script: ${error.message}\n`);
  process.exit(1);
}
