// The storage bodies of the docs-sync benchmark's seeded pages (shared with bench/docs-convert.mjs).

/** Storage bodies for the seeded pages, from the DOCS pages' own: 6 in 10 small, 3 ~5 KB, 1 ~20 KB. */
export function benchBodies(docsBodies) {
  const code = Array.from(
    { length: 60 },
    (_, i) =>
      `export function step${i}(input: Record<string, number>): number {\n  return Object.values(input).reduce((a, b) => a + b * ${i}, 0);\n}`,
  ).join('\n');
  const codeMacro = `<ac:structured-macro ac:name="code" ac:schema-version="1"><ac:parameter ac:name="language">typescript</ac:parameter><ac:plain-text-body><![CDATA[${code.slice(0, 4000)}]]></ac:plain-text-body></ac:structured-macro>`;
  const table = (rows) =>
    `<table><tbody><tr><th>Option</th><th>Default</th><th>Meaning</th></tr>${Array.from(
      { length: rows },
      (_, i) =>
        `<tr><td><code>--option-${i}</code></td><td>${i * 7}</td><td>What option ${i} does, with <strong>emphasis</strong> and a <a href="https://example.com/${i}">link</a>.</td></tr>`,
    ).join('')}</tbody></table>`;
  const medium = (i) => [0, 1, 2, 3, 4, 5].map((k) => docsBodies[(i + k * 5) % docsBodies.length]).join('') + table(15);
  const large = (i) => `<h1>Reference ${i}</h1>${docsBodies.join('')}${codeMacro}${table(60)}`;
  const bodies = [];
  for (let i = 0; i < 40; i += 1) {
    const slot = i % 10;
    bodies.push(slot === 9 ? large(i) : slot >= 6 ? medium(i) : docsBodies[i % docsBodies.length]);
  }
  return bodies;
}
