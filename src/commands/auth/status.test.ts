import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runArgv } from '../../testkit/fakes.testutil.js';
import { afterEach, expect, test } from 'vitest';
import { fakeFactory, sampleProfile } from '../../testkit/fakes.testutil.js';

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

test("the token's expiry is counted from the factory's clock: the Expires row and the warning", async () => {
  const stateDir = await mkdtemp(join(tmpdir(), 'atl-status-clock-'));
  dirs.push(stateDir);
  const f = fakeFactory({
    config: { defaultProfile: 'work', profiles: { work: sampleProfile({ tokenExpiresAt: '2031-01-20' }) } },
    file: { work: 'tok' },
    stateDir,
    now: new Date(2031, 0, 15, 9),
  });
  expect((await runArgv(f, ['auth', 'status', '--offline'])).code).toBe(0);
  expect(f.out.text).toMatch(/^Expires: +2031-01-20 \(in 5 days\)$/m);
  expect(f.err.text).toBe('warning: the token of profile "work" expires in 5 days (2031-01-20)\n');
});
