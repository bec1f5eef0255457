import { describe, expect, test } from 'vitest';
import {
  ATTACHMENTS_EXTENSION,
  attachmentFileName,
  isSafeStem,
  MAX_NAME_LENGTH,
  nameFits,
  nameKey,
  pageStem,
  safeTitle,
} from './filenames.js';

const bytes = (text: string): number => Buffer.byteLength(text, 'utf8');
const graphemes = (text: string): string[] =>
  [...new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text)].map((s) => s.segment);

describe('pageStem: characters, dots, spaces, reserved names', () => {
  test.each([
    // title, id, stem
    ['Release notes', '1', 'Release notes'],
    ['A/B testing', '1', 'A_B testing'],
    ['C:\\Windows\\path', '1', 'C__Windows_path'],
    ['<tag> "quoted" a|b what? *star*', '1', '_tag_ _quoted_ a_b what_ _star_'],
    ['tab\there', '1', 'tab_here'],
    ['line\nbreak\r', '1', 'line_break_'],
    ['nul\u0000byte', '1', 'nul_byte'],
    ['del\u007fc1\u0085\u009f', '1', 'del_c1__'],
    ['lone \ud800 high', '1', 'lone _ high'],
    ['lone \udc00 low', '1', 'lone _ low'],
    ['emoji 😀 kept', '1', 'emoji 😀 kept'],
    ['trailing dot.', '1', 'trailing dot'],
    ['trailing dots and spaces . . ', '1', 'trailing dots and spaces'],
    ['   padded   ', '1', 'padded'],
    ['\u3000ideographic space\u00a0', '1', 'ideographic space'],
    ['.hidden', '1', '_hidden'],
    ['..double', '1', '_.double'],
    ['v1.2.3', '1', 'v1.2.3'],
    ['CON', '1', 'CON_'],
    ['con', '1', 'con_'],
    ['Con.txt', '1', 'Con_.txt'],
    ['NUL.tar.gz', '1', 'NUL_.tar.gz'],
    ['nul .txt', '1', 'nul_ .txt'],
    ['PRN', '1', 'PRN_'],
    ['aux', '1', 'aux_'],
    ['COM1', '1', 'COM1_'],
    ['com9.md', '1', 'com9_.md'],
    ['COM0', '1', 'COM0_'],
    ['LPT1', '1', 'LPT1_'],
    ['lpt9', '1', 'lpt9_'],
    ['COM¹', '1', 'COM¹_'],
    ['LPT²', '1', 'LPT²_'],
    ['lpt³.x', '1', 'lpt³_.x'],
    ['CONIN$', '1', 'CONIN$_'],
    ['conout$', '1', 'conout$_'],
    ['CON.', '1', 'CON_'],
    ['CON:', '1', 'CON_'], // ':' replaced: `CON_` is not a device
    ['COM10', '1', 'COM10'],
    ['CONSOLE', '1', 'CONSOLE'],
    ['AUXILIARY', '1', 'AUXILIARY'],
    ['CON-figuration', '1', 'CON-figuration'],
    ['NULL', '1', 'NULL'],
    ['My CON', '1', 'My CON'],
    ['COM⁴', '1', 'COM⁴'], // only ¹²³ are digits to Windows
  ])('%j (id %s) → %j', (title, id, stem) => {
    expect(pageStem(title, id)).toBe(stem);
    expect(isSafeStem(stem)).toBe(true); // mapping is idempotent: a recorded stem is recognised as safe
  });
});

test.each(['CON', 'a:b', 'trailing.', ' lead', '.hidden', '', 'x'.repeat(244), 'lone\ud800'])('isSafeStem(%j) is false', (stem) => {
  expect(isSafeStem(stem)).toBe(false);
});

describe('pageStem: titles with nothing usable get a name with the id', () => {
  test.each([
    ['', '42', 'untitled (42)'],
    ['   ', '42', 'untitled (42)'],
    ['???', '42', 'untitled (42)'],
    ['...', '42', 'untitled (42)'],
    ['. .', '42', 'untitled (42)'],
    ['<>:"/\\|?*', '42', 'untitled (42)'],
    ['\u0000\u001f\u007f', '42', 'untitled (42)'],
    ['\u200b\u200d', '42', 'untitled (42)'],
    ['/ ? /', '7', 'untitled (7)'],
  ])('%j (id %s) → %j', (title, id, stem) => {
    expect(pageStem(title, id)).toBe(stem);
  });

  test('the fallback is disambiguated further when its name is taken', () => {
    expect(pageStem('?', '42', { attempt: 2 })).toBe('untitled (42-2)');
  });

  test('a letter under so many combining marks that no name can hold it falls back too', () => {
    expect(pageStem(`Z${'\u0301'.repeat(200)}algo`, '9')).toBe('untitled (9)');
  });
});

describe('pageStem: Unicode normalisation', () => {
  test.each([
    ['Cafe\u0301', 'Café'],
    ['Café', 'Café'],
    ['\u1100\u1161\u11a8', '\uac01'], // Hangul jamo compose to one syllable
    ['Å (angstrom sign)', 'Å (angstrom sign)'], // U+212B is NFC U+00C5
  ])('%j → %j in NFC', (title, stem) => {
    expect(pageStem(title, '1')).toBe(stem);
    expect(pageStem(title, '1')).toBe(stem.normalize('NFC'));
  });
});

describe('pageStem: length limits', () => {
  // Each row: a title that must be cut. Every stem, with `.attachments` and any suffix, stays within
  // 255 UTF-16 units, 255 UTF-8 bytes and 255 units in NFD, and ends on a grapheme of the title.
  const rows: Array<[string, string, { disambiguate?: boolean }, number]> = [
    // name, title, options, expected stem length in UTF-16 units
    ['ASCII', 'a'.repeat(300), {}, 255 - ATTACHMENTS_EXTENSION.length],
    ['ASCII with id', 'a'.repeat(300), { disambiguate: true }, 255 - ATTACHMENTS_EXTENSION.length],
    ['CJK, 3 bytes each', '文'.repeat(200), {}, 81], // 81 * 3 = 243 bytes + 12
    ['CJK with id', '文'.repeat(200), { disambiguate: true }, 78 + ' (123456)'.length], // 78*3 + 9 + 12 = 255
    ['emoji, surrogate pairs of 4 bytes', '😀'.repeat(100), {}, 120], // 60 emoji: 240 bytes + 12 = 252; 61 would be 256
    ['family emoji, one grapheme of 8 units / 18 bytes', '👩‍👩‍👧'.repeat(20), {}, 13 * 8], // 13*18 = 234, +12 = 246
    ['flags, pairs of regional indicators', '🇫🇷'.repeat(40), {}, 30 * 4], // 30*8 = 240
    // 'e' + 2 acute accents composes to 'é' + 1 accent: 2 units, 4 bytes, 3 units in NFD; 60 * 4 = 240 bytes.
    ['combining marks, 4 bytes per grapheme', 'e\u0301\u0301'.repeat(120), {}, 120],
    ['Greek with dialytika and tonos, longer in NFD', 'ΐ'.repeat(200), {}, 81], // 2 bytes NFC, 3 units NFD: 81*3 = 243
    ['trailing space at the cut is dropped', `${'a'.repeat(242)} b`, {}, 242],
    ['trailing dot at the cut is dropped', `${'a'.repeat(241)}..b`, {}, 241],
  ];

  test.each(rows)('%s', (_name, title, options, expectedLength) => {
    const stem = pageStem(title, '123456', options) as string;
    const name = stem + ATTACHMENTS_EXTENSION;
    expect(name.length).toBeLessThanOrEqual(MAX_NAME_LENGTH);
    expect(bytes(name)).toBeLessThanOrEqual(MAX_NAME_LENGTH);
    expect(name.normalize('NFD').length).toBeLessThanOrEqual(MAX_NAME_LENGTH);
    const suffix = options.disambiguate ? ' (123456)' : '';
    expect(stem.endsWith(suffix)).toBe(true);
    const cut = stem.slice(0, stem.length - suffix.length);
    // A whole number of the title's graphemes: no half surrogate pair, no mark without its base.
    expect(graphemes(title.normalize('NFC')).slice(0, graphemes(cut).length).join('')).toBe(cut);
    expect(cut).not.toMatch(/[\s.]$/u);
    expect(stem.length).toBe(expectedLength);
  });

  test('the suffix survives any cut and the stem is as long as the limits allow', () => {
    const stem = pageStem('x'.repeat(400), '98765', { disambiguate: true }) as string;
    expect(stem.endsWith(' (98765)')).toBe(true);
    expect(bytes(stem + ATTACHMENTS_EXTENSION)).toBe(255);
  });

  test('maxLength cuts further, in UTF-16 units, and gives up when nothing of the title fits', () => {
    expect(pageStem('Installation guide', '7', { disambiguate: true, maxLength: 12 })).toBe('Installa (7)');
    expect(pageStem('Install guide', '7', { disambiguate: true, maxLength: 12 })).toBe('Install (7)'); // not `Install  (7)`
    expect(pageStem('文文文文文', '7', { disambiguate: true, maxLength: 6 })).toBe('文文 (7)');
    expect(pageStem('😀😀😀', '7', { disambiguate: true, maxLength: 6 })).toBe('😀 (7)');
    expect(pageStem('😀😀😀', '7', { disambiguate: true, maxLength: 5 })).toBeUndefined();
    expect(pageStem('Installation', '7', { maxLength: 5 })).toBe('Insta');
  });

  test('a cut that ends in a device name is not left reserved', () => {
    expect(pageStem('CON.annual report', '7', { maxLength: 5 })).toBe('CON_');
    expect(pageStem('AUX stuff', '7', { maxLength: 4 })).toBe('AUX_');
  });
});

describe('nameFits', () => {
  test.each([
    ['a'.repeat(255), true],
    ['a'.repeat(256), false],
    ['é'.repeat(127), true], // 254 bytes
    ['é'.repeat(128), false], // 256 bytes
    ['😀'.repeat(63), true], // 252 bytes, 126 units
    ['😀'.repeat(64), false], // 256 bytes
    ['ΐ'.repeat(85), true], // 170 bytes, 255 units in NFD
    ['ΐ'.repeat(86), false], // 258 units in NFD (HFS+)
  ])('%#', (name, fits) => {
    expect(nameFits(name)).toBe(fits);
  });
});

describe('nameKey: names one file system would take for one file', () => {
  test.each([
    ['README.md', 'readme.md'],
    ['Café', 'Cafe\u0301'],
    ['CAFÉ', 'cafe\u0301'],
    ['Straße', 'STRASSE'],
    ['straße', 'strasse'],
    ['ẞ', 'ss'],
    ['ﬁle', 'FILE'],
    ['ΟΔΟΣ', 'οδοσ'],
    ['ΟΔΟΣ', 'οδος'],
    ['Ａ', 'ａ'], // fullwidth letters fold by case too
    ['zero\u200bwidth', 'zerowidth'],
    ['İstanbul', 'i\u0307stanbul'],
  ])('%j ~ %j', (a, b) => {
    expect(nameKey(a)).toBe(nameKey(b));
  });

  test.each([
    ['Resume', 'Résumé'],
    ['A_B', 'A B'],
    ['file1', 'file２'], // no compatibility folding: NTFS and APFS keep these apart
    ['ﬁle', 'file2'],
  ])('%j ≁ %j', (a, b) => {
    expect(nameKey(a)).not.toBe(nameKey(b));
  });
});

test('safeTitle is empty only when nothing of the title is left', () => {
  expect(safeTitle('?')).toBe('');
  expect(safeTitle('_')).toBe('_');
  expect(safeTitle('a?')).toBe('a_');
});

describe('attachmentFileName: the title rules, extension kept', () => {
  test.each([
    // name, options, file name
    ['diagram.png', {}, 'diagram.png'],
    ['diagram.png', { disambiguate: true }, 'diagram (77).png'],
    ['diagram.png', { attempt: 2 }, 'diagram (77-2).png'],
    ['archive.tar.gz', {}, 'archive.tar.gz'],
    ['a/b:c.PDF', {}, 'a_b_c.PDF'],
    ['CON.png', {}, 'CON_.png'],
    ['nul.tar.gz', {}, 'nul_.tar.gz'],
    ['???.png', {}, 'untitled (77).png'],
    ['.env', {}, '_env'],
    ['notes.', {}, 'notes'],
    ['no extension', {}, 'no extension'],
    ['weird.ext with space', {}, 'weird.ext with space'],
    ['photo.jpég', {}, 'photo.jpég'],
  ])('%j %j → %j', (name, options, fileName) => {
    expect(attachmentFileName(name, '77', options)).toBe(fileName);
  });

  test.each([
    ['ASCII', `${'a'.repeat(300)}.png`, {}, `${'a'.repeat(251)}.png`],
    ['CJK', `${'图'.repeat(100)}.png`, {}, `${'图'.repeat(83)}.png`], // 249 + 4 bytes
    ['CJK with id', `${'图'.repeat(100)}.png`, { disambiguate: true }, `${'图'.repeat(82)} (77).png`], // 246 + 5 + 4
    ['emoji', `${'😀'.repeat(100)}.jpeg`, {}, `${'😀'.repeat(62)}.jpeg`], // 248 + 5
  ])('%s: cut before the suffix and extension, within 255 bytes', (_name, name, options, fileName) => {
    const result = attachmentFileName(name, '77', options);
    expect(result).toBe(fileName);
    expect(nameFits(result)).toBe(true);
  });
});
