import { spawn } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { bundleChild } from './child-bundle.testutil.js';
import { fileConfigStore } from './config-store.js';
import type { Profile } from './types.js';
import { atlErrorOf } from '../testkit/fakes.testutil.js';
import { expectMode } from '../../test/support/modes.js';
import { skipFileModeTest } from '../../test/support/prerequisite.js';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'atl-config-test-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

let counter = 0;
async function freshPath(): Promise<string> {
  const dir = join(root, `case-${++counter}`, 'atl');
  return join(dir, 'config.yaml');
}

const work: Profile = {
  site: 'https://work.atlassian.net',
  email: 'me@work.com',
  authType: 'basic',
  deployment: 'cloud',
  storage: 'keyring',
  scoped: false,
  cloudId: null,
  tokenExpiresAt: null,
};

describe('fileConfigStore', () => {
  test('a missing file reads as an empty config', async () => {
    const store = fileConfigStore(await freshPath());
    expect(await store.read()).toEqual({ defaultProfile: null, profiles: {} });
  });

  test('round trip: what update writes, read returns; file 0600 in a 0700 dir', async () => {
    const path = await freshPath();
    const store = fileConfigStore(path);
    const dc: Profile = {
      ...work,
      site: 'https://jira.corp.example.com/jira',
      email: null,
      authType: 'bearer',
      deployment: 'datacenter',
      storage: 'file',
      scoped: true,
      cloudId: 'abc-123',
      tokenExpiresAt: '2030-01-31',
      insecure: true,
      bitbucket: { email: 'me@work.com', authType: 'basic', workspace: 'acme', storage: 'keyring' },
    };
    const written = await store.update((config) => {
      config.profiles.work = work;
      config.profiles.dc = dc;
      config.defaultProfile = 'dc';
    });
    expect(written).toEqual({ defaultProfile: 'dc', profiles: { work, dc } });
    expect(await fileConfigStore(path).read()).toEqual(written);
    await expectMode(path, 0o600);
    await expectMode(join(path, '..'), 0o700);
    const text = await readFile(path, 'utf8');
    expect(text).toContain('defaultProfile: dc');
    expect(text).toMatch(/tokenExpiresAt: "?2030-01-31"?/);
  });

  test('round trip of the product logins: a Confluence login of its own and a Bitbucket Data Center login', async () => {
    const path = await freshPath();
    const corp: Profile = {
      ...work,
      confluence: {
        site: 'https://wiki.corp.example.com',
        email: null,
        authType: 'bearer',
        deployment: 'datacenter',
        storage: 'file',
        tokenExpiresAt: '2030-02-01',
      },
      bitbucket: {
        email: null,
        authType: 'bearer',
        workspace: 'PROJ',
        storage: 'keyring',
        site: 'https://git.corp.example.com',
        deployment: 'datacenter',
      },
    };
    const written = await fileConfigStore(path).update((config) => {
      config.profiles.corp = corp;
    });
    expect(await fileConfigStore(path).read()).toEqual(written);
    expect(written.profiles.corp).toEqual(corp);
    const text = await readFile(path, 'utf8');
    expect(text).toContain('    confluence:\n      site: https://wiki.corp.example.com\n');
    expect(text).toContain('      site: https://git.corp.example.com\n      deployment: datacenter\n');
  });

  test('updates keep the comments and the order the user wrote', async () => {
    const path = await freshPath();
    await mkdir(join(path, '..'), { recursive: true });
    await writeFile(
      path,
      [
        '# my atl setup',
        'profiles:',
        '  work:',
        '    email: me@work.com   # the work address',
        '    site: https://work.atlassian.net',
        'defaultProfile: work',
        '',
      ].join('\n'),
    );
    const store = fileConfigStore(path);
    await store.update((config) => {
      config.profiles.work!.email = 'new@work.com';
      config.profiles.home = { ...work, site: 'https://home.atlassian.net' };
    });
    const text = await readFile(path, 'utf8');
    expect(
      text.startsWith(
        '# my atl setup\nprofiles:\n  work:\n    email: new@work.com # the work address\n    site: https://work.atlassian.net\n',
      ),
    ).toBe(true);
    expect(text.indexOf('home:')).toBeGreaterThan(text.indexOf('work:'));
    expect(text.trimEnd().endsWith('defaultProfile: work')).toBe(true);
    expect((await store.read()).profiles.home?.site).toBe('https://home.atlassian.net');
  });

  test('missing optional keys get defaults (deployment from the host)', async () => {
    const path = await freshPath();
    await mkdir(join(path, '..'), { recursive: true });
    await writeFile(path, 'profiles:\n  a:\n    site: https://a.atlassian.net\n  b:\n    site: https://jira.corp.example.com\n');
    const config = await fileConfigStore(path).read();
    expect(config.profiles.a).toEqual({ ...work, site: 'https://a.atlassian.net', email: null });
    expect(config.profiles.b?.deployment).toBe('datacenter');
    expect(config.defaultProfile).toBeNull();
  });

  /** Nine levels of nine aliases each: 9^9 strings once expanded. */
  const BILLION_LAUGHS = [
    'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]',
    ...'bcdefghi'.split('').map((name, i) => `${name}: &${name} [${Array(9).fill(`*${'abcdefghi'[i]}`).join(', ')}]`),
    '',
  ].join('\n');

  const invalid: Array<{ name: string; text: string; at: string; message: RegExp }> = [
    {
      name: 'bad YAML',
      text: 'profiles:\n  work:\n    site: https://w.atlassian.net\n  oops: [1, 2\n',
      at: '5:1',
      message: /invalid YAML/,
    },
    {
      name: 'duplicate key',
      text: 'profiles:\n  work:\n    site: https://w.atlassian.net\n    site: https://x.atlassian.net\n',
      at: '4:5',
      message: /invalid YAML.*unique/i,
    },
    { name: 'unknown top-level key', text: 'defaultProfile: null\nprofile:\n  work: {}\n', at: '2:1', message: /unknown key profile\b/ },
    {
      name: 'unknown profile key',
      text: 'profiles:\n  work:\n    site: https://w.atlassian.net\n    colour: blue\n',
      at: '4:5',
      message: /unknown key profiles\.work\.colour/,
    },
    {
      name: 'bad enum',
      text: 'profiles:\n  work:\n    site: https://w.atlassian.net\n\n    authType: basci\n',
      at: '5:15',
      message: /profiles\.work\.authType must be basic or bearer, not "basci"/,
    },
    {
      name: 'bad date',
      text: 'profiles:\n  work:\n    site: https://w.atlassian.net\n    tokenExpiresAt: 2025-02-30\n',
      at: '4:21',
      message: /profiles\.work\.tokenExpiresAt must be a date as YYYY-MM-DD/,
    },
    {
      name: 'date with time',
      text: 'profiles:\n  work:\n    site: https://w.atlassian.net\n    tokenExpiresAt: "2025-02-03T10:00"\n',
      at: '4:21',
      message: /tokenExpiresAt/,
    },
    {
      name: 'not a URL',
      text: 'profiles:\n  work:\n    site: work\n',
      at: '3:11',
      message: /profiles\.work\.site must be an http\(s\) URL, not "work"/,
    },
    { name: 'missing site', text: 'profiles:\n  work:\n    email: a@b.c\n', at: '2:3', message: /profiles\.work\.site is missing/ },
    {
      name: 'bad bitbucket storage',
      text: 'profiles:\n  work:\n    site: https://w.atlassian.net\n    bitbucket:\n      storage: vault\n',
      at: '5:16',
      message: /profiles\.work\.bitbucket\.storage must be keyring or file, not "vault"/,
    },
    {
      name: 'confluence without a site',
      text: 'profiles:\n  work:\n    site: https://w.atlassian.net\n    confluence:\n      authType: bearer\n',
      at: '4:5',
      message: /profiles\.work\.confluence\.site is missing/,
    },
    {
      name: 'unknown confluence key',
      text: 'profiles:\n  work:\n    site: https://w.atlassian.net\n    confluence:\n      site: https://wiki.example.com\n      workspace: x\n',
      at: '6:7',
      message: /unknown key profiles\.work\.confluence\.workspace/,
    },
    {
      name: 'bitbucket site on Cloud',
      text: 'profiles:\n  work:\n    site: https://w.atlassian.net\n    bitbucket:\n      site: https://git.example.com\n      deployment: cloud\n',
      at: '5:7',
      message: /profiles\.work\.bitbucket\.site is for Bitbucket Data Center/,
    },
    {
      name: 'bitbucket Data Center without a site',
      text: 'profiles:\n  work:\n    site: https://w.atlassian.net\n    bitbucket:\n      deployment: datacenter\n',
      at: '4:5',
      message: /profiles\.work\.bitbucket\.site is missing/,
    },
    {
      name: 'scoped not a boolean',
      text: 'profiles:\n  work:\n    site: https://w.atlassian.net\n    scoped: "yes"\n',
      at: '4:13',
      message: /profiles\.work\.scoped must be true or false/,
    },
    {
      name: 'dangling default',
      text: 'defaultProfile: home\nprofiles:\n  work:\n    site: https://w.atlassian.net\n',
      at: '1:17',
      message: /defaultProfile "home" is not a profile in this file \(known: work\)/,
    },
    { name: 'top level is a list', text: '- a\n- b\n', at: '1:1', message: /must be a mapping/ },
    { name: 'alias bomb (billion laughs)', text: BILLION_LAUGHS, at: '2:8', message: /too many YAML aliases/ },
  ];
  test.each(invalid)('$name: exit 2, the message names file, line and column', async ({ text, at, message }) => {
    const path = await freshPath();
    await mkdir(join(path, '..'), { recursive: true });
    await writeFile(path, text);
    const err = await atlErrorOf(fileConfigStore(path).read());
    expect(err.code).toBe('config');
    expect(err.exitCode).toBe(2);
    expect(err.message.startsWith(`${path}:${at}: `)).toBe(true);
    expect(err.message).toMatch(message);
    expect(err.hint).toContain(path);
  });

  test.each([
    ['token', 'profiles:\n  work:\n    site: https://w.atlassian.net\n    token: hunter2\n', '4:5', 'profiles.work.token'],
    [
      'apiToken',
      'profiles:\n  work:\n    site: https://w.atlassian.net\n    bitbucket:\n      apiToken: x\n',
      '5:7',
      'profiles.work.bitbucket.apiToken',
    ],
    ['password', 'password: x\n', '1:1', 'password'],
    [
      'a token-shaped value',
      'profiles:\n  work:\n    site: https://w.atlassian.net\n    email: ATATT3xFfGF0abcdefghijklmnopqrstuvwxyz\n',
      '4:12',
      'profiles.work.email',
    ],
  ])('refuses a file holding a secret (%s) and never rewrites it', async (_name, text, at, where) => {
    const path = await freshPath();
    await mkdir(join(path, '..'), { recursive: true });
    await writeFile(path, text);
    const err = await atlErrorOf(fileConfigStore(path).read());
    expect(err.message.startsWith(`${path}:${at}: ${where} looks like a secret`)).toBe(true);
    expect(err.message).not.toContain('hunter2');
    expect(err.hint).toMatch(/remove that line/);
    await atlErrorOf(fileConfigStore(path).update(() => undefined));
    expect(await readFile(path, 'utf8')).toBe(text);
  });

  test('a corrupt file stays byte-identical after a failed update, and mutate is never called', async () => {
    const path = await freshPath();
    await mkdir(join(path, '..'), { recursive: true });
    const corrupt = Buffer.from(
      '# hand edited\nprofiles:\n  work:\n    site: https://w.atlassian.net\n    authType: basci\n\u00ff\n',
      'latin1',
    );
    await writeFile(path, corrupt);
    let called = false;
    const err = await atlErrorOf(fileConfigStore(path).update(() => void (called = true)));
    expect(err.exitCode).toBe(2);
    expect(called).toBe(false);
    expect((await readFile(path)).equals(corrupt)).toBe(true);
    // No temp file or lock is left behind.
    expect((await readdir(join(path, '..'))).sort()).toEqual(['config.yaml']);
  });

  const UTF16_TEXT = 'defaultProfile: work\nprofiles:\n  work:\n    site: https://w.atlassian.net\n';
  test.each([
    ['UTF-16LE (PowerShell 5.1 `>`)', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(UTF16_TEXT, 'utf16le')])],
    ['UTF-16BE', Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(UTF16_TEXT, 'utf16le').swap16()])],
  ])('a config.yaml saved as %s is exit 2 naming the file and UTF-8, for read and update, and stays untouched', async (_what, bytes) => {
    const path = await freshPath();
    await mkdir(join(path, '..'), { recursive: true });
    await writeFile(path, bytes, { mode: 0o600 });
    for (const attempt of [fileConfigStore(path).read(), fileConfigStore(path).update((c) => void (c.defaultProfile = null))]) {
      const err = await atlErrorOf(attempt);
      expect(err.exitCode).toBe(2);
      expect(err.message).toBe(`${path} is saved as UTF-16; save it as UTF-8`);
      expect(err.hint).toContain('Set-Content -Encoding utf8');
    }
    expect((await readFile(path)).equals(bytes)).toBe(true);
    expect((await readdir(join(path, '..'))).sort()).toEqual(['config.yaml']);
  });

  test('a UTF-8 byte-order mark (Notepad) is simply accepted', async () => {
    const path = await freshPath();
    await mkdir(join(path, '..'), { recursive: true });
    await writeFile(path, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(UTF16_TEXT)]), { mode: 0o600 });
    const store = fileConfigStore(path);
    expect((await store.read()).defaultProfile).toBe('work');
    expect(Object.keys((await store.update((c) => void (c.profiles.home = work))).profiles)).toEqual(['work', 'home']);
  });

  test('deleting the default profile leaves no default rather than a dangling name', async () => {
    const store = fileConfigStore(await freshPath());
    await store.update((c) => {
      c.profiles.work = work;
      c.defaultProfile = 'work';
    });
    const after = await store.update((c) => {
      delete c.profiles.work;
    });
    expect(after).toEqual({ defaultProfile: null, profiles: {} });
    expect(await store.read()).toEqual(after);
  });

  test('a mutate that produces an invalid profile writes nothing', async () => {
    const path = await freshPath();
    const store = fileConfigStore(path);
    await store.update((c) => void (c.profiles.work = work));
    const before = await readFile(path, 'utf8');
    await expect(store.update((c) => void (c.profiles.work!.authType = 'oauth' as never))).rejects.toThrow(/refusing to write/);
    expect(await readFile(path, 'utf8')).toBe(before);
  });

  test.skipIf(skipFileModeTest('the config dir tightening test'))('a config dir readable by others is tightened to 0700', async () => {
    const path = await freshPath();
    await mkdir(join(path, '..'), { recursive: true, mode: 0o755 });
    await chmod(join(path, '..'), 0o755);
    await fileConfigStore(path).update((c) => void (c.profiles.work = work));
    expect((await stat(join(path, '..'))).mode & 0o777).toBe(0o700);
  });
});

describe('fileConfigStore across processes', () => {
  let child: string;
  beforeAll(async () => {
    child = await bundleChild(
      `
      import { fileConfigStore } from './config-store.js';
      const [path, prefix, count] = process.argv.slice(2);
      const store = fileConfigStore(path);
      const total = Number(count);
      for (let i = 0; total === 0 || i < total; i++) {
        await store.update((c) => {
          c.profiles[prefix + i] = {
            site: 'https://s' + i + '.atlassian.net', email: 'user' + i + '@example.com', authType: 'basic',
            deployment: 'cloud', storage: 'file', scoped: false, cloudId: 'x'.repeat(200), tokenExpiresAt: null,
          };
          if (c.defaultProfile === null) c.defaultProfile = prefix + i;
        });
        if (i === 0) process.stdout.write('ready\\n');
      }
      `,
      import.meta.dirname,
    );
  });

  const runChild = (args: string[]) => spawn(process.execPath, [child, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });

  test('two processes each adding 20 profiles at once keep all 40', async () => {
    const path = await freshPath();
    const exits = ['a', 'b'].map(
      (prefix) =>
        new Promise<{ code: number | null; stderr: string }>((resolve) => {
          const proc = runChild([path, prefix, '20']);
          let stderr = '';
          proc.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
          proc.on('close', (code) => resolve({ code, stderr }));
        }),
    );
    for (const result of await Promise.all(exits)) expect(result).toEqual({ code: 0, stderr: '' });
    const config = await fileConfigStore(path).read();
    const names = Object.keys(config.profiles).sort();
    const expected = ['a', 'b'].flatMap((p) => Array.from({ length: 20 }, (_, i) => `${p}${i}`)).sort();
    expect(names).toEqual(expected);
    expect((await readdir(join(path, '..'))).sort()).toEqual(['config.yaml']);
  });

  test('kill -9 of a writer at random moments always leaves a valid file, and the next writer proceeds', async () => {
    const path = await freshPath();
    let lastCount = 0;
    for (let round = 0; round < 6; round++) {
      const proc = runChild([path, `r${round}x`, '0']);
      await new Promise<void>((resolve, reject) => {
        proc.stdout.on('data', (d: Buffer) => d.toString().includes('ready') && resolve());
        proc.on('close', (code) => reject(new Error(`writer exited early (${code})`)));
      });
      // Let it run a little: a random number of writes, then kill it wherever it is.
      await new Promise((resolve) => setTimeout(resolve, 5 + Math.floor(Math.random() * 60)));
      const closed = new Promise((resolve) => proc.on('close', resolve));
      proc.kill('SIGKILL');
      await closed;
      const config = await fileConfigStore(path).read(); // Throws if the file were torn.
      const count = Object.keys(config.profiles).length;
      expect(count).toBeGreaterThan(lastCount);
      lastCount = count;
    }
    // The killed writer's lock (if any) is stale: a new update must not wait for it.
    const after = await fileConfigStore(path).update((c) => void (c.profiles.final = work));
    expect(after.profiles.final).toEqual(work);
    const leftovers = (await readdir(join(path, '..'))).filter((f) => f.endsWith('.lock'));
    expect(leftovers).toEqual([]);
  });
});
