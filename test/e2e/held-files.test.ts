// On Windows, a file another process briefly holds (antivirus, the search indexer)
// makes rename and lock creation fail with EPERM. Simulated with a preload that fails the first few
// of each; `atl auth login` must still succeed and save its profile.
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { expect, test } from 'vitest';
import { sandboxHomes } from '../support/homes.js';

const HELD_FILE_PRELOAD = resolve(import.meta.dirname, '../support/held-file-eperm.cjs');
const TOKEN = 'ATATT3x-e2e-held-file-token-0001';
const { newHome } = await sandboxHomes();

test('auth login succeeds although the first renames and lock creations fail with EPERM', async () => {
  const h = await newHome({ secrets: [TOKEN], email: 'me@work.example' });
  const env = { NODE_OPTIONS: `--require ${HELD_FILE_PRELOAD}`, ATL_TEST_EPERM_RENAMES: '3', ATL_TEST_EPERM_LOCKS: '2' };
  const args = [
    '--profile',
    'work',
    'auth',
    'login',
    '--site',
    'work.atlassian.net',
    '--email',
    'me@work.example',
    '--token-stdin',
    '--storage',
    'file',
    '--no-verify',
  ];
  const result = await h.run(args, { input: TOKEN, env });
  expect(result.code, result.stderr).toBe(0);
  expect(await readFile(join(h.configDir, 'config.yaml'), 'utf8')).toMatch(/work:\n {4}site: https:\/\/work\.atlassian\.net/);
  const list = await h.run(['auth', 'list']);
  expect(list.code, list.stderr).toBe(0);
  expect(list.stdout).toContain('work');
  await h.assertNoSecretsLeaked();
});
