/**
 * Python's `shlex.split(line, comments=True)` (POSIX mode), which Ansible's INI plugin uses to
 * cut a host line into the host pattern and `key=value` tokens. Quirks kept on purpose: `#`
 * starts a comment even in the middle of a word (`pw=ab#cd` gives `pw=ab`), a backslash
 * outside quotes escapes any character, inside double quotes only `"` and `\`.
 */
export class ShlexError extends Error {}

const WHITESPACE = ' \t\r\n';

export function shlexSplit(line: string): string[] {
  const tokens: string[] = [];
  let token = '';
  let inToken = false;
  let i = 0;
  const emit = () => {
    if (inToken) tokens.push(token);
    token = '';
    inToken = false;
  };
  while (i < line.length) {
    const c = line[i]!;
    if (WHITESPACE.includes(c)) {
      emit();
      i++;
    } else if (c === '#') {
      emit();
      break;
    } else if (c === '\\') {
      if (i + 1 >= line.length) throw new ShlexError('No escaped character');
      token += line[i + 1];
      inToken = true;
      i += 2;
    } else if (c === "'" || c === '"') {
      inToken = true;
      i++;
      for (;;) {
        if (i >= line.length) throw new ShlexError('No closing quotation');
        const q = line[i]!;
        if (q === c) {
          i++;
          break;
        }
        if (c === '"' && q === '\\') {
          if (i + 1 >= line.length) throw new ShlexError('No closing quotation');
          const next = line[i + 1]!;
          token += next === '"' || next === '\\' ? next : `\\${next}`;
          i += 2;
          continue;
        }
        token += q;
        i++;
      }
    } else {
      token += c;
      inToken = true;
      i++;
    }
  }
  emit();
  return tokens;
}
