/**
 * Page titles → file-name stems that are valid on Windows, macOS and Linux alike. A pulled folder is
 * committed to git and cloned on other machines, so a name must be safe on every OS, not only on the
 * one that pulled it: nothing here depends on the platform. The stem is what the layout puts before
 * `.md` (a leaf page), uses as a directory name (a page with children, a Cloud folder) and before
 * `.attachments` (the page's attachments directory); see layout.ts. Attachment file names follow
 * the same rules, keeping their extension (attachmentFileName).
 *
 * Rules and where they come from:
 * - `< > : " / \ | ? *` are forbidden by Windows (':' also names NTFS streams, '/' is the separator
 *   everywhere); control characters (C0 are forbidden by Windows; DEL and C1 break terminals and
 *   editors) and lone surrogates (not encodable as UTF-8: Node would write U+FFFD, so the name on
 *   disk would differ from the recorded one) are replaced too. Each becomes `_`, one for one, so
 *   `A/B` and `AB` stay different names.
 * - Windows drops trailing dots and spaces from a name (`notes.` opens `notes`), so they are removed;
 *   leading and trailing whitespace too. A leading dot becomes `_`: macOS and Linux hide dot files.
 * - Windows device names (CON, NUL, COM1, ... see RESERVED) name the device whatever the extension
 *   or case: `nul.md` is NUL. They get a `_` after the device word: `CON` → `CON_`, `nul.txt` → `nul_.txt`.
 * - NFC: macOS hands back names in NFD (HFS+) or as created (APFS); titles from the API may be in
 *   either form. One form makes equal titles equal names.
 * - A name (stem + ` (id)` suffix + the longest extension, `.attachments`) stays within 255 UTF-16
 *   units (NTFS), 255 UTF-8 bytes (ext4, APFS) and 255 UTF-16 units once decomposed (HFS+ stores
 *   NFD). Titles are cut at a grapheme boundary — never inside a surrogate pair, a combining
 *   sequence or an emoji sequence — before the suffix, so the suffix survives.
 * - A title with nothing left (`???`, `...`) becomes `untitled (id)`: never empty, never a clash.
 */

/** Longest name NTFS, HFS+ (UTF-16 units) and ext4, APFS (UTF-8 bytes) accept. */
export const MAX_NAME_LENGTH = 255;

/** Beside a leaf page's `<stem>.md`: its attachments directory, the longest name a stem gets. */
export const ATTACHMENTS_EXTENSION = '.attachments';
export const MARKDOWN_EXTENSION = '.md';

/** What a title made only of forbidden characters is called (always with its id). */
export const UNTITLED = 'untitled';

const REPLACEMENT = '_';
// \p{Cc} is exactly C0, DEL and C1; with the `u` flag \p{Cs} matches only unpaired surrogates.
const FORBIDDEN = /[<>:"/\\|?*\p{Cc}\p{Cs}]/gu;
// Invisible on screen and ignored by HFS+ when it compares names (git's CVE-2014-9390).
const IGNORABLE = /\p{Default_Ignorable_Code_Point}/gu;
// Windows device names, matched on the part before the first dot with trailing spaces ignored (as
// Win32 path parsing does), any case. COM0/LPT0 and CONIN$/CONOUT$ are listed by Microsoft's
// "Naming Files" page or behave as devices in some Windows versions; reserving one too many only
// costs a `_`. The superscript digits ¹²³ count as digits to Windows.
const RESERVED = /^(CON|PRN|AUX|NUL|COM[0-9¹²³]|LPT[0-9¹²³]|CONIN\$|CONOUT\$)(?=\s*(\.|$))/iu;

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * The title as a name, not yet cut to length: '' when nothing of the title survives (only forbidden
 * characters, dots, spaces or invisible characters).
 */
export function safeTitle(title: string): string {
  const nfc = title.normalize('NFC');
  const meaningful = nfc.replace(FORBIDDEN, '').replace(IGNORABLE, '').replace(/[\s.]/gu, '');
  if (meaningful === '') return '';
  return avoidReserved(trimName(nfc.replace(FORBIDDEN, REPLACEMENT)).replace(/^\./u, REPLACEMENT));
}

/** Leading whitespace, trailing whitespace and dots (Windows would drop the latter anyway). */
function trimName(name: string): string {
  return name.replace(/^\s+/u, '').replace(/[\s.]+$/u, '');
}

function avoidReserved(name: string): string {
  return name.replace(RESERVED, `$1${REPLACEMENT}`);
}

function utf8Length(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/**
 * Whether a stem recorded by an earlier pull is still safe everywhere (an older atl, or a hand-edited
 * state file, may have recorded one that is not); mapped stems always are.
 */
export function isSafeStem(stem: string): boolean {
  return stem !== '' && safeTitle(stem) === stem && nameFits(stem + ATTACHMENTS_EXTENSION);
}

/** Whether `name` is a valid length on every file system (see the header). */
export function nameFits(name: string): boolean {
  return name.length <= MAX_NAME_LENGTH && utf8Length(name) <= MAX_NAME_LENGTH && name.normalize('NFD').length <= MAX_NAME_LENGTH;
}

/** The longest prefix of `text`, in whole graphemes, that `fits` accepts (fits is monotonic in length). */
function cutToFit(text: string, fits: (candidate: string) => boolean): string {
  if (fits(text)) return text;
  const ends = [0];
  for (const { index, segment } of graphemes.segment(text)) ends.push(index + segment.length);
  let low = 0; // ends[low] fits (the empty prefix does, or nothing will)
  let high = ends.length - 1; // ends[high] does not
  while (high - low > 1) {
    const middle = (low + high) >> 1;
    if (fits(text.slice(0, ends[middle]))) low = middle;
    else high = middle;
  }
  const cut = text.slice(0, ends[low]);
  return fits(cut) ? cut : '';
}

export interface StemOptions {
  /** Append ` (id)`: the page shares its name with a sibling, or is being shortened. */
  disambiguate?: boolean;
  /** A tighter limit than 255, in UTF-16 units, when a whole path is too long (layout.ts). */
  maxLength?: number;
  /** For a name still taken after ` (id)` (another page is titled `X (id)`): ` (id-N)`. */
  attempt?: number;
}

/**
 * The stem for page `id` titled `title`, such that `<stem>.attachments` (and so `<stem>.md`) is a
 * valid name everywhere. undefined only when `maxLength` leaves no room for any of the title: the
 * untitled fallback is for titles that cannot give a name at all.
 */
export function pageStem(title: string, id: string, options: StemOptions = {}): string | undefined {
  return fitTitle(safeTitle(title), id, options, '', ATTACHMENTS_EXTENSION);
}

/**
 * An attachment's file name in its page's `.attachments` directory: the same rules as a title, with
 * a short extension kept whole and the suffix before it (`diagram (123).png`).
 */
export function attachmentFileName(name: string, id: string, options: Omit<StemOptions, 'maxLength'> = {}): string {
  const nfc = name.normalize('NFC');
  const dot = nfc.lastIndexOf('.');
  const extension = dot > 0 && /^\.[\p{L}\p{N}_-]{1,16}$/u.test(nfc.slice(dot)) ? nfc.slice(dot) : '';
  return fitTitle(safeTitle(nfc.slice(0, nfc.length - extension.length)), id, options, extension, '') as string;
}

/**
 * `base + suffix + extension`, cut so that, with `reserve` (counted but not returned), it is a valid
 * name; the untitled fallback when nothing of the base can be used.
 */
function fitTitle(base: string, id: string, options: StemOptions, extension: string, reserve: string): string | undefined {
  const untitled = { ...options, disambiguate: true };
  if (base === '') return fitName(UNTITLED, id, untitled, extension, reserve);
  const name = fitName(base, id, options, extension, reserve);
  // Its first grapheme alone (a letter under hundreds of combining marks) is longer than a name may be.
  if (name === undefined && options.maxLength === undefined) return fitName(UNTITLED, id, untitled, extension, reserve);
  return name;
}

function fitName(base: string, id: string, options: StemOptions, extension: string, reserve: string): string | undefined {
  const disambiguate = options.disambiguate === true || (options.attempt ?? 1) > 1;
  const safeId = id.replace(FORBIDDEN, REPLACEMENT);
  const suffix = !disambiguate ? '' : (options.attempt ?? 1) > 1 ? ` (${safeId}-${options.attempt})` : ` (${safeId})`;
  const maxLength = Math.min(options.maxLength ?? MAX_NAME_LENGTH, MAX_NAME_LENGTH);
  const fits = (stem: string): boolean => stem.length <= maxLength && nameFits(stem + extension + reserve);
  const cut = trimName(cutToFit(base, (candidate) => fits(candidate + suffix)));
  if (cut === '') return undefined;
  // A cut title can end in a device name again (`CON.x` cut to `CON`); the suffix protects it otherwise.
  const stem = suffix === '' ? avoidReserved(cut) : cut + suffix;
  return fits(stem) ? stem + extension : undefined;
}

/**
 * The key two names are compared by: equal keys are the same file on a case-insensitive,
 * normalisation-insensitive file system (macOS, Windows). It folds more than any one of them does
 * (`ß` and `ss` are one name on APFS but not on NTFS; ignorable characters only on HFS+): a false
 * clash costs a ` (id)` suffix, a missed one would overwrite a page on a colleague's machine.
 * Upper-casing between two lower-casings is full case folding in effect: `ß` → `SS` → `ss`,
 * `ẞ` → `ß` → `ss`, `ﬁ` → `FI` → `fi`, `ς`/`σ` → `Σ` → one lower form.
 */
export function nameKey(name: string): string {
  return name.normalize('NFC').replace(IGNORABLE, '').toLowerCase().toUpperCase().toLowerCase().normalize('NFC');
}
