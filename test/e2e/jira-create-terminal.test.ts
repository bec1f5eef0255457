// The interactive `issue create` on a terminal, on Cloud and Data Center: pick-lists from the site
// and the description written in $EDITOR, then the issue as the site stored it.
import { describe, expect, test } from 'vitest';
import { ATL_BIN } from '../support/atl.js';
import { skipWithout } from '../support/prerequisite.js';
import { KEYS, onPty, whyNoPty } from '../support/pty.js';
import { jiraE2e, type Flavour } from './jira-support.js';

const skipPty = skipWithout('pseudo-terminal e2e tests', await whyNoPty());
const e2e = await jiraE2e();

/** The variables that make `flavour` the run's login (as jira-support's atl() does), and an editor that writes. */
function envFor(flavour: 'cloud' | 'dc'): NodeJS.ProcessEnv {
  const { cloud, datacenter } = e2e.sandbox.credentials;
  const login =
    flavour === 'cloud'
      ? { ATL_SITE: e2e.sandbox.url, ATL_EMAIL: cloud.email, ATL_API_TOKEN: cloud.token, ATL_DEPLOYMENT: 'cloud' }
      : { ATL_SITE: e2e.sandbox.dcUrl, ATL_API_TOKEN: datacenter.token, ATL_AUTH_TYPE: 'bearer', ATL_DEPLOYMENT: 'datacenter' };
  return {
    ...e2e.home.env,
    ATL_CONFIG_DIR: `${e2e.home.home}/env-only-config-${flavour}`,
    ...login,
    EDITOR: `"${process.execPath}" -e "require('node:fs').writeFileSync(process.argv[1], '## Steps\\n\\nWritten in **the editor**')"`,
  };
}

describe.skipIf(skipPty).each<Flavour & ('cloud' | 'dc')>(['cloud', 'dc'])('issue create on a terminal (%s)', (flavour) => {
  test.concurrent('pick-lists for project, type, priority and assignee; the description from the editor', async () => {
    const pty = onPty(ATL_BIN, ['jira', 'issue', 'create', '--json'], { env: envFor(flavour) });
    await pty.answer('Project:', KEYS.enter); // DEMO, the first project by key
    await pty.answer('Issue type:', `${KEYS.down}${KEYS.enter}`);
    await pty.answer('Summary:', `Made on a terminal${KEYS.enter}`);
    await pty.answer('Write a description in your editor?', `y${KEYS.enter}`);
    await pty.answer('Priority:', `${KEYS.down}${KEYS.enter}`); // the first priority after the project's default
    await pty.answer('Assignee:', `${KEYS.down}${KEYS.enter}`); // Me
    const { code, screen } = await pty.exit();
    expect(code, screen).toBe(0);
    const key = /"key": "(DEMO-\d+)"/.exec(screen)?.[1];
    expect(key, screen).toBeDefined();
    const viewed = await e2e.atl(flavour, ['jira', 'issue', 'view', key!]);
    expect(viewed.code, viewed.stderr).toBe(0);
    expect(viewed.stdout).toContain('Made on a terminal');
    expect(viewed.stdout).toContain('Written in **the editor**');
    expect(viewed.stdout).toMatch(/Assignee {3}Demo User/);
    expect(viewed.stdout).toMatch(/Priority {3}\S/);
  });
});
