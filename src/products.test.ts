// Each product has one shape, registered in one place: a product registered in
// src/sandbox/registry.ts has all its folders, and a product folder has its registration.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { products } from './products.js';
import { sandboxModules } from './sandbox/registry.js';

/** Command groups under src/commands/ that are not products. */
const NON_PRODUCT_GROUPS: readonly string[] = ['api', 'auth', 'completion', 'config', 'doctor', 'sandbox', 'version'];

/**
 * Folders that exist before their product is registered, each with the reason. An entry must go
 * once its product is registered (the check says so), so none outlives its reason.
 */
const EARLY_FOLDERS: Readonly<Record<string, string>> = {};

/** Files each folder of a built product must hold (paths relative to src/). */
function requiredFiles(product: string): string[] {
  return [
    `commands/${product}/group.ts`,
    `${product}/context.ts`,
    ...['routes', 'store', 'seed'].map((name) => `sandbox/${product}/${name}.ts`),
  ];
}

const folders = (product: string) => [`commands/${product}`, product, `sandbox/${product}`];

const subfolders = (dir: string) =>
  existsSync(dir)
    ? readdirSync(dir, { withFileTypes: true })
        .filter((e) => e.isDirectory())
        .map((e) => e.name)
    : [];

/** Every way the tree under `src` disagrees with the registered products; [] when none. */
function shapeProblems(
  src: string,
  known: readonly string[],
  registered: readonly string[],
  early: Readonly<Record<string, string>>,
): string[] {
  const problems: string[] = [];
  for (const product of known) {
    if (registered.includes(product)) {
      for (const file of requiredFiles(product))
        if (!existsSync(join(src, file))) problems.push(`${product} is registered but src/${file} is missing`);
      const context = join(src, product, 'context.ts');
      if (existsSync(context) && !new RegExp(`export (async )?function ${product}Context\\(`).test(readFileSync(context, 'utf8'))) {
        problems.push(`src/${product}/context.ts does not export ${product}Context(f)`);
      }
      if (Object.hasOwn(early, product)) problems.push(`${product} is registered: remove its early-folder exception`);
    } else {
      for (const folder of folders(product)) {
        if (!existsSync(join(src, folder))) continue;
        if (folder === product && Object.hasOwn(early, product)) continue;
        problems.push(`src/${folder}/ exists but ${product} is not registered in src/sandbox/registry.ts`);
      }
    }
  }
  for (const name of subfolders(join(src, 'sandbox'))) {
    if (!known.includes(name)) problems.push(`src/sandbox/${name}/ is not a product in src/products.ts`);
  }
  for (const name of subfolders(join(src, 'commands'))) {
    if (!known.includes(name) && !NON_PRODUCT_GROUPS.includes(name))
      problems.push(`src/commands/${name}/ is neither a product in src/products.ts nor a known group`);
  }
  return problems;
}

describe('the products atl has', () => {
  test('every registered product has its commands, API calls with a context function, and sandbox module; every product folder is registered', () => {
    expect(shapeProblems(import.meta.dirname, products, Object.keys(sandboxModules), EARLY_FOLDERS)).toEqual([]);
  });

  test('each sandbox module is registered under its own product name', () => {
    expect(Object.entries(sandboxModules).map(([key, module]) => [key, module.name])).toEqual(
      Object.keys(sandboxModules).map((key) => [key, key]),
    );
  });

  test('Jira is built', () => {
    expect(Object.keys(sandboxModules)).toContain('jira');
  });
});

describe('the shape check', () => {
  let root: string | undefined;
  afterEach(() => {
    if (root) rmSync(root, { recursive: true, force: true });
    root = undefined;
  });

  function tree(files: readonly string[]): string {
    root = mkdtempSync(join(tmpdir(), 'atl-shape-'));
    for (const file of files) {
      mkdirSync(dirname(join(root, file)), { recursive: true });
      writeFileSync(join(root, file), file.endsWith('context.ts') ? `export async function ${file.split('/')[0]}Context(f) {}\n` : '');
    }
    return root;
  }
  const built = (product: string) => requiredFiles(product);

  test('a complete, registered product passes', () => {
    expect(shapeProblems(tree(built('wiki')), ['wiki'], ['wiki'], {})).toEqual([]);
  });

  test('a product folder without its registration fails', () => {
    expect(shapeProblems(tree(['commands/wiki/group.ts', 'wiki/pages.ts']), ['wiki'], [], {})).toEqual([
      'src/commands/wiki/ exists but wiki is not registered in src/sandbox/registry.ts',
      'src/wiki/ exists but wiki is not registered in src/sandbox/registry.ts',
    ]);
  });

  test('a registration without its folders fails', () => {
    expect(shapeProblems(tree(['commands/auth/login.ts']), ['wiki'], ['wiki'], {})).toEqual(
      built('wiki').map((file) => `wiki is registered but src/${file} is missing`),
    );
  });

  test('a context module without its context function fails', () => {
    const src = tree(built('wiki'));
    writeFileSync(join(src, 'wiki', 'context.ts'), 'export function makeContext() {}\n');
    expect(shapeProblems(src, ['wiki'], ['wiki'], {})).toEqual(['src/wiki/context.ts does not export wikiContext(f)']);
  });

  test('an early API folder passes unregistered, and its exception must go once the product is registered', () => {
    expect(shapeProblems(tree(['wiki/sync/names.ts']), ['wiki'], [], { wiki: 'why' })).toEqual([]);
    expect(shapeProblems(tree(built('wiki')), ['wiki'], ['wiki'], { wiki: 'why' })).toEqual([
      'wiki is registered: remove its early-folder exception',
    ]);
  });

  test('an early exception covers the API folder only', () => {
    expect(shapeProblems(tree(['commands/wiki/group.ts', 'wiki/sync/names.ts']), ['wiki'], [], { wiki: 'why' })).toEqual([
      'src/commands/wiki/ exists but wiki is not registered in src/sandbox/registry.ts',
    ]);
  });

  test('a folder named after no product fails', () => {
    expect(shapeProblems(tree(['sandbox/wikki/routes.ts', 'commands/wikki/group.ts', 'commands/auth/login.ts']), ['wiki'], [], {})).toEqual(
      [
        'src/sandbox/wikki/ is not a product in src/products.ts',
        'src/commands/wikki/ is neither a product in src/products.ts nor a known group',
      ],
    );
  });
});
