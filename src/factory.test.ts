import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { AtlError } from './errors.js';
import { createFactory } from './create-factory.js';
import { configDirFrom, homeDirFrom, stateDirFrom } from './dirs.js';

describe("stateDirFrom: where the file store's key lives, apart from the config dir", () => {
  test('ATL_STATE_DIR, else XDG_STATE_HOME/atl, else ~/.local/state/atl', () => {
    expect(stateDirFrom({ ATL_STATE_DIR: '/s', XDG_STATE_HOME: '/x', HOME: '/h' }, 'linux')).toBe('/s');
    expect(stateDirFrom({ XDG_STATE_HOME: '/x', HOME: '/h' }, 'linux')).toBe(join('/x', 'atl'));
    expect(stateDirFrom({ HOME: '/h' }, 'linux')).toBe(join('/h', '.local', 'state', 'atl'));
  });

  test('Windows: %LOCALAPPDATA%\\atl', () => {
    expect(stateDirFrom({ LOCALAPPDATA: 'C:\\Users\\me\\AppData\\Local', HOME: '/h' }, 'win32')).toBe(
      join('C:\\Users\\me\\AppData\\Local', 'atl'),
    );
  });

  test('not the config dir by default, nor when only the config dir is moved', () => {
    for (const env of [{ HOME: '/h' }, { HOME: '/h', XDG_CONFIG_HOME: '/c' }, { HOME: '/h', ATL_CONFIG_DIR: '/c' }]) {
      expect(stateDirFrom(env, 'linux')).not.toBe(configDirFrom(env, 'linux'));
    }
  });
});

describe('an empty HOME or XDG_* variable counts as unset, never a relative dir', () => {
  const osHome = () => '/os-home';

  test("HOME='' and XDG_*='' fall back to the OS's home directory", () => {
    const env = { HOME: '', XDG_CONFIG_HOME: '', XDG_STATE_HOME: '', ATL_CONFIG_DIR: '', ATL_STATE_DIR: '' };
    expect(configDirFrom(env, 'linux', osHome)).toBe(join('/os-home', '.config', 'atl'));
    expect(stateDirFrom(env, 'linux', osHome)).toBe(join('/os-home', '.local', 'state', 'atl'));
  });

  test("Windows: APPDATA='' and LOCALAPPDATA='' fall back to the home directory too", () => {
    const env = { HOME: '', APPDATA: '', LOCALAPPDATA: '' };
    expect(configDirFrom(env, 'win32', osHome)).toBe(join('/os-home', '.config', 'atl'));
    expect(stateDirFrom(env, 'win32', osHome)).toBe(join('/os-home', '.local', 'state', 'atl'));
  });

  test('no home at all is a clear config error (exit 2), not a dir relative to the working directory', () => {
    for (const dirFrom of [configDirFrom, stateDirFrom]) {
      let thrown: unknown;
      try {
        dirFrom({ HOME: '' }, 'linux', () => '');
      } catch (err) {
        thrown = err;
      }
      expect(thrown).toBeInstanceOf(AtlError);
      expect((thrown as AtlError).exitCode).toBe(2);
      expect((thrown as AtlError).message).toMatch(/HOME is empty/);
      expect((thrown as AtlError).hint).toContain('ATL_CONFIG_DIR');
    }
  });

  test('a set variable still wins over the home directory', () => {
    expect(configDirFrom({ HOME: '', XDG_CONFIG_HOME: '/x' }, 'linux', () => '')).toBe(join('/x', 'atl'));
    expect(stateDirFrom({ HOME: '', ATL_STATE_DIR: '/s' }, 'linux', () => '')).toBe('/s');
  });
});

describe('homeDirFrom: one home for every dir and for `auth import`', () => {
  const osHome = () => '/os-home';

  test('Windows: %USERPROFILE% first (Git Bash may set HOME elsewhere), then HOME, then the OS', () => {
    expect(homeDirFrom({ USERPROFILE: 'C:\\Users\\me', HOME: '/c/Users/me' }, 'win32', osHome)).toBe('C:\\Users\\me');
    expect(homeDirFrom({ USERPROFILE: '', HOME: 'C:\\home\\me' }, 'win32', osHome)).toBe('C:\\home\\me');
    expect(homeDirFrom({}, 'win32', osHome)).toBe('/os-home');
  });

  test('elsewhere USERPROFILE means nothing: HOME, then the OS', () => {
    expect(homeDirFrom({ USERPROFILE: '/u', HOME: '/h' }, 'linux', osHome)).toBe('/h');
    expect(homeDirFrom({ USERPROFILE: '/u', HOME: '' }, 'darwin', osHome)).toBe('/os-home');
  });

  test('Windows without APPDATA: the dirs are under %USERPROFILE%', () => {
    expect(configDirFrom({ USERPROFILE: '/u', HOME: '/h' }, 'win32', osHome)).toBe(join('/u', '.config', 'atl'));
  });
});

describe('Windows (simulated): the locks go to the state dir in %LOCALAPPDATA%, never beside config.yaml in %APPDATA%', () => {
  const roots: string[] = [];
  afterAll(async () => {
    for (const root of roots) await rm(root, { recursive: true, force: true });
  });

  test('a config update holds its lock in %LOCALAPPDATA%\\atl\\locks and leaves only config.yaml in %APPDATA%\\atl', async () => {
    const root = await mkdtemp(join(tmpdir(), 'atl-factory-win-'));
    roots.push(root);
    const env = { APPDATA: join(root, 'Roaming'), LOCALAPPDATA: join(root, 'Local'), USERPROFILE: root, ATL_KEYRING: 'off' };
    const f = createFactory(env, 'win32');
    expect(f.configDir()).toBe(join(root, 'Roaming', 'atl'));
    expect(f.stateDir()).toBe(join(root, 'Local', 'atl'));
    let whileHeld: { locks: string[]; config: string[] } | undefined;
    await (await f.configStore()).update(async (config) => {
      config.defaultProfile = null;
      whileHeld = { locks: await readdir(join(root, 'Local', 'atl', 'locks')), config: await readdir(f.configDir()) };
    });
    expect(whileHeld?.locks).toEqual([expect.stringMatching(/^config\.yaml-[0-9a-f]{12}\.lock$/)]);
    expect(whileHeld?.config).toEqual([]);
    expect(await readdir(f.configDir())).toEqual(['config.yaml']);
    expect(await readdir(join(root, 'Local', 'atl', 'locks'))).toEqual([]);
  });

  test('Linux: the lock stays beside config.yaml, where every process finds it from the file alone', async () => {
    const root = await mkdtemp(join(tmpdir(), 'atl-factory-linux-'));
    roots.push(root);
    const f = createFactory({ XDG_CONFIG_HOME: join(root, 'config'), XDG_STATE_HOME: join(root, 'state'), HOME: root }, 'linux');
    let whileHeld: string[] = [];
    await (await f.configStore()).update(async () => {
      whileHeld = await readdir(f.configDir());
    });
    expect(whileHeld).toEqual(['config.yaml.lock']);
    await expect(readdir(f.stateDir())).rejects.toMatchObject({ code: 'ENOENT' });
  });
});

describe("createFactory's side effects a test replaces: the browser and the clock", () => {
  test('openBrowser follows src/browser.ts: under CI it opens nothing and says so', async () => {
    expect(
      await createFactory({ CI: '1', BROWSER: 'atl-test-no-such-browser' }).openBrowser('https://example.atlassian.net/browse/ABC-1'),
    ).toBe(false);
  });

  test('now() is the real time', () => {
    const before = Date.now();
    const now = createFactory({}).now().getTime();
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(Date.now());
  });
});
