/**
 * Ctrl-C handling for a run: the first SIGINT/SIGTERM aborts the returned signal (the runner
 * stops starting hosts, closes connections and marks the rest `interrupted`); a second one
 * exits at once, for when cleanup itself is what hangs.
 */
export interface Interrupt {
  signal: AbortSignal;
  /** Which signal ended the run, if any: the CLI exits 130 (SIGINT) or 143 (SIGTERM). */
  received(): NodeJS.Signals | undefined;
  dispose(): void;
}

const EXIT_CODES: Record<string, number> = { SIGINT: 130, SIGTERM: 143 };

export function interruptOnSignals(signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM']): Interrupt {
  const controller = new AbortController();
  let got: NodeJS.Signals | undefined;
  const onSignal = (name: NodeJS.Signals): void => {
    if (got !== undefined) process.exit(EXIT_CODES[name] ?? 1);
    got = name;
    controller.abort(new Error(`interrupted by ${name}`));
  };
  for (const name of signals) process.on(name, onSignal);
  return {
    signal: controller.signal,
    received: () => got,
    dispose() {
      for (const name of signals) process.off(name, onSignal);
    },
  };
}
