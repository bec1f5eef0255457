// Run after every test: a FakeHttp route that no request reached fails the test (see
// assertFakeRoutesUsed in src/testkit/fakes.testutil.ts).
import { afterEach } from 'vitest';
import { assertFakeRoutesUsed } from '../../src/testkit/fakes.testutil.js';

afterEach(() => {
  assertFakeRoutesUsed();
});
