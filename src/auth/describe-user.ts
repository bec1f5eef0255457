import { sanitizeText } from '../output/terminal.js';
import type { VerifiedUser } from './verify.js';

/**
 * A person as atl names them anywhere (who a login authenticates as, the people a name matched):
 * `Name (email)`, with the account id added where people who look alike must be told apart.
 * Server text, printed for people: shown with escapes, never able to drive the terminal.
 */
export function describeUser(user: VerifiedUser | null, options: { withId?: boolean } = {}): string {
  if (user === null) return '';
  const name = user.displayName ?? user.accountId ?? 'unknown user';
  const details = [
    ...(user.email && user.email !== name ? [user.email] : []),
    ...(options.withId && user.accountId !== null && user.accountId !== name ? [user.accountId] : []),
  ];
  if (user.missingScopes?.length) details.push(`the token lacks ${user.missingScopes.join(' and ')}`);
  return sanitizeText(details.length > 0 ? `${name} (${details.join(', ')})` : name);
}
