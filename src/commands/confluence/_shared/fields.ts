import type { IOStreams } from '../../../iostreams.js';
import { sanitizeText } from '../../../output/terminal.js';

/** Prints `Label: value` lines, labels padded to one width; empty values are left out. */
export function printFields(io: IOStreams, fields: ReadonlyArray<readonly [label: string, value: string | undefined]>): void {
  const shown = fields.filter(([, value]) => value !== undefined && value !== '');
  const width = Math.max(0, ...shown.map(([label]) => label.length)) + 1;
  for (const [label, value] of shown) io.stdout.write(sanitizeText(`${`${label}:`.padEnd(width)} ${value}\n`));
}
