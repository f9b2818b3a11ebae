/**
 * The probe script's sources (src/probes/sh/*.sh): clean under shellcheck as POSIX sh, free
 * of what cannot travel folded into one single-quoted line, and the generated module that
 * ships the folded text is current (`npm run build` writes it).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GENERATED_FILE, LayoutError, foldScript, generatedModule, scriptSourceLines, type SourceLine } from '../../scripts/probe-script.js';
import { skipUnlessTools } from '../support/tools.js';

const lines = (...texts: string[]): SourceLine[] => texts.map((text, index) => ({ file: 'x.sh', line: index + 1, text }));

describe('the folded probe script', () => {
  it('is what src/probes/probe-script.generated.ts ships (else: npm run build)', () => {
    expect(readFileSync(GENERATED_FILE, 'utf8')).toBe(generatedModule(foldScript(scriptSourceLines())));
  });

  it('joins lines the way sh reads them, and refuses what would break the fold, naming FILE:LINE', () => {
    expect(foldScript(lines('# a comment', 'f() {', '  if [ -n "$1" ]; then', '    echo "$1" |', '      cat', '  fi', '}', 'f x'))).toBe(
      'f() { if [ -n "$1" ]; then echo "$1" | cat; fi; }; f x',
    );
    expect(() => foldScript(lines('echo ok', "echo 'quoted'"))).toThrow(new LayoutError('x.sh:2: single quote, "!" or a backslash pair cannot travel in the folded script'));
    expect(() => foldScript(lines('[ ! -e x ]'))).toThrow(LayoutError);
    expect(() => foldScript(lines('echo a # then b'))).toThrow(/x\.sh:1: a comment must have a line of its own/);
    expect(foldScript(lines('echo "# not a comment" ${x#y}'))).toBe('echo "# not a comment" ${x#y}');
  });

  for (const [name, shell] of [['dash', '/bin/dash'], ['bash --posix', '/bin/bash'], ['busybox sh', '/bin/busybox']] as const) {
    const skip = skipUnlessTools([shell], 'apt-get install dash busybox');
    it.skipIf(skip !== undefined)(`parses under ${name}`, () => {
      const script = foldScript(scriptSourceLines());
      const argv = shell === '/bin/busybox' ? ['sh', '-n', '-c', script] : shell === '/bin/bash' ? ['--posix', '-n', '-c', script] : ['-n', '-c', script];
      const run = spawnSync(shell, argv, { encoding: 'utf8' });
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
    });
  }
});

const noShellcheck = skipUnlessTools(['/usr/bin/shellcheck'], 'apt-get install shellcheck');

describe.skipIf(noShellcheck !== undefined)('shellcheck', () => {
  const check = (source: SourceLine[]): string[] => {
    const text = `${source.map((l) => l.text).join('\n')}\n`;
    const run = spawnSync('shellcheck', ['--shell=sh', '--format=gcc', '-'], { input: text, encoding: 'utf8' });
    // report each finding at the line of the source file it came from
    return run.stdout
      .split('\n')
      .filter(Boolean)
      .map((finding) => {
        const match = /^-:(\d+):\d+: (.*)$/.exec(finding);
        const origin = match ? source[Number(match[1]) - 1] : undefined;
        return origin ? `${origin.file}:${origin.line}: ${match![2]}` : finding;
      });
  };

  it('finds nothing in the probe script', () => {
    expect(execFileSync('shellcheck', ['--version'], { encoding: 'utf8' })).toMatch(/version: \d/);
    expect(check(scriptSourceLines())).toEqual([]);
  });

  it('would name the file and line of a finding', () => {
    const broken = [...scriptSourceLines(), { file: 'src/probes/sh/extra.sh', line: 7, text: '[ $LOGIN_UID == 0 ] && echo root' }];
    expect(check(broken)).toEqual(expect.arrayContaining([expect.stringMatching(/^src\/probes\/sh\/extra\.sh:7: warning: In POSIX sh, == in place of = is undefined/)]));
  });
});
