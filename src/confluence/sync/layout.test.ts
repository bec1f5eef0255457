import { describe, expect, test } from 'vitest';
import { attachmentFileNames, layoutTree, MAX_DIRECTORY_PATH, MAX_PATH, type TreeNode } from './layout.js';
import { Manifest } from './manifest.js';

const ROOT = 'C:\\Users\\ana\\docs'; // 17 units
const page = (id: string, title: string, parentId: string | null = null, extra: Partial<TreeNode> = {}): TreeNode => ({
  id,
  title,
  parentId,
  ...extra,
});
const pathsOf = (nodes: TreeNode[], recorded?: Manifest): Record<string, string> =>
  Object.fromEntries([...layoutTree(nodes, { rootLength: ROOT.length, recorded }).places].map(([id, place]) => [id, place.path]));

/** Every order of a short list. */
function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [items.slice()];
  return items.flatMap((item, index) => permutations([...items.slice(0, index), ...items.slice(index + 1)]).map((rest) => [item, ...rest]));
}

describe('layout: leaves, pages with children, folders', () => {
  test('design note §3 layout', () => {
    const layout = layoutTree(
      [
        page('1', 'Home'),
        page('2', 'Guide', '1'),
        page('3', 'Setup', '2'),
        page('4', 'Archive', '1', { folder: true }),
        page('5', 'Old', '4'),
      ],
      { rootLength: ROOT.length },
    );
    expect(Object.fromEntries([...layout.places].map(([id, place]) => [id, [place.kind, place.path, place.attachmentsDir]]))).toEqual({
      '1': ['index', 'Home/index.md', 'Home/index.attachments'],
      '2': ['index', 'Home/Guide/index.md', 'Home/Guide/index.attachments'],
      '3': ['leaf', 'Home/Guide/Setup.md', 'Home/Guide/Setup.attachments'],
      '4': ['folder', 'Home/Archive', null],
      '5': ['leaf', 'Home/Archive/Old.md', 'Home/Archive/Old.attachments'],
    });
    expect(layout.tooLong).toEqual([]);
  });

  test('a parent outside the listed nodes puts the page at the top', () => {
    expect(pathsOf([page('7', 'Child', '999')])).toEqual({ '7': 'Child.md' });
  });

  test('a page listed twice or a cycle of parents is refused', () => {
    expect(() => layoutTree([page('1', 'A'), page('1', 'B')], { rootLength: 3 })).toThrow('page 1 is listed twice');
    expect(() => layoutTree([page('1', 'A', '2'), page('2', 'B', '1'), page('3', 'C')], { rootLength: 3 })).toThrow(
      'pages 1, 2 are their own ancestors',
    );
  });
});

describe('layout: sibling collisions after NFC and case folding', () => {
  test.each([
    // name, siblings [id, title, kind], expected paths by id
    [
      'case',
      [
        ['5', 'README'],
        ['3', 'readme'],
      ],
      { '3': 'readme.md', '5': 'README (5).md' },
    ],
    [
      'NFC vs NFD',
      [
        ['2', 'Café'],
        ['1', 'Cafe\u0301'],
      ],
      { '1': 'Café.md', '2': 'Café (2).md' },
    ],
    [
      'case and normalisation together',
      [
        ['1', 'CAFÉ'],
        ['2', 'cafe\u0301'],
      ],
      { '1': 'CAFÉ.md', '2': 'café (2).md' },
    ],
    [
      'ß and SS (APFS folds them)',
      [
        ['1', 'Straße'],
        ['2', 'STRASSE'],
      ],
      { '1': 'Straße.md', '2': 'STRASSE (2).md' },
    ],
    [
      'forbidden characters mapped alike',
      [
        ['1', 'A/B'],
        ['2', 'A:B'],
        ['3', 'A_B'],
      ],
      { '1': 'A_B.md', '2': 'A_B (2).md', '3': 'A_B (3).md' },
    ],
    [
      'trailing dots and spaces',
      [
        ['1', 'Notes'],
        ['2', 'Notes.'],
        ['3', 'Notes '],
      ],
      { '1': 'Notes.md', '2': 'Notes (2).md', '3': 'Notes (3).md' },
    ],
    [
      'device names',
      [
        ['1', 'CON'],
        ['2', 'con_'],
      ],
      { '1': 'CON_.md', '2': 'con_ (2).md' },
    ],
    [
      'numeric id order, not text order',
      [
        ['10', 'Page'],
        ['9', 'page'],
      ],
      { '9': 'page.md', '10': 'Page (10).md' },
    ],
    ['a leaf named like the directory index', [['1', 'Index']], { '1': 'Index (1).md' }],
    [
      'a title equal to another page’s suffixed name',
      [
        ['5', 'X (7)'],
        ['7', 'X'],
        ['3', 'x'],
      ],
      { '3': 'x.md', '5': 'X (7).md', '7': 'X (7-2).md' },
    ],
    [
      'two untitled pages',
      [
        ['1', '???'],
        ['2', '...'],
      ],
      { '1': 'untitled (1).md', '2': 'untitled (2).md' },
    ],
    [
      'no clash: different names',
      [
        ['1', 'Résumé'],
        ['2', 'Resume'],
      ],
      { '1': 'Résumé.md', '2': 'Resume.md' },
    ],
  ])('%s', (_name, siblings, expected) => {
    const nodes = (siblings as string[][]).map(([id, title]) => page(id as string, title as string));
    for (const order of permutations(nodes)) expect(pathsOf(order)).toEqual(expected);
  });

  test('a leaf’s attachments directory and a sibling directory of that name clash', () => {
    const nodes = [page('1', 'Guide'), page('2', 'guide.attachments'), page('3', 'Child', '2')];
    expect(pathsOf(nodes)).toEqual({ '1': 'Guide.md', '2': 'guide.attachments (2)/index.md', '3': 'guide.attachments (2)/Child.md' });
  });

  test('a leaf and a page with children of one title do not clash (Guide.md beside Guide/)', () => {
    const nodes = [page('1', 'Guide'), page('2', 'guide'), page('3', 'Child', '2')];
    expect(pathsOf(nodes)).toEqual({ '1': 'Guide.md', '2': 'guide/index.md', '3': 'guide/Child.md' });
  });

  test('a directory named like a leaf’s file clashes', () => {
    const nodes = [page('1', 'Guide'), page('2', 'Guide.md'), page('3', 'Child', '2')];
    expect(pathsOf(nodes)).toEqual({ '1': 'Guide.md', '2': 'Guide.md (2)/index.md', '3': 'Guide.md (2)/Child.md' });
  });

  test('the same titles under different parents do not clash', () => {
    const nodes = [
      page('1', 'A'),
      page('2', 'B'),
      page('3', 'Setup', '1'),
      page('4', 'Setup', '2'),
      page('5', 'x', '1'),
      page('6', 'x', '2'),
    ];
    expect(pathsOf(nodes)).toEqual({
      '1': 'A/index.md',
      '2': 'B/index.md',
      '3': 'A/Setup.md',
      '4': 'B/Setup.md',
      '5': 'A/x.md',
      '6': 'B/x.md',
    });
  });
});

describe('manifest rule: a path stays until the remote title or parent changes', () => {
  // Recorded by an earlier pull (maybe by an older mapper that used '-' for ':').
  const recorded = new Manifest([
    { id: '1', path: 'Home/index.md', title: 'Home', parentId: null },
    { id: '2', path: 'Home/Q-A.md', title: 'Q:A', parentId: '1' },
    { id: '3', path: 'Home/readme.md', title: 'readme', parentId: '1' },
    { id: '4', path: 'Home/Setup.md', title: 'Setup', parentId: '1' },
  ]);
  const tree = [page('1', 'Home'), page('2', 'Q:A', '1'), page('3', 'readme', '1'), page('4', 'Setup', '1')];

  test('unchanged title and parent: the recorded path, though the mapper would now say Q_A', () => {
    const layout = layoutTree(tree, { rootLength: ROOT.length, recorded });
    expect(layout.places.get('2')).toEqual({ id: '2', kind: 'leaf', path: 'Home/Q-A.md', attachmentsDir: 'Home/Q-A.attachments' });
  });

  test('a renamed title gets the new name and says where it moved from', () => {
    const layout = layoutTree([...tree.slice(0, 1), page('2', 'Q:A v2', '1'), ...tree.slice(2)], { rootLength: ROOT.length, recorded });
    expect(layout.places.get('2')).toMatchObject({ path: 'Home/Q_A v2.md', movedFrom: 'Home/Q-A.md' });
  });

  test('a changed parent gets a fresh name in the new directory', () => {
    const moved = [page('1', 'Home'), page('5', 'Other'), page('2', 'Q:A', '5'), page('3', 'readme', '1'), page('4', 'Setup', '1')];
    const layout = layoutTree(moved, { rootLength: ROOT.length, recorded });
    expect(layout.places.get('2')).toMatchObject({ path: 'Other/Q_A.md', movedFrom: 'Home/Q-A.md' });
  });

  test('the page on disk keeps the plain name against a new page with a lower id', () => {
    expect(pathsOf([...tree, page('0', 'README', '1')], recorded)).toMatchObject({ '3': 'Home/readme.md', '0': 'Home/README (0).md' });
  });

  test('a leaf that gains children keeps its name as the directory', () => {
    const layout = layoutTree([...tree, page('9', 'Step 1', '4')], { rootLength: ROOT.length, recorded });
    expect(layout.places.get('4')).toMatchObject({ kind: 'index', path: 'Home/Setup/index.md', movedFrom: 'Home/Setup.md' });
    expect(layout.places.get('9')?.path).toBe('Home/Setup/Step 1.md');
  });

  test('a renamed parent moves its children with it; their names stay', () => {
    const layout = layoutTree([page('1', 'Start'), ...tree.slice(1)], { rootLength: ROOT.length, recorded });
    expect(layout.places.get('2')).toMatchObject({ path: 'Start/Q-A.md', movedFrom: 'Home/Q-A.md' });
  });

  test('a recorded name that is not safe on every OS is replaced all the same', () => {
    const unsafe = new Manifest([
      { id: '1', path: 'Home/index.md', title: 'Home', parentId: null },
      { id: '2', path: 'Home/CON.md', title: 'CON', parentId: '1' },
      { id: '3', path: 'Home/a:b.md', title: 'a:b', parentId: '1' },
    ]);
    const layout = layoutTree([page('1', 'Home'), page('2', 'CON', '1'), page('3', 'a:b', '1')], {
      rootLength: ROOT.length,
      recorded: unsafe,
    });
    expect(layout.places.get('2')).toMatchObject({ path: 'Home/CON_.md', movedFrom: 'Home/CON.md' });
    expect(layout.places.get('3')).toMatchObject({ path: 'Home/a_b.md', movedFrom: 'Home/a:b.md' });
  });

  test('nothing moved: no movedFrom anywhere', () => {
    const layout = layoutTree(tree, { rootLength: ROOT.length, recorded });
    expect([...layout.places.values()].filter((place) => place.movedFrom !== undefined)).toEqual([]);
  });
});

describe('layout: whole paths under 260 characters', () => {
  const long = (letter: string, length: number): string => letter.repeat(length);

  test('a path within the limit is left alone, one over it is shortened', () => {
    // 17 + 1 + 236 + '.md' = 257 and 258 fit; one more does not.
    expect(pathsOf([page('1', long('a', 238))])['1']?.length).toBe(241);
    const shortened = pathsOf([page('1', long('a', 239))])['1'] as string;
    expect(ROOT.length + 1 + shortened.length).toBeLessThanOrEqual(MAX_PATH);
    expect(shortened).toBe(`${long('a', 234)} (1).md`);
  });

  test('the longest names on the path are cut to a common length, with the id keeping them unique', () => {
    const nodes = [page('1', long('p', 120)), page('2', long('c', 150), '1'), page('3', long('c', 150).toUpperCase(), '1')];
    const layout = layoutTree(nodes, { rootLength: ROOT.length });
    const paths = Object.fromEntries([...layout.places].map(([id, place]) => [id, place.path]));
    // Page 2: 18 + 120 + 1 + 150 + 3 = 292, 33 over: every name longer than 118 is cut to 118.
    expect(paths['1']).toBe(`${long('p', 114)} (1)/index.md`);
    expect(paths['2']).toBe(`${long('p', 114)} (1)/${long('c', 114)} (2).md`);
    // Page 3 (already `CCC… (3)` beside page 2) then only needs its own name cut to 119.
    expect(paths['3']).toBe(`${long('p', 114)} (1)/${long('C', 115)} (3).md`);
    for (const path of Object.values(paths)) expect(ROOT.length + 1 + path.length).toBeLessThanOrEqual(MAX_PATH);
    expect(layout.tooLong).toEqual([]);
  });

  test('a path that fits keeps every name whole', () => {
    const nodes = [page('1', long('p', 120)), page('2', long('c', 117), '1')]; // 18 + 120 + 1 + 117 + 3 = 259
    expect(pathsOf(nodes)).toEqual({ '1': `${long('p', 120)}/index.md`, '2': `${long('p', 120)}/${long('c', 117)}.md` });
  });

  test('deep trees: directories within 247, files within 259, in any input order', () => {
    const nodes = [
      page('1', long('a', 100)),
      page('2', long('b', 100), '1'),
      page('3', long('c', 100), '2'),
      page('4', long('d', 100), '3'),
    ];
    const first = layoutTree(nodes, { rootLength: ROOT.length });
    expect(first.tooLong).toEqual([]);
    // Longest first: the four names end up about equally long rather than one crushed to `d (4)`.
    expect(first.places.get('4')?.path).toBe(`${long('a', 54)} (1)/${long('b', 54)} (2)/${long('c', 54)} (3)/${long('d', 54)} (4).md`);
    for (const place of first.places.values()) {
      expect(ROOT.length + 1 + place.path.length).toBeLessThanOrEqual(MAX_PATH);
      const directory = place.path.slice(0, place.path.lastIndexOf('/'));
      expect(ROOT.length + 1 + directory.length).toBeLessThanOrEqual(MAX_DIRECTORY_PATH);
    }
    for (const order of permutations(nodes))
      expect(pathsOf(order)).toEqual(Object.fromEntries([...first.places].map(([id, place]) => [id, place.path])));
  });

  test('CJK titles: 3 bytes each cap a name at 81 characters, and paths count UTF-16 units', () => {
    const nodes = [page('1', '文档'.repeat(150)), page('2', '资料'.repeat(150), '1')];
    // Each name is cut to 81 characters (243 bytes + `.attachments` = 255); 120 + 1 + 81 + 1 + 81 + 3 = 287,
    // 28 over: both names are cut to 67 units, `(id)` included.
    const layout = layoutTree(nodes, { rootLength: 120 });
    expect(layout.places.get('1')?.path).toBe(`${'文档'.repeat(31)}文 (1)/index.md`);
    expect(layout.places.get('2')?.path).toBe(`${'文档'.repeat(31)}文 (1)/${'资料'.repeat(31)}资 (2).md`);
    expect(120 + 1 + (layout.places.get('2')?.path.length ?? 0)).toBe(MAX_PATH);
    expect(layout.tooLong).toEqual([]);
  });

  test('attachment names count: the attachments directory and the files in it', () => {
    const nodes = [page('1', long('a', 200), null, { longestAttachmentName: 60 })];
    const layout = layoutTree(nodes, { rootLength: ROOT.length });
    const place = layout.places.get('1');
    expect(ROOT.length + 1 + (place?.attachmentsDir?.length ?? 0) + 1 + 60).toBeLessThanOrEqual(MAX_PATH);
    expect(place?.path).toBe(`${long('a', 164)} (1).md`);
  });

  test('a recorded name is not shortened; what cannot be fixed is reported', () => {
    const recorded = new Manifest([{ id: '1', path: `${long('a', 200)}/index.md`, title: long('a', 200), parentId: null }]);
    const nodes = [page('1', long('a', 200)), page('2', 'Child', '1')];
    const layout = layoutTree(nodes, { rootLength: 60, recorded });
    // The directory is 60 + 1 + 200 = 261 > 247 (its index.md 270 > 259), and the child's own name
    // cannot make up for the parent's.
    expect(layout.places.get('1')?.path).toBe(`${long('a', 200)}/index.md`);
    expect(layout.tooLong).toEqual([
      { id: '1', path: long('a', 200), length: 261, limit: MAX_DIRECTORY_PATH },
      { id: '2', path: `${long('a', 200)}/Child.md`, length: 270, limit: MAX_PATH },
    ]);
  });

  test('a root too deep for any name is reported, not looped on', () => {
    const layout = layoutTree([page('1', 'Guide'), page('2', 'Setup', '1')], { rootLength: 250 });
    expect(layout.tooLong.map((entry) => entry.id)).toEqual(['1', '2']);
    for (const entry of layout.tooLong) expect(entry.length).toBeGreaterThan(entry.limit);
  });
});

describe('attachmentFileNames: one page’s attachments', () => {
  test('names equal after case folding or NFC get the attachment id, the lowest id keeping the plain name, in any order', () => {
    const attachments = [
      { id: '31', name: 'Diagram.PNG' },
      { id: '30', name: 'diagram.png' },
      { id: '32', name: 'Cafe\u0301.txt' },
      { id: '33', name: 'Café.txt' },
      { id: '34', name: 'notes.md' },
    ];
    const expected = { '30': 'diagram.png', '31': 'Diagram (31).PNG', '32': 'Café.txt', '33': 'Café (33).txt', '34': 'notes.md' };
    for (const order of permutations(attachments)) expect(Object.fromEntries(attachmentFileNames(order))).toEqual(expected);
  });
});
