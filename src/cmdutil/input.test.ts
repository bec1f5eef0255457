import { describe, expect, test } from 'vitest';
import { normalizeText } from './input.js';

describe('normalizeText: text read from files, stdin and flags', () => {
  test.each([
    ['Windows line endings', 'line a\r\nline b\r\n', 'line a\nline b\n'],
    ['old Mac line endings', 'line a\rline b\r', 'line a\nline b\n'],
    ['a mix, with a blank line', 'a\r\n\r\nb\rc\n', 'a\n\nb\nc\n'],
    ['a leading byte-order mark', '\uFEFF# Title\r\n', '# Title\n'],
    ['a code block keeps its lines', '```\r\nx = 1\r\n```\r\n', '```\nx = 1\n```\n'],
    ['Unix text is left as it is', 'a\nb\n', 'a\nb\n'],
    ['a byte-order mark inside the text is kept (only a leading one is a marker)', 'a\uFEFFb', 'a\uFEFFb'],
  ])('%s', (_name, input, expected) => {
    expect(normalizeText(input)).toBe(expected);
  });
});
