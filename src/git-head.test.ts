import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { currentBranch, issueKeyInBranch } from './git-head.js';

const root = await mkdtemp(join(tmpdir(), 'atl-githead-'));
afterAll(() => rm(root, { recursive: true, force: true }));

/** A work tree whose HEAD says `head`, and a folder inside it. */
async function fakeCheckout(head: string): Promise<string> {
  const top = await mkdtemp(join(root, 'wt-'));
  await mkdir(join(top, '.git'), { recursive: true });
  await writeFile(join(top, '.git', 'HEAD'), head);
  await mkdir(join(top, 'src'), { recursive: true });
  return join(top, 'src');
}

describe('issueKeyInBranch', () => {
  test.each([
    ['feature/ABC-123-login', 'ABC-123'],
    ['ABC-7', 'ABC-7'],
    ['bugfix/X2_Y-45', 'X2_Y-45'],
    ['user/ABC-12/DEF-3', 'ABC-12'],
  ])('%s → %s', (branch, key) => expect(issueKeyInBranch(branch)).toBe(key));

  test.each(['main', 'release-2', 'feature/abc-123-login', 'fooABC-1', 'ABC-0', 'ABC-'])('%s names no key', (branch) =>
    expect(issueKeyInBranch(branch)).toBeNull(),
  );
});

describe('currentBranch', () => {
  test('from HEAD of the work tree above the folder; null on a detached HEAD or outside a work tree', async () => {
    expect(await currentBranch(await fakeCheckout('ref: refs/heads/feature/ABC-123-login\n'))).toBe('feature/ABC-123-login');
    expect(await currentBranch(await fakeCheckout('0123456789abcdef0123456789abcdef01234567\n'))).toBeNull();
    expect(await currentBranch(await mkdtemp(join(root, 'plain-')))).toBeNull();
  });

  test("a linked worktree's .git file points at its own HEAD", async () => {
    const gitDir = await mkdtemp(join(root, 'main-git-'));
    await writeFile(join(gitDir, 'HEAD'), 'ref: refs/heads/DEMO-9-fix\n');
    const tree = await mkdtemp(join(root, 'linked-'));
    await writeFile(join(tree, '.git'), `gitdir: ${gitDir}\n`);
    expect(await currentBranch(tree)).toBe('DEMO-9-fix');
  });
});
