import type { RequestTypeField } from './types.js';

/** A field's type as people read it: the custom type's short name (`select`), else the schema type. */
export function fieldKind(field: RequestTypeField): string {
  const schema = field.jiraSchema;
  if (!schema) return '';
  if (schema.custom) return schema.custom.slice(schema.custom.lastIndexOf(':') + 1);
  return schema.type === 'array' && schema.items ? `${schema.items}[]` : schema.type;
}
