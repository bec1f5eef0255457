import { usageError } from '../errors.js';

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
