import { DEFAULT_KEYS, type DefaultKey } from '../../auth/config.js';
import { LOCAL_SETTINGS, type LocalSettingName } from '../../auth/local-settings.js';
import { usageError } from '../../errors.js';

/** A setting named on the command line: a global default (config.yaml) or a per-directory one (.atl.yaml). */
export type SettingKey = { scope: 'global'; key: DefaultKey } | { scope: 'local'; key: LocalSettingName };

export const GLOBAL_KEYS = Object.keys(DEFAULT_KEYS) as DefaultKey[];
export const LOCAL_KEYS = Object.keys(LOCAL_SETTINGS) as LocalSettingName[];

/** Which setting KEY is; an unknown one is exit 2 listing both kinds. */
export function settingKey(name: string): SettingKey {
  if ((GLOBAL_KEYS as string[]).includes(name)) return { scope: 'global', key: name as DefaultKey };
  if ((LOCAL_KEYS as string[]).includes(name)) return { scope: 'local', key: name as LocalSettingName };
  throw usageError(
    `unknown setting ${JSON.stringify(name)}`,
    `global settings (config.yaml): ${GLOBAL_KEYS.join(', ')}; per-directory (.atl.yaml, with --local): ${LOCAL_KEYS.join(', ')}`,
  );
}

/** --local goes with the per-directory settings only. */
export function checkScope(key: SettingKey, local: boolean | undefined, name: string): void {
  if (key.scope === 'global' && local) throw usageError(`${name} is a global setting, kept in config.yaml`, 'leave out --local');
  if (key.scope === 'local' && !local) {
    throw usageError(`${name} is a per-directory setting, kept in .atl.yaml`, `add --local: atl config set ${name} VALUE --local`);
  }
}
