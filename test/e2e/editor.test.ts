// The editor for Markdown bodies (issue 15), on a real pseudo-terminal: with no body given, atl opens
// EDITOR on a private temporary file (here a fake editor, a Node script that notes the file's text,
// mode and path, then writes its own), sends what was saved, and removes the file. One command per
// product; what a script sees (no terminal: stdin or a usage error) is unchanged and tested beside
// each command. Spawns: 6, on a pty.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { ATL_BIN } from '../support/atl.js';
import { skipWithout } from '../support/prerequisite.js';
import { onPty, whyNoPty } from '../support/pty.js';
import { jiraE2e, unique } from './jira-support.js';

const e2e = await jiraE2e();
const { sandbox, home } = e2e;

const editorScript = join(home.home, 'fake-editor.cjs');
writeFileSync(
  editorScript,
  `const fs = require('node:fs');
const file = process.argv[2];
const seen = { file, mode: fs.statSync(file).mode & 0o777, text: fs.readFileSync(file, 'utf8') };
fs.appendFileSync(process.env.FAKE_EDITOR_LOG, JSON.stringify(seen) + '\\n');
fs.writeFileSync(file, process.env.FAKE_EDITOR_TEXT);
`,
);

interface Seen {
  file: string;
  mode: number;
  text: string;
}

/** Runs atl on a pty with the fake editor saving `text`; returns the exit code, the screen and what the editor saw. */
async function withEditor(args: readonly string[], text: string, env: Record<string, string> = {}) {
  const log = join(home.home, `${unique('editor')}.jsonl`);
  writeFileSync(log, '');
  const run = onPty(ATL_BIN, args, {
    env: { ...home.env, ...env, EDITOR: `"${process.execPath}" "${editorScript}"`, FAKE_EDITOR_LOG: log, FAKE_EDITOR_TEXT: text },
  });
  const { code, screen } = await run.exit();
  home.outputs.push(screen);
  const seen = readFileSync(log, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Seen);
  expect(seen, screen).toHaveLength(1);
  // Private while open, gone afterwards.
  if (process.platform !== 'win32') expect(seen[0]!.mode).toBe(0o600);
  expect(existsSync(seen[0]!.file)).toBe(false);
  return { code, screen, seen: seen[0]! };
}

describe.skipIf(skipWithout('the editor tests on a pseudo-terminal', await whyNoPty()))('no body given on a terminal: the editor', () => {
  test.concurrent('jira issue comment add: the saved Markdown is the comment', async () => {
    const { code, screen, seen } = await withEditor(
      ['--profile', 'scoped-writer', 'jira', 'issue', 'comment', 'add', 'DEMO-2'],
      'From the **editor**\n',
    );
    expect(code, screen).toBe(0);
    expect(seen.text).toBe('');
    expect(seen.file).toMatch(/comment\.md$/);
    expect(screen).toContain('added comment');
    const issue = await e2e.issue('cloud', 'DEMO-2');
    expect(JSON.stringify(issue?.fields.comment)).toContain('"text":"editor","marks":[{"type":"strong"}]');
  });

  test.concurrent('jira issue comment add saved empty: exit 1, nothing sent', async () => {
    const { code, screen } = await withEditor(['--profile', 'scoped-writer', 'jira', 'issue', 'comment', 'add', 'DEMO-3'], '  \n');
    expect(code, screen).toBe(1);
    expect(screen).toContain('error: the text was saved empty in the editor: nothing was sent');
  });

  test.concurrent('confluence page create, then page edit: the editor starts from the page as it is, in Markdown', async () => {
    const title = unique('Edited');
    const created = await withEditor(
      ['--profile', 'scoped-writer', 'confluence', 'page', 'create', '--space', 'DOCS', '--title', title],
      'Written in the editor.\n',
    );
    expect(created.code, created.screen).toBe(0);
    expect(created.seen.file).toMatch(/page\.md$/);
    const edited = await withEditor(['--profile', 'scoped-writer', 'confluence', 'page', 'edit', `DOCS:${title}`], 'Rewritten.\n');
    expect(edited.code, edited.screen).toBe(0);
    expect(edited.seen.text).toBe('Written in the editor.\n');
    expect(edited.screen).toContain('as version 2');
  });

  test.concurrent('jsm request comment and bitbucket pr comment', async () => {
    const jsm = await withEditor(['--profile', 'scoped-writer', 'jsm', 'request', 'comment', 'HELP-1'], 'We are on it.\n');
    expect(jsm.code, jsm.screen).toBe(0);
    expect(jsm.screen).toContain('Added a customer-visible comment to HELP-1');
    const app = `${sandbox.credentials.bitbucketAccessToken.workspace}/demo-app`;
    const bb = await withEditor(['bb', 'pr', 'comment', '1', '--repo', app], 'Looks good.\n', {
      ATL_BITBUCKET_TOKEN: sandbox.credentials.bitbucketAccessToken.token,
    });
    expect(bb.code, bb.screen).toBe(0);
    expect(bb.seen.file).toMatch(/comment\.md$/);
  });
});
