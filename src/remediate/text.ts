/**
 * Putting text where a shell or YAML parser reads it. Values have passed ./validate.ts
 * before they get here; these functions are the second line: quoting for sh, and comment
 * lines that no character can end early.
 */

/** One POSIX sh word, whatever `value` holds. */
export function shQuote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

/**
 * Characters shown as `\uXXXX` in comments: controls, and everything a YAML 1.1 reader
 * (PyYAML, which Ansible uses) takes for a line break (U+0085, U+2028, U+2029) or rejects,
 * plus bidi controls, which make text read differently from what it is.
 */
const UNSAFE_IN_COMMENT = /[^\t\x20-\x7e\u00a0-\u200d\u2010-\u2027\u202f-\u2065\u206a-\ud7ff\ue000-\ufefe\uff00-\ufffd]/gu;

function escapeForComment(text: string): string {
  return text.replace(UNSAFE_IN_COMMENT, (char) =>
    [...char].map((unit) => `\\u${(unit.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`).join(''),
  );
}

/** `text` as `# ` comment lines for sh and YAML alike; a newline in it starts another comment line. */
export function commentLines(text: string): string[] {
  return text.split(/\r\n|\n/).map((line) => `#${line === '' ? '' : ` ${escapeForComment(line)}`}`);
}

/** A value quoted for a one-line human message (stderr, comments): JSON string syntax, every odd character escaped. */
export function quoted(value: string): string {
  return escapeForComment(JSON.stringify(value));
}
