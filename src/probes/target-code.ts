/**
 * Connect targets travel as shell words on the command line and come back inside section
 * ids. Only `[A-Za-z0-9._:-]` pass unchanged (safe in sh, csh and fish, even unquoted);
 * every other byte of the UTF-8 text becomes `+HH`.
 */
const SAFE = /^[A-Za-z0-9._:-]$/;

export function encodeWord(text: string): string {
  let out = '';
  for (const ch of text) {
    if (SAFE.test(ch)) out += ch;
    else for (const byte of Buffer.from(ch, 'utf8')) out += `+${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

export function decodeWord(word: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < word.length; i++) {
    const hex = word[i] === '+' ? word.slice(i + 1, i + 3) : '';
    if (/^[0-9A-F]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(word[i] ?? '', 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}
