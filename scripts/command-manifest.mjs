// Lists every command and group module under src/commands so the CLI can register them without
// a hand-kept list. Used by the esbuild build and by vitest (as the module `virtual:atl-commands`).
import { readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const VIRTUAL_ID = 'virtual:atl-commands';
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

/** Source of the virtual module: an array of every command/group spec. */
export function manifestSource() {
  const files = commandModules();
  const imports = files.map((file, i) => `import m${i} from ${JSON.stringify(file)};`).join('\n');
  return `${imports}\nexport default [${files.map((_, i) => `m${i}`).join(', ')}];\n`;
}

export const esbuildCommandsPlugin = {
  name: 'atl-commands',
  setup(build) {
    build.onResolve({ filter: /^virtual:atl-commands$/ }, () => ({ path: VIRTUAL_ID, namespace: 'atl-commands' }));
    build.onLoad({ filter: /.*/, namespace: 'atl-commands' }, () => ({
      contents: manifestSource(),
      loader: 'ts',
      resolveDir: commandsDir,
      watchFiles: commandModules(),
      watchDirs: [commandsDir],
    }));
  },
};

export const viteCommandsPlugin = {
  name: 'atl-commands',
  resolveId(id) {
    return id === VIRTUAL_ID ? `\0${VIRTUAL_ID}` : null;
  },
  load(id) {
    return id === `\0${VIRTUAL_ID}` ? manifestSource() : null;
  },
};
