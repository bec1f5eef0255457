import { usageError } from '../errors.js';
import type { Column } from '../output/table.js';

/** A listing's columns by the names `--fields` takes, in their default order. */
export type NamedColumns<Row> = Readonly<Record<string, Column<Row>>>;

/**
 * What `--fields a,b` chooses from `columns` (a column, or whatever makes one), in the order given;
 * `defaults` (names) without the flag. Names are the keys of `columns` (for worklogs and attachments
 * their JSON keys), matched in any case or through `aliases`. An unknown name is exit 2 with
 * `choose from` and the names there are.
 */
export function chooseColumns<T>(
  columns: Readonly<Record<string, T>>,
  fields: string | undefined,
  defaults: readonly string[],
  aliases: Readonly<Record<string, string>> = {},
): T[] {
  const byLower = new Map(Object.keys(columns).map((name) => [name.toLowerCase(), name]));
  for (const [alias, name] of Object.entries(aliases)) byLower.set(alias.toLowerCase(), name);
  const choices = `choose from ${Object.keys(columns).join(', ')}`;
  const names =
    fields === undefined
      ? defaults
      : fields
          .split(',')
          .map((name) => name.trim())
          .filter((name) => name !== '');
  if (names.length === 0) throw usageError('--fields needs at least one field', choices);
  return names.map((name) => {
    const key = byLower.get(name.toLowerCase());
    if (key === undefined) throw usageError(`unknown field ${JSON.stringify(name)} in --fields`, choices);
    return columns[key]!;
  });
}
