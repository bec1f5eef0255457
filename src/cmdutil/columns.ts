import { usageError } from '../errors.js';
import type { Column } from '../output/table.js';

/** A listing's columns by the names `--fields` takes (lower case), in their default order. */
export type NamedColumns<Row> = Readonly<Record<string, Column<Row>>>;

/**
 * The columns `--fields a,b` chooses (names case-insensitive, in the order given), or `defaults`
 * without the flag. An unknown name is a usage error listing the names there are.
 */
export function chooseColumns<Row>(columns: NamedColumns<Row>, fields: string | undefined, defaults: readonly string[]): Column<Row>[] {
  const names =
    fields === undefined
      ? defaults
      : fields
          .split(',')
          .map((name) => name.trim().toLowerCase())
          .filter((name) => name !== '');
  if (names.length === 0) throw usageError('--fields needs at least one field', `fields: ${Object.keys(columns).join(', ')}`);
  return names.map((name) => {
    const column = columns[name];
    if (!column) throw usageError(`unknown field ${JSON.stringify(name)} in --fields`, `fields: ${Object.keys(columns).join(', ')}`);
    return column;
  });
}
