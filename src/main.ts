/**
 * The entry point, kept tiny and free of imports: `atl --version`, `atl --help` and each group's
 * `--help` are answered before any other module is loaded (each bundled chunk costs start-up
 * time); everything else lives in app.ts. It is built as CommonJS (scripts/build.mjs), so these
 * answers do not even start Node's ES module loader.
 *
 * The help texts are rendered by the build with the real command tree (renderGroupHelp in cli.ts)
 * and are printed here only when argv asks for nothing else. commander wraps help to the terminal
 * but never wider than the width it was rendered at, so the text holds for a pipe and for any terminal at
 * least that wide; a narrower one goes the live way.
 */
import type { PrecomputedHelp } from './cli.js';

const WORD = /^[a-z][a-z0-9-]*$/;

/**
 * Which help argv asks for: '' for the root, 'jira issue' for a group; undefined for anything else.
 * A bare group (`atl`, `atl jira`) asks for its help too, as in gh; only groups have precomputed
 * help, so a bare command (`atl sandbox`) is not caught by this.
 */
function helpKey(argv: readonly string[]): string | undefined {
  // `atl help` and `atl help <group>` (commander's help command takes one name).
  if (argv[0] === 'help' && argv.length <= 2) return argv.length === 1 ? '' : WORD.test(argv[1]!) ? argv[1] : undefined;
  const last = argv[argv.length - 1];
  const path = last === '--help' || last === '-h' ? argv.slice(0, -1) : argv;
  return path.every((word) => WORD.test(word)) ? path.join(' ') : undefined;
}

/** The group path with each alias (`servicedesk`, `bb`, `wiki`) replaced by its group's name, word by word. */
function canonicalKey(help: PrecomputedHelp, key: string): string {
  const path: string[] = [];
  for (const word of key === '' ? [] : key.split(' ')) {
    const alias = [...path, word].join(' ');
    path.push(help.aliases && Object.hasOwn(help.aliases, alias) ? help.aliases[alias]! : word);
  }
  return path.join(' ');
}

function precomputedHelp(argv: readonly string[]): string | undefined {
  const asked = helpKey(argv);
  if (asked === undefined) return undefined;
  const help = JSON.parse(__ATL_HELP__) as PrecomputedHelp;
  const key = canonicalKey(help, asked);
  if (!Object.hasOwn(help.texts, key)) return undefined;
  const { isTTY, columns } = process.stdout;
  return isTTY && columns !== undefined && columns < help.width ? undefined : help.texts[key];
}

const argv = process.argv.slice(2);
const answer = argv.length === 1 && argv[0] === '--version' ? `atl ${__ATL_VERSION__}\n` : precomputedHelp(argv);
if (answer !== undefined) {
  // `atl --help | head -1` may close the pipe first: that is not a failure. Windows reports a
  // closed pipe as EOF where POSIX says EPIPE (see isClosedPipe in app.ts).
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE' && err.code !== 'EOF') throw err;
  });
  process.stdout.write(answer);
} else {
  // --debug prints stack traces: through the shipped source maps they name the TypeScript sources,
  // not the minified chunks. Only with --debug: Node then reads the map of every module loaded
  // after this call (so it comes before app.js is imported), which other runs need not pay for.
  if (argv.includes('--debug') || process.env.ATL_DEBUG === '1') process.setSourceMapsEnabled(true);
  // (No top-level await: the entry is built as CommonJS, see scripts/build.mjs.)
  void import('./app.js').then(({ run }) => run(argv));
}
