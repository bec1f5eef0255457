import { describe, expect, test } from 'vitest';
import allSpecs from 'virtual:atl-commands';
import { buildProgram } from '../cli.js';
import { AtlError } from '../errors.js';
import { FakeHttp, fakeFactory, runArgv } from '../testkit/fakes.testutil.js';
import type { CommandSpec, JsonOutput } from './spec.js';

const commands = allSpecs.filter((s): s is CommandSpec<never> => 'run' in s);

/**
 * Every command and what it prints with --json. A new command must be added here, which makes its
 * author decide: data ('value' or a streamed 'listing') or none (then --json is refused).
 */
const expected: Record<string, JsonOutput> = {
  api: 'value',
  'auth delete': 'value',
  'auth import': 'value',
  'auth init': 'value',
  'auth list': 'value',
  'auth login': 'value',
  'auth logout': 'value',
  'auth rename': 'value',
  'auth status': 'value',
  'auth switch': 'value',
  'auth test': 'value',
  'auth token': 'none',
  completion: 'none',
  'config get': 'value',
  'config list': 'value',
  'config set': 'value',
  'bitbucket build status': 'listing',
  'bitbucket branch create': 'value',
  'bitbucket branch delete': 'value',
  'bitbucket branch list': 'listing',
  'bitbucket pipeline list': 'listing',
  'bitbucket pipeline logs': 'none',
  'bitbucket pipeline run': 'value',
  'bitbucket pipeline stop': 'value',
  'bitbucket pipeline view': 'value',
  'bitbucket pipeline wait': 'none',
  'bitbucket pr approve': 'value',
  'bitbucket pr checkout': 'value',
  'bitbucket pr comment': 'value',
  'bitbucket pr comments': 'listing',
  'bitbucket pr create': 'value',
  'bitbucket pr decline': 'value',
  'bitbucket pr diff': 'value',
  'bitbucket pr edit': 'value',
  'bitbucket pr list': 'listing',
  'bitbucket pr merge': 'value',
  'bitbucket pr request-changes': 'value',
  'bitbucket pr unapprove': 'value',
  'bitbucket pr view': 'value',
  'bitbucket repo clone': 'value',
  'bitbucket repo create': 'value',
  'bitbucket repo list': 'listing',
  'bitbucket repo view': 'value',
  'bitbucket whoami': 'value',
  'confluence attachment download': 'value',
  'confluence attachment list': 'listing',
  'confluence attachment upload': 'value',
  'confluence blog create': 'value',
  'confluence blog list': 'listing',
  'confluence blog view': 'value',
  'confluence docs diff': 'value',
  'confluence docs pull': 'value',
  'confluence docs push': 'value',
  'confluence docs status': 'value',
  'confluence page children': 'value',
  'confluence page comments': 'value',
  'confluence page create': 'value',
  'confluence page delete': 'value',
  'confluence page edit': 'value',
  'confluence page history': 'listing',
  'confluence page labels': 'value',
  'confluence page move': 'value',
  'confluence page tree': 'value',
  'confluence page view': 'value',
  'confluence search': 'listing',
  'confluence space list': 'listing',
  'confluence space view': 'value',
  doctor: 'value',
  'jira attachment download': 'value',
  'jira attachment list': 'listing',
  'jira attachment upload': 'value',
  'jira board list': 'listing',
  'jira board view': 'value',
  'jira epic add': 'value',
  'jira epic issues': 'listing',
  'jira epic list': 'listing',
  'jira epic remove': 'value',
  'jira issue assign': 'value',
  'jira issue clone': 'value',
  'jira issue comment add': 'value',
  'jira issue comment delete': 'value',
  'jira issue comment edit': 'value',
  'jira issue comment list': 'listing',
  'jira issue create': 'value',
  'jira issue delete': 'value',
  'jira issue edit': 'value',
  'jira issue link': 'value',
  'jira issue list': 'listing',
  'jira issue transition': 'value',
  'jira issue unlink': 'value',
  'jira issue unwatch': 'value',
  'jira issue view': 'value',
  'jira issue vote': 'value',
  'jira issue watch': 'value',
  'jira me': 'value',
  'jira project list': 'listing',
  'jira search': 'listing',
  'jira sprint add': 'value',
  'jira sprint current': 'listing',
  'jira sprint issues': 'listing',
  'jira sprint list': 'listing',
  'jira worklog add': 'value',
  'jira worklog list': 'listing',
  'jsm customer add': 'value',
  'jsm customer list': 'listing',
  'jsm desk list': 'listing',
  'jsm desk view': 'value',
  'jsm kb search': 'listing',
  'jsm organization add': 'value',
  'jsm organization add-user': 'value',
  'jsm organization list': 'listing',
  'jsm queue issues': 'listing',
  'jsm queue list': 'listing',
  'jsm request approve': 'value',
  'jsm request attach': 'value',
  'jsm request comment': 'value',
  'jsm request comments': 'value',
  'jsm request create': 'value',
  'jsm request decline': 'value',
  'jsm request list': 'listing',
  'jsm request participants': 'value',
  'jsm request transition': 'value',
  'jsm request view': 'value',
  'jsm request-type list': 'listing',
  'jsm request-type view': 'value',
  'jsm sla': 'value',
  sandbox: 'value',
  version: 'value',
};

describe('every command declares its JSON output', () => {
  test('the table of commands and their JSON kinds', () => {
    expect(Object.fromEntries(commands.map((spec) => [spec.path.join(' '), spec.json]))).toEqual(expected);
  });

  test.each(commands.filter((spec) => spec.json === 'none').map((spec) => spec.path.join(' ')))(
    '`atl %s --json` is refused with exit 2 before the command runs',
    async (path) => {
      const f = fakeFactory();
      const program = buildProgram(f, allSpecs);
      const refused = await program.parseAsync([...path.split(' '), '--json'], { from: 'user' }).then(
        () => undefined,
        (err: unknown) => err,
      );
      expect(refused).toBeInstanceOf(AtlError);
      expect((refused as AtlError).exitCode).toBe(2);
      expect((refused as AtlError).message).toBe(`atl ${path} prints no data as JSON`);
      expect(f.out.text).toBe('');
    },
  );
});

describe('a default declared on a flag is the one run sees', () => {
  test('`jira search -P ABC` asks for the 50 issues `--limit` declares', async () => {
    const http = new FakeHttp().on('POST', '/rest/api/3/search/jql', () => ({ issues: [], isLast: true }));
    const f = fakeFactory({ http });
    expect((await runArgv(f, ['jira', 'search', '-P', 'ABC'])).code).toBe(0);
    expect(http.requests[0]!.body).toMatchObject({ maxResults: 50 });
  });

  test('`jira issue view ABC-1` asks for the last 5 comments `--comments` declares', async () => {
    const http = new FakeHttp()
      .on('GET', '/rest/api/3/issue/ABC-1', () => ({ id: '1', key: 'ABC-1', fields: { summary: 'Login fails' } }))
      .on('GET', '/rest/api/3/issue/ABC-1/comment', () => ({ startAt: 0, maxResults: 5, total: 0, comments: [] }));
    const f = fakeFactory({ http });
    expect((await runArgv(f, ['jira', 'issue', 'view', 'ABC-1'])).code).toBe(0);
    expect(http.requests.find((r) => r.path.endsWith('/comment'))!.query).toMatchObject({ maxResults: 5 });
  });
});
