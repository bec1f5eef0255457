/**
 * Fails (exit 1) on any import cycle among the modules under a folder (src/ by default).
 *
 * Every import counts: static ones, `export … from`, dynamic `import()` and type-only ones
 * (`import type`, `import('./x.js').T`). A type-only cycle costs nothing at run time, but it ties
 * the modules together all the same: neither can be read, moved or tested without the other.
 * Only imports of files under the folder are followed; packages and node: modules are leaves.
 *
 * The TypeScript scanner (`preProcessFile`) lists the imports without parsing or type-checking,
 * so the whole of src/ takes a fraction of a second.
 *
 *   node scripts/check-cycles.mjs [folder]
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

/** Every .ts/.mts/.tsx file under `dir` (declaration files included: they may import too). */
function sourceFiles(dir) {
  const files = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...sourceFiles(path));
    else if (/\.(ts|mts|tsx)$/.test(entry.name)) files.push(path);
  }
  return files;
}

function isFile(path) {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** The file a relative specifier names, as NodeNext resolution finds it in the sources: `./x.js` is ./x.ts. */
function resolveSpecifier(from, specifier) {
  if (!specifier.startsWith('.')) return undefined;
  const base = resolve(dirname(from), specifier);
  const candidates = [base];
  const js = /\.(m?)js$/.exec(base);
  if (js) {
    const stem = base.slice(0, -js[0].length);
    candidates.unshift(`${stem}.${js[1]}ts`, `${stem}.tsx`, `${stem}.d.${js[1]}ts`);
  } else {
    candidates.push(`${base}.ts`, join(base, 'index.ts'));
  }
  return candidates.find(isFile);
}

/** Module → the modules under `root` it imports, in any way. */
export function importGraph(root) {
  const files = sourceFiles(root);
  const inside = new Set(files);
  const graph = new Map();
  for (const file of files) {
    // readImportFiles: import/export-from/require; detectJavaScriptImports: import() calls and types.
    const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    const targets = new Set();
    for (const { fileName } of importedFiles) {
      const target = resolveSpecifier(file, fileName);
      if (target !== undefined && inside.has(target)) targets.add(target);
    }
    graph.set(file, [...targets].sort());
  }
  return graph;
}

/** The strongly connected components with more than one module, or a module importing itself (Tarjan). */
export function findCycles(graph) {
  let counter = 0;
  const index = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const cycles = [];
  // Iterative, so a long import chain cannot overflow the call stack.
  for (const start of graph.keys()) {
    if (index.has(start)) continue;
    const work = [{ node: start, next: 0 }];
    index.set(start, counter);
    low.set(start, counter++);
    stack.push(start);
    onStack.add(start);
    while (work.length > 0) {
      const frame = work[work.length - 1];
      const edges = graph.get(frame.node) ?? [];
      if (frame.next < edges.length) {
        const target = edges[frame.next++];
        if (!index.has(target)) {
          index.set(target, counter);
          low.set(target, counter++);
          stack.push(target);
          onStack.add(target);
          work.push({ node: target, next: 0 });
        } else if (onStack.has(target)) {
          low.set(frame.node, Math.min(low.get(frame.node), index.get(target)));
        }
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1].node;
        low.set(parent, Math.min(low.get(parent), low.get(frame.node)));
      }
      if (low.get(frame.node) !== index.get(frame.node)) continue;
      const component = [];
      let member;
      do {
        member = stack.pop();
        onStack.delete(member);
        component.push(member);
      } while (member !== frame.node);
      const selfImport = (graph.get(frame.node) ?? []).includes(frame.node);
      if (component.length > 1 || selfImport) cycles.push(component.sort());
    }
  }
  return cycles;
}

/** One readable cycle through a component: a path from its first module back to it. */
export function cyclePath(graph, component) {
  const members = new Set(component);
  const start = component[0];
  const previous = new Map([[start, null]]);
  const queue = [start];
  while (queue.length > 0) {
    const node = queue.shift();
    for (const target of graph.get(node) ?? []) {
      if (!members.has(target)) continue;
      if (target === start) {
        const path = [start];
        for (let at = node; at !== null && at !== start; at = previous.get(at)) path.splice(1, 0, at);
        return [...path, start];
      }
      if (!previous.has(target)) {
        previous.set(target, node);
        queue.push(target);
      }
    }
  }
  return [start, start];
}

/** The cycles under `root`, each as a printable path of paths relative to `base`. */
export function checkCycles(root, base = process.cwd()) {
  const graph = importGraph(root);
  const show = (file) => relative(base, file).split(sep).join('/');
  return findCycles(graph).map((component) => ({
    modules: component.map(show),
    path: cyclePath(graph, component).map(show),
  }));
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = resolve(process.argv[2] ?? 'src');
  const cycles = checkCycles(root);
  if (cycles.length === 0) {
    process.stdout.write(`no import cycles under ${relative(process.cwd(), root) || '.'}\n`);
  } else {
    for (const cycle of cycles) {
      process.stderr.write(`error: import cycle among ${cycle.modules.length} modules: ${cycle.path.join(' -> ')}\n`);
      if (cycle.modules.length > 2) process.stderr.write(`  all of them: ${cycle.modules.join(', ')}\n`);
    }
    process.stderr.write(
      'hint: move what both sides need (often types) into a module of its own; see docs/ARCHITECTURE.md, "Modules and cycles"\n',
    );
    process.exitCode = 1;
  }
}
