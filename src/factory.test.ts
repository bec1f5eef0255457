import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { AtlError } from './errors.js';
import { configDirFrom, stateDirFrom } from './factory.js';

describe('stateDirFrom: where the file store\'s key lives, apart from the config dir', () => {
  test('ATL_STATE_DIR, else XDG_STATE_HOME/atl, else ~/.local/state/atl', () => {
    expect(stateDirFrom({ ATL_STATE_DIR: '/s', XDG_STATE_HOME: '/x', HOME: '/h' }, 'linux')).toBe('/s');
    expect(stateDirFrom({ XDG_STATE_HOME: '/x', HOME: '/h' }, 'linux')).toBe(join('/x', 'atl'));
    expect(stateDirFrom({ HOME: '/h' }, 'linux')).toBe(join('/h', '.local', 'state', 'atl'));
  });

  test('Windows: %LOCALAPPDATA%\\atl', () => {
    expect(stateDirFrom({ LOCALAPPDATA: 'C:\\Users\\me\\AppData\\Local', HOME: '/h' }, 'win32')).toBe(join('C:\\Users\\me\\AppData\\Local', 'atl'));
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
