import { confirm, input, password, select } from '@inquirer/prompts';
import type { Prompter } from './factory.js';

/** Prompts on the terminal; loaded only by commands that ask something. */
export function inquirerPrompter(): Prompter {
  return {
    input: (message, options) =>
      input({ message, ...(options?.default === undefined ? {} : { default: options.default }), ...(options?.validate ? { validate: options.validate } : {}) }),
    // No ctrl+t reveal: a token shown on screen ends up in terminal scrollback and recordings.
    password: (message) => password({ message, mask: '*', toggleMask: false }),
    confirm: (message, defaultValue = false) => confirm({ message, default: defaultValue }),
    select: (message, choices) => select({ message, choices: choices.map((c) => ({ ...c })) }),
  };
}
