// Types of scripts/sandbox-scopes.mjs for the contract test that runs it.
export type ScopeTable = Record<string, Record<string, string[][]>>;
export interface SpecCorrection {
  file: string;
  operation: string;
  alternatives: string[][];
  source: string;
}
export const OUTPUT: string;
export const DEFAULT_SPECS_DIR: string;
export const SOURCES: ReadonlyArray<{ file: string; product: string; prefix: string; securityFallback?: boolean }>;
export const NEWER_THAN_SPEC: readonly SpecCorrection[];
export function alternativesOf(
  operation: Record<string, unknown>,
  doc: Record<string, unknown>,
  securityFallback?: boolean,
): string[][] | null;
export function generateScopeTable(specsDir?: string): ScopeTable;
export function formatScopeTable(table: ScopeTable): string;
