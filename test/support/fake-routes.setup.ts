// Run after every test: a FakeHttp route that no request reached fails the test (see
// assertFakeRoutesUsed in src/jira/fake.testutil.ts).
import { afterEach } from 'vitest';
import { assertFakeRoutesUsed } from '../../src/jira/fake.testutil.js';

afterEach(() => {
  assertFakeRoutesUsed();
});
