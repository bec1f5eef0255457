// End-to-end: scoped tokens against the sandbox, whose scope checks come from Atlassian's specs
// (src/sandbox/scopes.generated.json): what a service account with too few scopes sees, and that
// the scopes real accounts need are enough for atl's calls.
import { describe, expect, test } from 'vitest';
import { sandboxHomes } from '../support/homes.js';

const { sandbox, newHome } = await sandboxHomes();
const creds = () => sandbox.credentials;
const gateway = () => `/ex/jira/${sandbox.cloudId}/`;

describe('scoped service accounts', () => {
  test.concurrent('a Confluence-only service account logs in with --scoped (through Confluence) and `auth status` works', async () => {
    const h = await newHome();
    const svc = creds().serviceAccountConfluence;
    const login = await h.run(['auth', 'login', '--site', sandbox.url, '--email', svc.email, '--scoped', '--token-stdin'], {
      input: svc.token,
    });
    expect(login.code, login.stderr).toBe(0);
    expect(login.stdout).toContain(`Logged in to ${sandbox.url} as ${svc.displayName}`);
    const status = await h.run(['auth', 'status', '--json']);
    expect(status.code, status.stderr).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({ authenticated: true, scoped: true, cloudId: sandbox.cloudId });
    await h.assertNoSecretsLeaked();
  });

  test.concurrent('an account without read:jira-user is refused at login, and the hint names read:jira-user', async () => {
    const h = await newHome();
    const svc = creds().serviceAccountNoUser;
    const login = await h.run(['auth', 'login', '--site', sandbox.url, '--email', svc.email, '--scoped', '--token-stdin'], {
      input: svc.token,
    });
    expect(login.code).toBe(3);
    expect(login.stderr).toMatch(/^error: the credentials were refused by the gateway for .* \(HTTP 401\)$/m);
    expect(login.stderr).toMatch(/^hint: the token lacks read:jira-user .*\/rest\/api\/3\/myself/m);
    await h.assertNoSecretsLeaked();
  });

  test.concurrent('svc-demo lists boards and sprints through the gateway (granular Jira Software scopes)', async () => {
    const h = await newHome();
    const svc = creds().serviceAccount;
    const login = await h.run(['auth', 'login', '--site', sandbox.url, '--email', svc.email, '--scoped', '--token-stdin'], {
      input: svc.token,
    });
    expect(login.code, login.stderr).toBe(0);
    const boards = await h.run(['--json', 'jira', 'board', 'list', '--project', 'DEMO']);
    expect(boards.code, boards.stderr).toBe(0);
    const listed = JSON.parse(boards.stdout) as Array<{ id: number; type: string }>;
    const scrum = listed.find((b) => b.type === 'scrum');
    expect(scrum).toBeDefined();
    const sprints = await h.run(['--json', 'jira', 'sprint', 'list', '--board', String(scrum!.id)]);
    expect(sprints.code, sprints.stderr).toBe(0);
    expect((JSON.parse(sprints.stdout) as unknown[]).length).toBeGreaterThan(0);
    const agile = sandbox.requests.filter((r) => r.identity === svc.email && r.path.includes('/rest/agile/1.0/'));
    expect(agile.map((r) => [r.path.startsWith(gateway()), r.status])).toContainEqual([true, 200]);
    expect(agile.filter((r) => r.status !== 200)).toEqual([]);
    await h.assertNoSecretsLeaked();
  });

  test.concurrent('an account without the board and sprint scopes gets hints naming read:board-scope:jira-software and read:sprint:jira-software', async () => {
    const h = await newHome();
    const svc = creds().serviceAccountNoUser;
    const login = await h.run(
      [
        'auth',
        'login',
        '--site',
        sandbox.url,
        '--email',
        svc.email,
        '--scoped',
        '--cloud-id',
        sandbox.cloudId,
        '--token-stdin',
        '--no-verify',
      ],
      { input: svc.token },
    );
    expect(login.code, login.stderr).toBe(0);
    const boards = await h.run(['jira', 'board', 'list']);
    expect(boards.code).toBe(3);
    expect(boards.stderr).toMatch(
      /^hint: the scoped token lacks the scope this request needs: GET \/rest\/agile\/1\.0\/board needs read:board-scope:jira-software and read:project:jira;/m,
    );
    const sprints = await h.run(['jira', 'sprint', 'list', '--board', '1']);
    expect(sprints.code).toBe(3);
    expect(sprints.stderr).toMatch(/^hint: .*GET \/rest\/agile\/1\.0\/board\/1\/sprint needs read:sprint:jira-software;/m);
    await h.assertNoSecretsLeaked();
  });
});

describe('Bitbucket API token without read:user:bitbucket', () => {
  test.concurrent('logs in through /2.0/user/workspaces, says which scope is missing, and `auth test` passes', async () => {
    const h = await newHome();
    const bb = creds().bitbucketNoUser;
    const login = await h.run(['auth', 'login', '--bitbucket', '--email', bb.email, '--token-stdin'], { input: bb.token });
    expect(login.code, login.stderr).toBe(0);
    expect(login.stdout).toContain('Logged in to Bitbucket as unknown user (the token lacks read:user:bitbucket)');
    expect(login.stderr).toMatch(/^notice: the token works, but it lacks read:user:bitbucket, so whose it is stays unknown/m);
    const paths = sandbox.requests.filter((r) => r.path.startsWith('/2.0/user')).map((r) => `${r.path} ${r.status}`);
    expect(paths).toEqual(expect.arrayContaining(['/2.0/user 403', '/2.0/user/workspaces 200']));
    const test_ = await h.run(['auth', 'test']);
    expect(test_.code, test_.stdout).toBe(0);
    expect(test_.stdout).toMatch(/^Bitbucket\s+✓ unknown user \(the token lacks read:user:bitbucket\)$/m);
    const json = await h.run(['auth', 'test', '--json']);
    expect(JSON.parse(json.stdout)).toContainEqual(
      expect.objectContaining({
        product: 'bitbucket',
        ok: true,
        user: expect.objectContaining({ missingScopes: ['read:user:bitbucket'] }),
      }),
    );
    await h.assertNoSecretsLeaked();
  });
});
