// HTML character references in text that Jira stores: wiki markup uses them for characters it would
// otherwise read as markup (`&#92;`), and text imported from HTML into the Cloud editor keeps them
// (`&amp;`). A reader must see the character, never the reference.

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

/** The character `&name;` stands for, or undefined when it is not a reference we know (left as typed). */
function decodeReference(name: string): string | undefined {
  const hex = /^#x([0-9a-f]{1,6})$/i.exec(name);
  const decimal = /^#(\d{1,7})$/.exec(name);
  const code = hex ? Number.parseInt(hex[1]!, 16) : decimal ? Number(decimal[1]) : undefined;
  if (code === undefined) return NAMED[name.toLowerCase()];
  // Beyond Unicode, a surrogate or NUL is not a character: keep the reference as typed.
  return code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff) ? String.fromCodePoint(code) : undefined;
}

/** `text` with every character reference it holds replaced by its character. */
export function decodeReferences(text: string): string {
  return text.replace(/&(#\d+|#x[0-9a-f]+|[a-z]+);/gi, (whole, name: string) => decodeReference(name) ?? whole);
}
