import { describe, expect, test } from 'vitest';
import { jiraE2e, seedIssues } from './jira-support.js';

// `--jq` end to end: the jq chunk (WebAssembly inlined by the build) loads from dist and filters
// what each command prints. Formatting and the streaming rule are unit-tested (src/cmdutil/jq.test.ts).
const LABEL = 'jq-e2e';
const e2e = await jiraE2e();
const seeded = seedIssues(e2e, 130, LABEL);

describe('--jq', () => {
  test.concurrent('cloud: a streamed listing over three pages, `.[].key` page by page, no --json needed', async () => {
    const result = await e2e.atl('cloud', ['jira', 'search', '--label', LABEL, '--all', '--jq', '.[].key']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout.trimEnd().split('\n').sort()).toEqual([...seeded].sort());
  });

  test.concurrent('dc: an expression needing the whole listing sees all of it once; `debug` writes to stderr as jq does', async () => {
    const result = await e2e.atl('dc', ['jira', 'search', '--label', LABEL, '--all', '--json', '--jq', 'map(.key) | length | debug']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('130\n');
    expect(result.stderr).toBe('["DEBUG:",130]\n');
  });

  test.concurrent('scoped gateway: one object (issue view) through jq; strings raw, objects as JSON', async () => {
    const key = seeded[0]!;
    const result = await e2e.atl('scoped', ['jira', 'issue', 'view', key, '--jq', '.key, {labels: .fields.labels}']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`${key}\n{\n  "labels": [\n    "${LABEL}"\n  ]\n}\n`);
  });

  test.concurrent('other products and listings: Confluence spaces (paged), Jira projects (item by item)', async () => {
    const spaces = await e2e.atl('cloud', ['confluence', 'space', 'list', '--all', '--jq', '.[] | select(.key == "DOCS") | .name']);
    expect(spaces.code).toBe(0);
    expect(spaces.stdout).toBe('Documentation\n');
    const projects = await e2e.atl('cloud', ['jira', 'project', 'list', '--jq', '[.[].key] | index("DEMO") != null']);
    expect(projects.code).toBe(0);
    expect(projects.stdout).toBe('true\n');
  });

  // Not concurrent: no other test's search may land among the requests it checks.
  test('a bad expression: exit 2 with jq message, before any request', async () => {
    const before = e2e.sandbox.requests.length;
    const result = await e2e.atl('cloud', ['jira', 'search', '--label', LABEL, '--jq', '.[] | select(']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('error: jq: syntax error');
    expect(result.stderr).toContain('.[] | select(\njq: 1 compile error');
    expect(e2e.sandbox.requests.slice(before).filter((r) => r.path.includes('search'))).toEqual([]);
  });
});
