// A listing or bulk change that takes over a second shows a progress line on a terminal's stderr,
// never on a pipe. Its own file (and sandbox): the delay faults here slow every search they match.
import { describe, expect, test } from 'vitest';
import { skipWithout } from '../support/prerequisite.js';
import { atlOnPty, whyNoPty } from '../support/pty.js';
import { jiraE2e, seedIssues, unique } from './jira-support.js';

const skipPty = skipWithout('pseudo-terminal e2e tests', await whyNoPty());
const e2e = await jiraE2e();

/** Three pages of 100, each answered 700 ms late: the line is up from the second page on. */
function slowSearch(): string[] {
  const label = unique('progress');
  seedIssues(e2e, 250, label);
  e2e.sandbox.faults.add({ path: /\/search\/jql$/, type: 'delay', ms: 700, times: 3 });
  return ['--profile', 'scoped', 'jira', 'search', '--jql', `labels = "${label}"`, '--all', '--fields', 'summary'];
}

describe.skipIf(skipPty)('progress on a terminal', () => {
  test('a search over a second: "fetched N pages, M issues…" on the terminal, then the table', async () => {
    const { code, raw, screen } = await atlOnPty(e2e.home, slowSearch()).exit();
    expect(code, screen).toBe(0);
    expect(raw).toContain('fetched 2 pages, 200 issues…');
    // Erased (carriage return, clear line) before the table is printed.
    expect(raw).toMatch(/issues…(\r\u001b\[K)+(\r\n)?KEY/);
    await e2e.home.assertNoSecretsLeaked();
  });
});

describe('progress never on a pipe', () => {
  test('the same slow search piped: stderr has no progress line', async () => {
    const result = await e2e.atl('scoped', slowSearch());
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.split('\n')[0]).toMatch(/^KEY/);
    expect(result.stderr).not.toContain('fetched');
  });
});
