// `--web` on the show-one commands added or moved onto the shared helper (src/cmdutil/web.ts), one
// per product, on Cloud and Data Center where the URL differs: the URL printed (no browser is opened
// here: stdout is a pipe) is the object's page. Jira's issue and board views are in jira-commands and
// jira-agile. Spawns: 2 + 3 + 4 = 9.
import { expect, test } from 'vitest';
import { type Flavour, jiraE2e } from './jira-support.js';

const e2e = await jiraE2e();
const { sandbox } = e2e;
const siteOf = (flavour: Flavour) => (flavour === 'dc' ? sandbox.dcUrl : sandbox.url);

async function webUrl(flavour: Flavour, args: readonly string[], env?: Record<string, string>): Promise<string> {
  const result = await e2e.atl(flavour, [...args, '--web'], undefined, env);
  expect(result.code, result.stderr).toBe(0);
  return result.stdout;
}

test.each(['cloud', 'dc'] as const)('confluence space view --web prints the space page (%s)', async (flavour) => {
  expect(await webUrl(flavour, ['confluence', 'space', 'view', 'DOCS'])).toBe(
    `${flavour === 'dc' ? sandbox.dcUrl : `${sandbox.url}/wiki`}/spaces/DOCS\n`,
  );
});

test.each(['cloud', 'dc'] as const)('jsm desk view --web prints the help center portal (%s)', async (flavour) => {
  expect(await webUrl(flavour, ['jsm', 'desk', 'view', 'HELP'])).toBe(`${siteOf(flavour)}/servicedesk/customer/portal/1\n`);
});

test('jsm request-type view --web prints the request form on the portal (cloud)', async () => {
  expect(await webUrl('cloud', ['jsm', 'request-type', 'view', '--desk', 'HELP', 'Get IT help'])).toBe(
    `${sandbox.url}/servicedesk/customer/portal/1/create/3\n`,
  );
});

test('bitbucket repo view and pipeline view --web print their pages (Cloud, Data Center)', async () => {
  const cloud = { ATL_BITBUCKET_TOKEN: sandbox.credentials.bitbucketAccessToken.token };
  const app = `${sandbox.credentials.bitbucketAccessToken.workspace}/demo-app`;
  expect(await webUrl('cloud', ['bb', 'repo', 'view', app], cloud)).toBe(`${sandbox.url}/bitbucket/${app}\n`);
  expect(await webUrl('cloud', ['bb', 'pipeline', 'view', '2', '--repo', app], cloud)).toBe(
    `${sandbox.url}/bitbucket/${app}/pipelines/results/2\n`,
  );
  const login = await e2e.home.run(
    ['auth', 'login', '--profile', 'bbdc', '--bitbucket', '--site', sandbox.bitbucketDcUrl, '--bearer', '--token-stdin'],
    {
      input: `${sandbox.credentials.bitbucketDatacenter.token}\n`,
    },
  );
  expect(login.code, login.stderr).toBe(0);
  const dc = await e2e.home.run(['--profile', 'bbdc', 'bb', 'repo', 'view', 'DEMO/demo-web', '--web']);
  expect(dc.code, dc.stderr).toBe(0);
  expect(dc.stdout).toBe(`${sandbox.bitbucketDcUrl}/projects/DEMO/repos/demo-web/browse\n`);
});
