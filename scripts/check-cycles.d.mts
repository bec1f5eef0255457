// Types of scripts/check-cycles.mjs for its test (test/check-cycles.test.ts).
export interface Cycle {
  /** The modules of one strongly connected component, sorted, relative to `base`. */
  modules: string[];
  /** One path through them, ending where it starts. */
  path: string[];
}
export function importGraph(root: string): Map<string, string[]>;
export function findCycles(graph: Map<string, string[]>): string[][];
export function cyclePath(graph: Map<string, string[]>, component: string[]): string[];
export function checkCycles(root: string, base?: string): Cycle[];
