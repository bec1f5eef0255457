/** Where atl keeps its files: the home, config and state dirs, from the environment and the platform. */
import { homedir } from 'node:os';
import { join } from 'node:path';
import { AtlError } from './errors.js';

/** A variable set to '' (as `HOME= atl …` does) counts as unset: joined, it would give a relative dir. */
function envDir(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value === '' ? undefined : value;
}

/**
 * The home directory: $HOME, else the OS's idea of it; on Windows %USERPROFILE% first, the home
 * Windows programs (and the tools `auth import` reads from) use, since Git Bash or MSYS2 may set
 * HOME elsewhere. Never '' (that would make every dir under it relative).
 */
export function homeDirFrom(env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform, osHome: () => string = homedir): string {
  const home = (platform === 'win32' ? envDir(env, 'USERPROFILE') : undefined) ?? envDir(env, 'HOME') ?? osHome();
  if (home !== '') return home;
  throw new AtlError('config', 'cannot tell where your home directory is: HOME is empty and the system reports none', {
    hint: 'set HOME to your home directory, or set ATL_CONFIG_DIR and ATL_STATE_DIR',
  });
}

/** Config dir: $ATL_CONFIG_DIR, else $XDG_CONFIG_HOME/atl, else ~/.config/atl (%APPDATA%\atl on Windows). */
export function configDirFrom(
  env: NodeJS.ProcessEnv,
  platform: NodeJS.Platform = process.platform,
  osHome: () => string = homedir,
): string {
  return atlDir(env, platform, osHome, { own: 'ATL_CONFIG_DIR', xdg: 'XDG_CONFIG_HOME', windows: 'APPDATA', underHome: ['.config'] });
}

/**
 * State dir, where the file store's key and state.json live, apart from the config dir so that a
 * copy of the config dir alone (a backup, a dotfiles repo) cannot decrypt credentials.enc:
 * $ATL_STATE_DIR, else $XDG_STATE_HOME/atl, else ~/.local/state/atl (%LOCALAPPDATA%\atl on
 * Windows, which never roams to other machines as %APPDATA% may; the locks live there too).
 */
export function stateDirFrom(env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform, osHome: () => string = homedir): string {
  return atlDir(env, platform, osHome, {
    own: 'ATL_STATE_DIR',
    xdg: 'XDG_STATE_HOME',
    windows: 'LOCALAPPDATA',
    underHome: ['.local', 'state'],
  });
}

/** The variables naming one of atl's dirs, most specific first, and its place under the home dir. */
interface DirSources {
  own: string;
  xdg: string;
  windows: string;
  underHome: readonly string[];
}

function atlDir(env: NodeJS.ProcessEnv, platform: NodeJS.Platform, osHome: () => string, sources: DirSources): string {
  const own = envDir(env, sources.own);
  if (own) return own;
  const xdg = envDir(env, sources.xdg);
  if (xdg) return join(xdg, 'atl');
  const windows = envDir(env, sources.windows);
  if (platform === 'win32' && windows) return join(windows, 'atl');
  return join(homeDirFrom(env, platform, osHome), ...sources.underHome, 'atl');
}
