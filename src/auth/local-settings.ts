/**
 * The rules of `.atl.yaml` (per-directory defaults; finding and reading it is ./local-config.ts).
 * Per-directory defaults: a `.atl.yaml` found by walking up from the current directory (as
 * `.editorconfig` is found) may name the profile and each product's default project, space,
 * repository and desk. A flag wins over it, and it wins over the profile. Its rules are here; the
 * YAML is parsed (with file:line:col errors, exit 2) by ./config-document.ts, as config.yaml is.
 */
import { describe, isRecord, type Fail } from './config.js';
import { profileNameProblem } from './profile-name.js';

export const LOCAL_CONFIG_NAME = '.atl.yaml';

/** What a `.atl.yaml` may set, by dotted name (`atl config get jira.project --local`), with what a value must be. */
export const LOCAL_SETTINGS = {
  profile: 'a profile name',
  'jira.project': 'a Jira project key',
  'confluence.space': 'a Confluence space key',
  'bitbucket.repo': 'WORKSPACE/REPO (Cloud) or PROJECT/REPO (Data Center)',
  'jsm.desk': 'a service desk (project key or id)',
} as const;
export type LocalSettingName = keyof typeof LOCAL_SETTINGS;

export interface LocalSettings {
  profile?: string;
  jira?: { project?: string };
  confluence?: { space?: string };
  bitbucket?: { repo?: string };
  jsm?: { desk?: string };
}

/** A `.atl.yaml` that was found: where, and what it sets. */
export interface LocalConfig {
  path: string;
  settings: LocalSettings;
}

const SECTIONS = { jira: 'project', confluence: 'space', bitbucket: 'repo', jsm: 'desk' } as const;
type Section = keyof typeof SECTIONS;
const TOP = ['profile', ...Object.keys(SECTIONS)];

/** Checks a parsed `.atl.yaml` (`fail` reports the first problem with its place) and returns its settings. */
export function validateLocalConfig(raw: unknown, fail: Fail): LocalSettings {
  if (!isRecord(raw)) fail([], `the file must be a mapping with some of ${TOP.join(', ')}, not ${describe(raw)}`, 'value');
  const settings: LocalSettings = {};
  for (const [key, value] of Object.entries(raw)) {
    if (key === 'profile') {
      if (value === null) continue;
      if (typeof value !== 'string') fail([key], `profile must be a profile name, not ${describe(value)}`, 'value');
      const problem = profileNameProblem(value);
      if (problem) fail([key], `profile name ${JSON.stringify(value)} ${problem}`, 'value');
      settings.profile = value;
      continue;
    }
    if (!Object.hasOwn(SECTIONS, key)) fail([key], `unknown key ${key} (expected one of ${TOP.join(', ')})`, 'key');
    const section = key as Section;
    const inner = SECTIONS[section];
    if (value === null) continue;
    if (!isRecord(value)) fail([key], `${key} must be a mapping such as { ${inner}: ... }, not ${describe(value)}`, 'value');
    for (const [innerKey, innerValue] of Object.entries(value)) {
      const dotted = `${key}.${innerKey}`;
      if (innerKey !== inner) fail([key, innerKey], `unknown key ${dotted} (expected ${key}.${inner})`, 'key');
      if (innerValue === null) continue;
      const text = settingText(dotted as LocalSettingName, innerValue);
      if (typeof text !== 'string') fail([key, innerKey], text.problem, 'value');
      (settings as Record<string, Record<string, string>>)[section] = { [inner]: text };
    }
  }
  return settings;
}

/** A setting's value as text, or what is wrong with it (shared by the file's rules and `atl config set --local`). */
export function settingText(name: LocalSettingName, value: unknown): string | { problem: string } {
  // A numeric desk id is a number to YAML; it is still a desk.
  const text = name === 'jsm.desk' && typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : value;
  if (typeof text !== 'string' || text.trim() === '') return { problem: `${name} must be ${LOCAL_SETTINGS[name]}, not ${describe(value)}` };
  if (name === 'bitbucket.repo' && !/^[^/\s]+\/[^/\s]+$/.test(text)) {
    return { problem: `${name} must be ${LOCAL_SETTINGS[name]}, not ${describe(value)}` };
  }
  if (name === 'profile') {
    const problem = profileNameProblem(text);
    if (problem) return { problem: `profile name ${JSON.stringify(text)} ${problem}` };
  }
  return text;
}

/** One setting's value, or undefined when the file does not set it. */
export function localSetting(settings: LocalSettings, name: LocalSettingName): string | undefined {
  if (name === 'profile') return settings.profile;
  const [section, key] = name.split('.') as [Section, string];
  return (settings[section] as Record<string, string> | undefined)?.[key];
}

/** `settings` with one setting changed (undefined removes it), as plain data in the file's shape. */
export function withLocalSetting(settings: LocalSettings, name: LocalSettingName, value: string | undefined): LocalSettings {
  const next: LocalSettings = structuredClone(settings);
  if (name === 'profile') {
    if (value === undefined) delete next.profile;
    else next.profile = value;
    return next;
  }
  const [section, key] = name.split('.') as [Section, string];
  if (value === undefined) delete next[section];
  else (next as Record<string, Record<string, string>>)[section] = { [key]: value };
  return next;
}
