// Lists every command and group module under src/commands so the CLI can register them without
// a hand-kept list. Used by the esbuild build and by vitest, as two virtual modules:
// - `virtual:atl-commands`: every command/group spec (tests walk the whole tree with it);
// - `virtual:atl-command-tree`: what the CLI loads. Group specs and top-level commands are static;
//   the commands of each top-level folder are one dynamic import (`virtual:atl-commands/<folder>`,
//   its own chunk), loaded only when argv names that folder. Every command file is evaluated to
//   build the tree, so without this `atl --help` would pay for every command's static imports.
import { existsSync, readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const VIRTUAL_ID = 'virtual:atl-commands';
export const TREE_ID = 'virtual:atl-command-tree';
const FOLDER_PREFIX = `${VIRTUAL_ID}/`;
const root = fileURLToPath(new URL('..', import.meta.url));
const commandsDir = join(root, 'src', 'commands');

function walk(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) return walk(full);
    return full;
  });
}

/**
 * Command files: src/commands/<group>/[<subgroup>/]<name>.ts. Files directly in src/commands are
 * the framework; files or folders whose name starts with `_` are helpers shared inside a group.
 */
export function commandModules() {
  return walk(commandsDir)
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts') && !file.endsWith('.d.ts'))
    .map((file) => relative(commandsDir, file).split(sep))
    .filter((parts) => parts.length > 1 && !parts.some((part) => part.startsWith('_')))
    .map((parts) => join(commandsDir, ...parts))
    .sort();
}

const topFolder = (file) => relative(commandsDir, file).split(sep)[0];
const isGroupFile = (file) => file.endsWith(`${sep}group.ts`);

/**
 * A folder with a `group.ts` is a group whose commands load lazily: its commands' paths must start
 * with the folder's name (src/cli.ts checks this when it loads them). A folder without one holds
 * top-level commands (`sandbox`, `version`), which are always loaded.
 */
export function commandTree() {
  const files = commandModules();
  const lazyFolders = [...new Set(files.map(topFolder))].filter((folder) => existsSync(join(commandsDir, folder, 'group.ts')));
  const eager = files.filter((file) => isGroupFile(file) || !lazyFolders.includes(topFolder(file)));
  const lazy = Object.fromEntries(
    lazyFolders.map((folder) => [folder, files.filter((file) => topFolder(file) === folder && !isGroupFile(file))]),
  );
  return { eager, lazy };
}

function arraySource(files) {
  const imports = files.map((file, i) => `import m${i} from ${JSON.stringify(file)};`).join('\n');
  return `${imports}\nexport default [${files.map((_, i) => `m${i}`).join(', ')}];\n`;
}

/** Source of `virtual:atl-commands`: an array of every command/group spec. */
export function manifestSource() {
  return arraySource(commandModules());
}

/** Source of `virtual:atl-command-tree`. */
export function treeSource() {
  const { eager, lazy } = commandTree();
  const imports = eager.map((file, i) => `import e${i} from ${JSON.stringify(file)};`).join('\n');
  const loaders = Object.keys(lazy)
    .map((folder) => `  ${JSON.stringify(folder)}: () => import(${JSON.stringify(FOLDER_PREFIX + folder)}).then((m) => m.default),`)
    .join('\n');
  return `${imports}\nexport const eagerSpecs = [${eager.map((_, i) => `e${i}`).join(', ')}];\nexport const lazyGroups = {\n${loaders}\n};\n`;
}

/** Source of `virtual:atl-commands/<folder>`, or null when that is not a lazy folder. */
function folderSource(folder) {
  const files = commandTree().lazy[folder];
  return files ? arraySource(files) : null;
}

function sourceFor(id) {
  if (id === VIRTUAL_ID) return manifestSource();
  if (id === TREE_ID) return treeSource();
  if (id.startsWith(FOLDER_PREFIX)) return folderSource(id.slice(FOLDER_PREFIX.length));
  return null;
}

const isVirtual = (id) => id === VIRTUAL_ID || id === TREE_ID || id.startsWith(FOLDER_PREFIX);

export const esbuildCommandsPlugin = {
  name: 'atl-commands',
  setup(build) {
    build.onResolve({ filter: /^virtual:atl-command/ }, (args) =>
      isVirtual(args.path) ? { path: args.path, namespace: 'atl-commands' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'atl-commands' }, (args) => {
      const contents = sourceFor(args.path);
      if (contents === null) return { errors: [{ text: `no command folder for ${args.path}` }] };
      return { contents, loader: 'ts', resolveDir: commandsDir, watchFiles: commandModules(), watchDirs: [commandsDir] };
    });
  },
};

export const viteCommandsPlugin = {
  name: 'atl-commands',
  resolveId(id) {
    return isVirtual(id) ? `\0${id}` : null;
  },
  load(id) {
    return id.startsWith('\0') && isVirtual(id.slice(1)) ? sourceFor(id.slice(1)) : null;
  },
};
