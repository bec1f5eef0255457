import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { atlErrorOf, fakeFactory } from '../testkit/fakes.testutil.js';
import { AtlError } from '../errors.js';
import { openFileOutput, runWithFileOutput } from './file-output.js';

const root = await mkdtemp(join(tmpdir(), 'atl-file-output-'));
afterAll(() => rm(root, { recursive: true, force: true }));

let counter = 0;
/** A fresh empty directory, and a file path in it. */
async function freshDir(): Promise<{ dir: string; file: string }> {
  const dir = join(root, `d${++counter}`);
  await mkdir(dir);
  return { dir, file: join(dir, 'out.json') };
}

const posixOnly = process.platform === 'win32' ? test.skip : test;
const searchSpec = { path: ['jira', 'search'] } as const;

function write(stream: NodeJS.WritableStream, text: string): Promise<void> {
  return new Promise((resolve, reject) => stream.write(text, (err) => (err ? reject(err) : resolve())));
}

describe('openFileOutput', () => {
  test('streams into a temp file beside FILE; FILE keeps its old bytes until commit, then holds exactly the new ones', async () => {
    const { dir, file } = await freshDir();
    await writeFile(file, 'old contents\n');
    const output = await openFileOutput(file);
    await write(output.stream, '[\n  {"summary": "Grüße — 日本語 🎉"}');
    await write(output.stream, '\n]\n');
    expect(await readFile(file, 'utf8')).toBe('old contents\n');
    expect((await readdir(dir)).sort()).toEqual([expect.stringMatching(/^\.out\.json\.tmp-\d+-[0-9a-f]+$/), 'out.json'].sort());
    await output.commit();
    expect(await readFile(file)).toEqual(Buffer.from('[\n  {"summary": "Grüße — 日本語 🎉"}\n]\n', 'utf8'));
    expect(await readdir(dir)).toEqual(['out.json']);
  });

  test('discard: an existing FILE stays byte-identical and the temp file is gone', async () => {
    const { dir, file } = await freshDir();
    const old = Buffer.from([0xef, 0xbb, 0xbf, 0x41, 0x2c, 0x42, 0x0d, 0x0a]);
    await writeFile(file, old);
    const output = await openFileOutput(file);
    await write(output.stream, 'half of a listing');
    await output.discard();
    expect(await readFile(file)).toEqual(old);
    expect(await readdir(dir)).toEqual(['out.json']);
  });

  test('discard with no FILE before: none after', async () => {
    const { dir, file } = await freshDir();
    const output = await openFileOutput(file);
    await write(output.stream, 'partial');
    await output.discard();
    expect(await readdir(dir)).toEqual([]);
  });

  test('a symlink is followed: the file it points at is replaced, the link stays', async () => {
    const { dir, file } = await freshDir();
    const real = join(dir, 'real.csv');
    await writeFile(real, 'old');
    await symlink(real, file);
    const output = await openFileOutput(file);
    await write(output.stream, 'new');
    await output.commit();
    expect((await stat(file)).isFile()).toBe(true);
    expect(await readFile(real, 'utf8')).toBe('new');
    expect((await readdir(dir)).sort()).toEqual(['out.json', 'real.csv']);
  });

  posixOnly('an existing file keeps its mode (0600 stays 0600, 0664 stays 0664); a new one gets 0666 less the umask', async () => {
    const { dir, file } = await freshDir();
    for (const mode of [0o600, 0o664]) {
      await writeFile(file, 'old');
      await chmod(file, mode);
      const output = await openFileOutput(file);
      await output.commit();
      expect((await stat(file)).mode & 0o777).toBe(mode);
    }
    const fresh = join(dir, 'new.csv');
    const output = await openFileOutput(fresh);
    await output.commit();
    const umask = process.umask();
    expect((await stat(fresh)).mode & 0o777).toBe(0o666 & ~umask);
  });

  test.each([
    ['a directory', async (dir: string) => dir, / is a directory$/],
    [
      'a file in a directory that does not exist',
      async (dir: string) => join(dir, 'missing', 'out.json'),
      /: the directory .*missing does not exist$/,
    ],
    [
      'a file under a regular file',
      async (dir: string) => (await writeFile(join(dir, 'plain'), ''), join(dir, 'plain', 'out.json')),
      /plain is not a directory$/,
    ],
    ['an empty name', async () => '', /^--output needs a file name$/],
  ])('%s: usage error (exit 2) naming the path, nothing created', async (_what, pathIn, message) => {
    const { dir } = await freshDir();
    const path = await pathIn(dir);
    const err = await atlErrorOf(openFileOutput(path));
    expect(err.exitCode).toBe(2);
    expect(err.message).toMatch(message);
    expect(err.message).toContain(`--output ${path}`);
    expect((await readdir(dir)).filter((name) => name.includes('.tmp-'))).toEqual([]);
  });

  test('a read-only FILE (0444, the read-only attribute on Windows): usage error, FILE untouched (a rename would have replaced it)', async () => {
    const { file } = await freshDir();
    await writeFile(file, 'keep');
    await chmod(file, 0o444);
    const err = await atlErrorOf(openFileOutput(file));
    expect(err.exitCode).toBe(2);
    expect(err.message).toBe(`--output ${file} is read-only`);
    expect(await readFile(file, 'utf8')).toBe('keep');
  });

  posixOnly('a device is refused rather than replaced', async () => {
    const err = await atlErrorOf(openFileOutput('/dev/null'));
    expect(err.exitCode).toBe(2);
    expect(err.message).toBe('--output /dev/null is not a regular file');
  });
});

describe('runWithFileOutput', () => {
  test('stdout goes to the file as to a redirect (not a terminal: no colour); nothing on stdout or stderr', async () => {
    const { file } = await freshDir();
    const f = fakeFactory();
    const realStdout = f.io.stdout;
    f.io.isStdoutTTY = () => true;
    f.io.colorEnabled = () => true;
    const result = await runWithFileOutput(f, searchSpec, file, async () => {
      expect(f.io.isStdoutTTY()).toBe(false);
      expect(f.io.colorEnabled()).toBe(false);
      expect(f.io.outputFile).toBe(file);
      f.io.stdout.write('KEY,SUMMARY\nA-1,ünïcödé\n');
      return 0;
    });
    expect(result).toBe(0);
    expect(await readFile(file, 'utf8')).toBe('KEY,SUMMARY\nA-1,ünïcödé\n');
    expect(f.out.text).toBe('');
    expect(f.err.text).toBe('');
    expect(f.io.stdout).not.toBe(realStdout);
  });

  test('a command that returns a failing exit code (auth test: 3) still gets its complete output written', async () => {
    const { file } = await freshDir();
    const f = fakeFactory();
    const code = await runWithFileOutput(f, searchSpec, file, async () => {
      f.io.stdout.write('[{"product":"jira","ok":false}]\n');
      return 3;
    });
    expect(code).toBe(3);
    expect(await readFile(file, 'utf8')).toBe('[{"product":"jira","ok":false}]\n');
  });

  test('a command that throws: the error goes on, an existing FILE is byte-identical, no temp file left', async () => {
    const { dir, file } = await freshDir();
    await writeFile(file, 'previous export\n');
    const f = fakeFactory();
    const failure = new AtlError('server', 'service unavailable (HTTP 503)');
    await expect(
      runWithFileOutput(f, searchSpec, file, async () => {
        f.io.stdout.write('[\n  {"key": "A-1"}');
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect(await readFile(file, 'utf8')).toBe('previous export\n');
    expect(await readdir(dir)).toEqual(['out.json']);
  });

  test('writing the file fails (a full disk): the run stops with that error, FILE untouched, temp removed', async () => {
    const { dir, file } = await freshDir();
    await writeFile(file, 'previous export\n');
    const f = fakeFactory();
    const err = await atlErrorOf(
      runWithFileOutput(f, searchSpec, file, async () => {
        f.io.stdout.destroy(Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' }));
        // The command itself would now wait for a 'drain' that never comes.
        return new Promise<number>(() => undefined);
      }),
    );
    expect(err.exitCode).toBe(1);
    expect(err.message).toBe(`could not write ${file}: ENOSPC: no space left on device, write`);
    expect(err.hint).toContain(`${file} is unchanged`);
    expect(await readFile(file, 'utf8')).toBe('previous export\n');
    expect(await readdir(dir)).toEqual(['out.json']);
  });

  test('a command whose stdout is not data (sandbox, auth token) refuses --output with exit 2, before running', async () => {
    const { dir, file } = await freshDir();
    let ran = false;
    const err = await atlErrorOf(
      runWithFileOutput(
        fakeFactory(),
        { path: ['auth', 'token'], refusesOutputFile: 'atl does not write tokens to files' },
        file,
        async () => {
          ran = true;
        },
      ),
    );
    expect(err.exitCode).toBe(2);
    expect(err.message).toBe('--output does not apply to `atl auth token`: atl does not write tokens to files');
    expect(ran).toBe(false);
    expect(await readdir(dir)).toEqual([]);
  });

  test('a bad path fails before the command runs', async () => {
    const { dir } = await freshDir();
    let ran = false;
    const err = await atlErrorOf(
      runWithFileOutput(fakeFactory(), searchSpec, dir, async () => {
        ran = true;
      }),
    );
    expect(err.exitCode).toBe(2);
    expect(ran).toBe(false);
  });

  test('on a terminal, stderr gets one line saying where the output went', async () => {
    const { file } = await freshDir();
    const f = fakeFactory();
    Object.assign(f.io.stderr, { isTTY: true });
    await runWithFileOutput(f, searchSpec, file, async () => {
      f.io.stdout.write('{}\n');
    });
    expect(f.err.text).toBe(`wrote ${file}\n`);
  });
});
