import { readFile } from 'node:fs/promises';
import { AtlError, usageError } from '../errors.js';
import type { Factory } from '../factory.js';
import { noPromptHint } from '../msys.js';
import { conflictError } from './flags.js';

/** Commander collector for repeatable flags: `--label a --label b` → ['a', 'b']. */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** `--limit` as a positive integer. */
export function parseLimit(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw usageError(`invalid --limit ${JSON.stringify(value)}`, 'use a whole number of 1 or more, or --all');
  return n;
}

export function parsePositiveInt(flag: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw usageError(`invalid ${flag} ${JSON.stringify(value)}`, 'use a whole number');
  return n;
}

/**
 * Text as atl works with it: no leading byte-order mark, and lines ending in `\n` only. Files and
 * pipes from Windows end lines in `\r\n` (old Mac files in `\r`); a kept `\r` turns a wrapped
 * paragraph into `line a\r line b` and is later shown as an escape.
 */
export function normalizeText(text: string): string {
  return text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
}

export async function readStdin(f: Factory): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of f.io.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return normalizeText(Buffer.concat(chunks).toString('utf8'));
}

/** Text from a file, or stdin when the path is `-`. */
export async function readTextFile(f: Factory, path: string): Promise<string> {
  if (path === '-') return readStdin(f);
  try {
    return normalizeText(await readFile(path, 'utf8'));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new AtlError('usage', `cannot read ${path}: ${code === 'ENOENT' ? 'no such file' : (err as Error).message}`, { cause: err });
  }
}

/**
 * Body text from, in order: the flag's (or argument's) value, a file (`-` for stdin), or stdin when
 * it is piped. Undefined when none was given. `names` name the two for the error when both are given.
 */
export async function bodyText(
  f: Factory,
  inline: string | undefined,
  file: string | undefined,
  stdinAllowed: boolean,
  names: readonly [inline: string, file: string],
): Promise<string | undefined> {
  if (inline !== undefined && file !== undefined) throw conflictError(...names);
  if (inline !== undefined) return normalizeText(inline);
  if (file !== undefined) return readTextFile(f, file);
  if (stdinAllowed && !f.io.isStdinTTY()) {
    const text = await readStdin(f);
    return text.trim() === '' ? undefined : text;
  }
  return undefined;
}

/** Where the editor's text goes: the temporary file's name (its extension picks the highlighting) and what it starts with. */
export interface EditorBody {
  file: string;
  /** The text to start from (an edit's current body), fetched only when the editor opens. */
  initial?: () => Promise<string>;
}

/**
 * A Markdown body, as gh takes one: from the flags or stdin (bodyText), else, for a person at a
 * terminal (stdin and stdout, no --no-input), written in their editor (src/editor.ts: VISUAL, then
 * EDITOR; a private temporary file, removed afterwards). Saved empty, or an edit left unchanged,
 * aborts the command (exit 1) before anything is sent. Undefined when nothing was given and no editor may be opened,
 * so scripts keep their usage error.
 */
export async function bodyOrEditor(
  f: Factory,
  inline: string | undefined,
  file: string | undefined,
  stdinAllowed: boolean,
  names: readonly [inline: string, file: string],
  editor: EditorBody,
): Promise<string | undefined> {
  const given = await bodyText(f, inline, file, stdinAllowed, names);
  if (given !== undefined || !f.io.canPrompt() || !f.io.isStdoutTTY()) return given;
  const alternative = `${names[0]} or ${names[1]}`;
  const initial = (await editor.initial?.()) ?? '';
  const written = await f.editText(initial, editor.file, alternative);
  // An edit left as it was would still save a new version (a Confluence page) for nothing.
  const problem =
    written.trim() === '' ? 'saved empty' : initial !== '' && written.trim() === initial.trim() ? 'left unchanged' : undefined;
  if (problem !== undefined) {
    throw new AtlError('failure', `the text was ${problem} in the editor: nothing was sent`, {
      hint: `write the text in the editor and save it, or give ${alternative}`,
    });
  }
  return written;
}

/**
 * Asks before a change that cannot be undone or touches many issues. `--yes` skips the question;
 * without a terminal (or with --no-input) the answer cannot be asked, so it is a usage error.
 */
export async function confirmOrFail(f: Factory, question: string, yes: boolean | undefined): Promise<boolean> {
  if (yes) return true;
  if (!f.io.canPrompt()) throw usageError('confirmation needed', noPromptHint(f, 'run again with --yes to confirm'));
  const prompter = await f.prompter();
  return prompter.confirm(question, false);
}
