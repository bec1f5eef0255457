import { usageError } from '../../errors.js';
import { normalizeSite } from '../../auth/site.js';
import { noPromptHint } from '../../msys.js';
import { defineCommand } from '../spec.js';
import { performLogin, validateProfileName, type LoginInput } from './_shared/login-flow.js';

type Kind = 'cloud' | 'scoped' | 'datacenter' | 'bitbucket' | 'bitbucket-access';

export default defineCommand({
  path: ['auth', 'init'],
  summary: 'Set up a profile step by step (interactive)',
  description:
    'A guided setup: asks for the kind of account, the site, email, token (hidden) and where to ' +
    'keep it, verifies the credentials and saves the same profile `atl auth login` would. ' +
    'Needs a terminal; exits 2 when not interactive (use `atl auth login` with flags there).',
  examples: ['atl auth init', 'atl --profile work auth init'],
  async run(f) {
    if (!f.io.canPrompt()) {
      throw usageError('`atl auth init` is interactive and needs a terminal', noPromptHint(f, 'use `atl auth login --site ... --email ... --token-stdin` in scripts'));
    }
    const prompter = await f.prompter();
    const required = (v: string) => (v.trim() === '' ? 'required' : true);
    const profileName = validateProfileName(f.globals.profile ?? (await prompter.input('Profile name:', { default: 'default', validate: required })).trim());
    const kind = await prompter.select<Kind>('What do you log in to?', [
      { value: 'cloud', name: 'Atlassian Cloud (Jira/Confluence) with an API token' },
      { value: 'scoped', name: 'Atlassian Cloud with a scoped service-account token' },
      { value: 'datacenter', name: 'Jira/Confluence Data Center with a personal access token' },
      { value: 'bitbucket', name: 'Bitbucket Cloud with an API token' },
      { value: 'bitbucket-access', name: 'Bitbucket Cloud with a repository/workspace access token' },
    ]);
    const input: LoginInput = { profileName, verify: true };
    if (kind === 'bitbucket' || kind === 'bitbucket-access') {
      input.bitbucket = true;
      input.bearer = kind === 'bitbucket-access';
      if (kind === 'bitbucket') input.email = await prompter.input('Atlassian account email:', { validate: required });
      const workspace = (await prompter.input('Default workspace (optional):')).trim();
      if (workspace !== '') input.workspace = workspace;
    } else {
      input.deployment = kind === 'datacenter' ? 'datacenter' : 'cloud';
      input.scoped = kind === 'scoped';
      input.bearer = kind === 'datacenter';
      input.site = await prompter.input(kind === 'datacenter' ? 'Base URL (e.g. https://jira.example.com):' : 'Site (e.g. example.atlassian.net):', {
        validate: (v) => {
          try {
            normalizeSite(v);
            return true;
          } catch {
            return 'not a site URL';
          }
        },
      });
      if (kind !== 'datacenter') input.email = await prompter.input(kind === 'scoped' ? 'Service account email:' : 'Email:', { validate: required });
    }
    input.token = (await prompter.password(kind === 'datacenter' ? 'Personal access token:' : kind === 'bitbucket-access' ? 'Access token:' : 'API token:')).trim();
    if (input.token === '') throw usageError('the token is required');
    input.storage = await prompter.select('Where should the token be kept?', [
      { value: 'keyring', name: 'the OS keyring (recommended)' },
      { value: 'file', name: 'an encrypted file in the config dir (headless machines)' },
    ]);
    const expires = (await prompter.input('Token expiry date YYYY-MM-DD (optional):')).trim();
    if (expires !== '') input.expires = expires;
    return performLogin(f, input);
  },
});
