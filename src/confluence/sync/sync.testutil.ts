/** A pulled folder against an in-memory Confluence, for the engine's tests. */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import { lineConverter, MemoryConfluence } from './memory-remote.testutil.js';

const made: string[] = [];
afterEach(async () => {
  for (const dir of made.splice(0)) await rm(dir, { recursive: true, force: true });
});

export async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'atl-docs-'));
  made.push(dir);
  return dir;
}

export interface DocsSpace {
  remote: MemoryConfluence;
  home: string;
  guide: string;
  install: string;
  faq: string;
}

/**
 * DOCS: Home > (Guide > Install, FAQ). Guide has five lines and a label, Install shows an image
 * attached to it, FAQ links to Guide.
 */
export function docsSpace(): DocsSpace {
  const remote = new MemoryConfluence();
  const home = remote.seed('DOCS', 'Home', null, '<p>Welcome</p>');
  const guide = remote.seed('DOCS', 'Guide', home, '<p>one</p><p>two</p><p>three</p><p>four</p><p>five</p>', { labels: ['guide'] });
  const install = remote.seed(
    'DOCS',
    'Install',
    guide,
    '<p>install</p><p><ac:image><ri:attachment ri:filename="shot.png"/></ac:image></p>',
  );
  remote.attach(install, 'shot.png', 'PNG-1');
  const faq = remote.seed('DOCS', 'FAQ', home, '<p>See <ac:link><ri:page ri:content-title="Guide"/></ac:link></p>');
  return { remote, home, guide, install, faq };
}

export const converter = lineConverter;

/** Every file under `dir` (the state folder too) with its bytes, by relative path. */
export async function snapshot(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const walk = async (at: string): Promise<void> => {
    for (const entry of await readdir(at, { withFileTypes: true })) {
      const full = path.join(at, entry.name);
      if (entry.isDirectory()) await walk(full);
      else out[path.relative(dir, full).split(path.sep).join('/')] = await readFile(full, 'latin1');
    }
  };
  await walk(dir);
  return out;
}

export async function read(dir: string, file: string): Promise<string> {
  return readFile(path.join(dir, ...file.split('/')), 'utf8');
}

export async function write(dir: string, file: string, text: string): Promise<void> {
  const { mkdir } = await import('node:fs/promises');
  const full = path.join(dir, ...file.split('/'));
  await mkdir(path.dirname(full), { recursive: true });
  await writeFile(full, text);
}

/** Replaces `from` with `to` in a file, failing the test if `from` is not there. */
export async function edit(dir: string, file: string, from: string, to: string): Promise<void> {
  const text = await read(dir, file);
  if (!text.includes(from)) throw new Error(`${file} has no ${JSON.stringify(from)}:\n${text}`);
  await write(dir, file, text.replace(from, to));
}
