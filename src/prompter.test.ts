import { beforeEach, describe, expect, test, vi } from 'vitest';

const calls = vi.hoisted(() => [] as Array<{ prompt: string; config: Record<string, unknown> }>);
vi.mock('@inquirer/prompts', () => {
  const record = (prompt: string) => async (config: Record<string, unknown>) => {
    calls.push({ prompt, config });
    return prompt === 'select' ? (config.choices as Array<{ value: string }>)[0]!.value : prompt === 'confirm' ? true : 'answer';
  };
  return { input: record('input'), password: record('password'), confirm: record('confirm'), select: record('select') };
});

const { inquirerPrompter } = await import('./prompter.js');

const HOSTILE = '\u001b]8;;http://evil\u0007In Progress\u001b]8;;\u0007\u001b[2J';
const SHOWN = '\\x1b]8;;http://evil\\x07In Progress\\x1b]8;;\\x07\\x1b[2J';

describe('inquirerPrompter shows server text with escapes', () => {
  beforeEach(() => {
    calls.length = 0;
  });

  test('select: message, choice names and descriptions; a choice without a name shows its value, filtered; the value returned is untouched', async () => {
    const value = await inquirerPrompter().select(`Transition ${HOSTILE}:`, [
      { value: `id${HOSTILE}`, name: `Start (→ ${HOSTILE})`, description: HOSTILE },
      { value: HOSTILE },
    ]);
    expect(value).toBe(`id${HOSTILE}`);
    expect(calls[0]!.config).toEqual({
      message: `Transition ${SHOWN}:`,
      choices: [
        { value: `id${HOSTILE}`, name: `Start (→ ${SHOWN})`, description: SHOWN },
        { value: HOSTILE, name: SHOWN },
      ],
    });
  });

  test('input, password and confirm messages', async () => {
    const p = inquirerPrompter();
    await p.input(`Name ${HOSTILE}`, { default: 'kept' });
    await p.password(`Token ${HOSTILE}`);
    await p.confirm(`Move ${HOSTILE}?`);
    expect(calls.map((c) => c.config.message)).toEqual([`Name ${SHOWN}`, `Token ${SHOWN}`, `Move ${SHOWN}?`]);
    expect(calls[0]!.config.default).toBe('kept');
  });
});
