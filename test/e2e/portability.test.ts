// Windows line endings in text atl reads, and a closed pipe reported as
// EOF (Windows) rather than EPIPE. Both simulated here: a CRLF file with a byte-order mark, and a
// preload that makes stdout fail the way Windows does.
import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { ATL_BIN } from '../support/atl.js';
import { jiraE2e, unique, type Flavour } from './jira-support.js';

const e2e = await jiraE2e();
const EOF_PRELOAD = resolve(import.meta.dirname, '../support/closed-pipe-eof.cjs');

/** Every text node of an ADF tree, in order. */
function adfTexts(node: { text?: string; content?: unknown[] }): string[] {
  return [
    ...(node.text === undefined ? [] : [node.text]),
    ...((node.content ?? []) as Array<{ text?: string; content?: unknown[] }>).flatMap(adfTexts),
  ];
}

describe.each<Flavour>(['cloud', 'dc'])('Windows line endings (%s)', (flavour) => {
  test.concurrent('a CRLF description file with a byte-order mark and stdin with CRLF are stored without \\r', async () => {
    const file = join(e2e.home.home, `crlf-${flavour}.md`);
    await writeFile(file, '\uFEFFA wrapped\r\nparagraph.\r\n\r\n```\r\nx = 1\r\n```\r\n');
    const created = await e2e.atl(flavour, [
      'jira',
      'issue',
      'create',
      '-P',
      'DEMO',
      '-t',
      'Task',
      '--summary',
      unique('crlf'),
      '--description-file',
      file,
      '--json',
    ]);
    expect(created.code, created.stderr).toBe(0);
    const { key } = JSON.parse(created.stdout) as { key: string };
    const comment = await e2e.atl(flavour, ['jira', 'issue', 'comment', 'add', key], 'From a\r\nWindows pipe\r\n');
    expect(comment.code, comment.stderr).toBe(0);

    const view = await e2e.atl(flavour, ['jira', 'issue', 'view', key, '--json']);
    expect(view.code, view.stderr).toBe(0);
    const description = (JSON.parse(view.stdout) as { fields: { description: unknown } }).fields.description;
    const stored = flavour === 'cloud' ? adfTexts(description as { content?: unknown[] }).join('|') : (description as string);
    expect(stored).not.toMatch(/[\r\uFEFF]/);
    expect(stored).toContain('A wrapped paragraph.');
    expect(stored).toContain('x = 1');

    const comments = await e2e.atl(flavour, ['jira', 'issue', 'comment', 'list', key, '--json']);
    expect(comments.code, comments.stderr).toBe(0);
    expect(comments.stdout).toContain('Windows pipe');
    expect(comments.stdout).not.toMatch(/\\r/);

    const text = await e2e.atl(flavour, ['jira', 'issue', 'view', key]);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).not.toMatch(/\\x0d|\r/);
  });
});

/** Runs the built atl with the EOF preload; stdout is a pipe nobody reads past the first write. */
function runWithClosedPipe(args: readonly string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--require', EOF_PRELOAD, ATL_BIN, ...args], {
      env: { ...e2e.home.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.stdout.resume();
    child.once('error', fail);
    child.once('close', (code) => done({ code, stderr }));
  });
}

describe('a pipe closed the Windows way (EOF instead of EPIPE)', () => {
  test.concurrent.each([
    ['the precomputed --help', ['--help']],
    ['a command run through the full CLI', ['version']],
  ])('%s exits 0 without a stack trace', async (_name, args) => {
    const result = await runWithClosedPipe(args);
    expect(result.stderr).not.toMatch(/EOF|Error|at /);
    expect(result.code).toBe(0);
  });
});
