/**
 * A request field value as text: Service Management sends strings, numbers, options (`{value}`),
 * users (`{displayName}`), arrays of these, or shapes atl does not know; those print as JSON rather
 * than failing.
 */
export function requestValueText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.map(requestValueText).join(', ');
  if (typeof value === 'object') {
    const record = value as Record<string, unknown>;
    for (const key of ['displayName', 'value', 'name', 'label']) if (typeof record[key] === 'string') return record[key] as string;
  }
  return JSON.stringify(value);
}
