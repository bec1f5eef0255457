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

/**
 * `--fields` for listings whose columns are a fixed set named by the items' JSON keys (worklogs,
 * attachments): the names given, in their order, matched in any case (or through `aliases`), or
 * `defaults` without the flag. An unknown name is exit 2 listing the choices.
 */
export function chosenColumns(
  list: string | undefined,
  names: readonly string[],
  defaults: readonly string[],
  noun: string,
  aliases: Readonly<Record<string, string>> = {},
): string[] {
  if (list === undefined) return [...defaults];
  const byLower = new Map(names.map((name) => [name.toLowerCase(), name]));
  for (const [alias, name] of Object.entries(aliases)) byLower.set(alias.toLowerCase(), name);
  const choices = `choose from ${names.join(', ')}`;
  const fields = list
    .split(',')
    .map((f) => f.trim())
    .filter(Boolean)
    .map((f) => {
      const name = byLower.get(f.toLowerCase());
      if (!name) throw usageError(`unknown ${noun} field ${JSON.stringify(f)}`, choices);
      return name;
    });
  if (fields.length === 0) throw usageError('--fields needs at least one field', choices);
  return fields;
}
