import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
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
