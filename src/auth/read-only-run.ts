import type { Factory, Product } from '../factory.js';
import type { ReadOnlyRun } from '../http/read-only.js';
import { selectProfile } from './resolve.js';

/** Values of ATL_READ_ONLY that leave read-only mode off; any other value turns it on (a typo errs on the safe side). */
const OFF_VALUES = new Set(['', '0', 'false', 'no', 'off']);

/** `ATL_READ_ONLY=<value>` when the environment makes this run read-only, else null. */
export function readOnlyFromEnv(env: NodeJS.ProcessEnv): string | null {
  const value = env.ATL_READ_ONLY;
  if (value === undefined || OFF_VALUES.has(value.trim().toLowerCase())) return null;
  return `ATL_READ_ONLY=${value}`;
}

/**
 * Why this run is read-only, or null: `--read-only`, else ATL_READ_ONLY, else `readOnly: true` on
 * the profile the run uses (--profile, ATL_PROFILE, the default profile).
 */
export async function readOnlyReason(f: Factory): Promise<string | null> {
  if (f.globals.readOnly === true) return '--read-only';
  const fromEnv = readOnlyFromEnv(f.env);
  if (fromEnv !== null) return fromEnv;
  const config = await (await f.configStore()).read();
  const selected = await selectProfile(f, config);
  return selected?.profile.readOnly === true ? `profile "${selected.name}" has readOnly: true` : null;
}

/** How a refusal names each product. */
export const PRODUCT_LABELS: Readonly<Record<Product, string>> = {
  jira: 'Jira',
  confluence: 'Confluence',
  bitbucket: 'Bitbucket',
  jsm: 'Jira Service Management',
};

/** The read-only guard of a client made for this run (see ../http/read-only.ts). */
export function readOnlyRunOf(f: Factory, product: string | undefined): ReadOnlyRun {
  // Asked before every change the client sends: config.yaml is read once per client, not per request
  // (a docs push or a bulk transition sends hundreds).
  let reason: Promise<string | null> | undefined;
  return {
    reason: () => {
      reason ??= readOnlyReason(f);
      return reason;
    },
    command: () => `atl${f.globals.command === undefined ? '' : ` ${f.globals.command}`}`,
    ...(product === undefined ? {} : { product }),
  };
}
