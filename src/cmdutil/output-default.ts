/**
 * `defaults.output: json` in config.yaml (`atl config set output json`): every command that prints
 * data prints JSON as if `--json` were given. Not when the run asked for another form (`--csv`,
 * `--format`, `--web`), which a flag says and a stored default must not overrule.
 */
import type { Factory } from '../factory.js';

/** Flags that choose another output than the default text, so the stored default does not apply. */
const OTHER_FORMS = ['csv', 'format', 'web'] as const;

/** `given(flag)`: whether the user gave that flag on this run (not a declared default such as `--format md`). */
export async function jsonByDefault(f: Factory, given: (flag: string) => boolean): Promise<boolean> {
  if (OTHER_FORMS.some(given)) return false;
  try {
    return (await (await f.configStore()).read()).defaults?.output === 'json';
  } catch {
    // A config that cannot be read is reported by whatever reads it for the command itself.
    return false;
  }
}
