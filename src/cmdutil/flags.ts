import { type AtlError, usageError } from '../errors.js';

/**
 * The one message for two flags (or a flag and an argument) given together that exclude each other,
 * exit 2. Flags on the same command declare it with commander's `Option.conflicts()`, whose error
 * src/cli.ts turns into this; checks commander cannot express (a global flag, a positional argument)
 * throw it themselves.
 */
export function conflictError(first: string, second: string): AtlError {
  return usageError(`${first} and ${second} cannot be used together`, 'give only one of them');
}
