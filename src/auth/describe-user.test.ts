import { describe, expect, test } from 'vitest';
import { describeUser } from './describe-user.js';

describe('describeUser: one wording for a person everywhere', () => {
  const jane = { accountId: 'a-1', displayName: 'Jane Doe', email: 'jane@example.com' };

  test('name and email; the account id only where namesakes must be told apart', () => {
    expect(describeUser(jane)).toBe('Jane Doe (jane@example.com)');
    expect(describeUser(jane, { withId: true })).toBe('Jane Doe (jane@example.com, a-1)');
    expect(describeUser({ ...jane, email: null }, { withId: true })).toBe('Jane Doe (a-1)');
  });

  test('no display name: the account id names them; nothing at all: "unknown user"', () => {
    expect(describeUser({ accountId: 'a-1', displayName: null, email: null }, { withId: true })).toBe('a-1');
    expect(describeUser({ accountId: null, displayName: null, email: null })).toBe('unknown user');
    expect(describeUser(null)).toBe('');
  });

  test('a token lacking the scopes to say whose it is says so', () => {
    expect(describeUser({ accountId: null, displayName: 'bot', email: null, missingScopes: ['read:user:bitbucket'] })).toBe(
      'bot (the token lacks read:user:bitbucket)',
    );
  });
});
