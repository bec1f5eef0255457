import { confirm, input, password, select } from '@inquirer/prompts';
import type { Prompter } from './factory.js';
import { sanitizeText } from './output/terminal.js';

/**
 * Prompts on the terminal; loaded only by commands that ask something. Messages and choices can
 * quote the server (a transition or status name), so they are shown with control characters as
 * escapes, like every other output (see output/terminal.ts); the values returned are untouched.
 */
export function inquirerPrompter(): Prompter {
  return {
    input: (message, options) =>
      input({
        message: sanitizeText(message),
        ...(options?.default === undefined ? {} : { default: options.default }),
        ...(options?.validate ? { validate: options.validate } : {}),
      }),
    // No ctrl+t reveal: a token shown on screen ends up in terminal scrollback and recordings.
    password: (message) => password({ message: sanitizeText(message), mask: '*', toggleMask: false }),
    confirm: (message, defaultValue = false) => confirm({ message: sanitizeText(message), default: defaultValue }),
    select: (message, choices) =>
      select({
        message: sanitizeText(message),
        choices: choices.map((c) => ({
          value: c.value,
          // Without a name, inquirer shows the value itself.
          name: sanitizeText(c.name ?? c.value),
          ...(c.description === undefined ? {} : { description: sanitizeText(c.description) }),
        })),
      }),
  };
}
