/**
 * Saving a download: the bytes stream into a temp file beside the target (never whole in memory),
 * which becomes the target only once complete. Without `force` an existing file is never replaced:
 * the temp file is hard-linked to the target name, which fails if the name exists even when another
 * program creates it meanwhile. A failure removes the temp file and leaves the target as it was.
 */
import { createWriteStream } from 'node:fs';
import { constants, copyFile, link, stat, unlink } from 'node:fs/promises';
import { Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { pipeline } from 'node:stream/promises';
import { atomicTempPath, replaceWithTemp } from '../auth/fsutil.js';
import { AtlError } from '../errors.js';

/** A name from a server made safe to use as a file name here: no folders, no control characters. */
export function safeFileName(name: string, fallback: string): string {
  const cleaned = name
    .replace(/[\u0000-\u001f\u007f]/g, '')
    .replace(/[/\\]/g, '_')
    .replace(/^[.\s]+|[\s.]+$/g, '');
  // Windows refuses these characters in names; replaced everywhere so a name works on any system.
  const portable = cleaned.replace(/[<>:"|?*]/g, '_');
  return portable === '' ? fallback : portable;
}

/** Whether something (a file, a folder) is at `path`. */
export function pathExists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

export function existsError(path: string): AtlError {
  return new AtlError('failure', `${path} already exists`, { hint: 'add --force to replace it, or choose another --dir or --output' });
}

/** Writes `body` to `path`; returns the bytes written. */
export async function saveStream(body: ReadableStream<Uint8Array>, path: string, force: boolean): Promise<number> {
  const temp = atomicTempPath(path);
  let bytes = 0;
  try {
    const source = Readable.fromWeb(body as NodeReadableStream<Uint8Array>);
    source.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
    });
    await pipeline(source, createWriteStream(temp, { flags: 'wx', mode: 0o644, flush: true }));
  } catch (err) {
    await unlink(temp).catch(() => undefined);
    throw err;
  }
  if (force) {
    await replaceWithTemp(temp, path);
    return bytes;
  }
  try {
    await link(temp, path).catch(async (err: NodeJS.ErrnoException) => {
      // A file system without hard links (FAT, some network shares): an exclusive copy instead.
      if (err.code === 'EEXIST') throw err;
      await copyFile(temp, path, constants.COPYFILE_EXCL);
    });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw existsError(path);
    throw err;
  } finally {
    await unlink(temp).catch(() => undefined);
  }
  return bytes;
}
