import { expect, test } from 'vitest';
import { codeForStatus } from '../http/errors.js';
import { atlErrorOf, fakeMaker } from '../testkit/fakes.testutil.js';

test.each([400, 401, 403, 404, 409, 429, 500])(
  'a fakeMaker route answering %i throws the code the real client gives it',
  async (status) => {
    const make = fakeMaker({ 'https://x/a': () => status });
    const client = await make({ baseUrl: 'https://x', auth: null });
    const err = await atlErrorOf(client.get('/a'));
    expect(err.code).toBe(codeForStatus(status));
    expect(err.status).toBe(status);
  },
);
