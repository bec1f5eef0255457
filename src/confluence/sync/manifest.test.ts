import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { AtlError } from '../../errors.js';
import { compareIds, Manifest, type ManifestEntry, nativePath, pathStyleFor, stableJson, storedPath } from './manifest.js';

const entry = (id: string, path: string, title = path, parentId: string | null = null): ManifestEntry => ({ id, path, title, parentId });

const entries = [
  entry('100', 'Home/index.md', 'Home'),
  entry('9', 'Home/Guide.md', 'Guide', '100'),
  entry('20', 'Home/Café.md', 'Café', '100'),
  entry('x-7', 'Home/Folder', 'Folder', '100'),
];

describe('compareIds', () => {
  test('numeric ids by value, whatever their length; others after them', () => {
    expect(['100', '9', 'x-7', '20', '4294967296', 'a'].sort(compareIds)).toEqual(['9', '20', '100', '4294967296', 'a', 'x-7']);
  });
});

describe('serialising', () => {
  test('round trip through the state file text', () => {
    const manifest = new Manifest(entries);
    const text = stableJson({ pages: manifest });
    const again = Manifest.fromJSON((JSON.parse(text) as { pages: unknown }).pages);
    expect(again.entries()).toEqual(manifest.entries());
    expect(stableJson({ pages: again })).toBe(text);
  });

  test('the same entries give the same bytes in any insertion order, sorted by id with sorted keys', () => {
    const forwards = stableJson({ pages: new Manifest(entries) });
    const backwards = stableJson({ pages: new Manifest([...entries].reverse()) });
    expect(backwards).toBe(forwards);
    expect(forwards).toBe(
      `${JSON.stringify(
        {
          pages: [
            { id: '9', parentId: '100', path: 'Home/Guide.md', title: 'Guide' },
            { id: '20', parentId: '100', path: 'Home/Café.md', title: 'Café' },
            { id: '100', parentId: null, path: 'Home/index.md', title: 'Home' },
            { id: 'x-7', parentId: '100', path: 'Home/Folder', title: 'Folder' },
          ],
        },
        null,
        2,
      )}\n`,
    );
  });

  test('fields a caller adds are read by its readEntry and written with sorted keys', () => {
    interface SyncEntry extends ManifestEntry {
      baseVersion: number;
      attachments: Record<string, { version: number }>;
    }
    const raw = [
      {
        title: 'Guide',
        path: 'Guide.md',
        id: '9',
        parentId: null,
        baseVersion: 3,
        attachments: { 'b.png': { version: 1 }, 'a.png': { version: 2 } },
      },
    ];
    const manifest = Manifest.fromJSON<SyncEntry>(raw, (fields, core) => ({
      ...core,
      baseVersion: fields.baseVersion as number,
      attachments: fields.attachments as SyncEntry['attachments'],
    }));
    expect(manifest.get('9')?.baseVersion).toBe(3);
    expect(stableJson(manifest)).toBe(
      '[\n  {\n    "attachments": {\n      "a.png": {\n        "version": 2\n      },\n      "b.png": {\n        "version": 1\n      }\n    },\n' +
        '    "baseVersion": 3,\n    "id": "9",\n    "parentId": null,\n    "path": "Guide.md",\n    "title": "Guide"\n  }\n]\n',
    );
  });

  test('without readEntry, unknown fields are dropped', () => {
    const manifest = Manifest.fromJSON([{ id: '1', path: 'A.md', title: 'A', parentId: null, extra: true }]);
    expect(manifest.toJSON()).toEqual([entry('1', 'A.md', 'A')]);
  });
});

describe('a damaged manifest is a usage error naming the entry', () => {
  test.each([
    ['not a list', { pages: [] }, 'pages is not a list'],
    ['an entry not an object', ['x'], 'pages[0] is not an object'],
    ['no id', [{ path: 'A.md', title: 'A', parentId: null }], 'pages[0].id is not a page id'],
    ['a numeric id', [{ id: 1, path: 'A.md', title: 'A', parentId: null }], 'pages[0].id is not a page id'],
    ['no title', [{ id: '1', path: 'A.md', parentId: null }], 'pages[0].title is not a string'],
    ['a bad parent', [{ id: '1', path: 'A.md', title: 'A', parentId: 5 }], 'pages[0].parentId is neither a page id nor null'],
    ['a backslash path', [entry('1', 'Home\\A.md')], 'contains a backslash'],
    ['an absolute path', [entry('1', '/etc/A.md')], 'is absolute'],
    ['a drive path', [entry('1', 'C:/A.md')], 'is absolute'],
    ['a .. component', [entry('1', 'Home/../../A.md')], 'has an empty, . or .. component'],
    ['an empty component', [entry('1', 'Home//A.md')], 'has an empty, . or .. component'],
    ['an NFD path', [entry('1', 'Cafe\u0301.md')], 'is not in Unicode NFC'],
    ['an id twice', [entry('1', 'A.md'), entry('1', 'B.md')], 'page 1 is listed twice'],
    ['one path twice ignoring case', [entry('1', 'Home/A.md'), entry('2', 'home/a.md')], 'pages 1 and 2 share the path home/a.md'],
  ])('%s', (_name, value, message) => {
    let thrown: unknown;
    try {
      Manifest.fromJSON(value);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(AtlError);
    expect((thrown as AtlError).code).toBe('config');
    expect((thrown as AtlError).message).toContain(message);
  });
});

describe('lookups', () => {
  const manifest = new Manifest(entries);
  const linux = pathStyleFor('linux');
  const mac = pathStyleFor('darwin');
  const windows = pathStyleFor('win32');

  test('by id and by path', () => {
    expect(manifest.get('20')?.path).toBe('Home/Café.md');
    expect(manifest.byPath('Home/Guide.md', linux)?.id).toBe('9');
    expect(manifest.get('404')).toBeUndefined();
    expect(manifest.byPath('Home/Nothing.md', linux)).toBeUndefined();
  });

  test.each([
    // path asked for, style, id found
    ['home/guide.md', 'linux', undefined],
    ['home/guide.md', 'darwin', '9'],
    ['HOME/GUIDE.MD', 'win32', '9'],
    ['Home/Cafe\u0301.md', 'linux', '20'], // macOS (HFS+) lists names in NFD
    ['Home/CAFE\u0301.md', 'darwin', '20'],
    ['Home/CAFÉ.md', 'linux', undefined],
  ])('%j on %s → %s', (asked, platform, id) => {
    const style = platform === 'linux' ? linux : platform === 'darwin' ? mac : windows;
    expect(manifest.byPath(asked, style)?.id).toBe(id);
  });

  test('set replaces a page by id and frees its old path; another page may not take a path in use', () => {
    const copy = new Manifest(entries);
    copy.set(entry('9', 'Home/Guide v2.md', 'Guide v2', '100'));
    expect(copy.byPath('Home/Guide.md', linux)).toBeUndefined();
    expect(copy.byPath('Home/Guide v2.md', linux)?.id).toBe('9');
    expect(() => copy.set(entry('21', 'home/guide V2.md'))).toThrow("home/guide V2.md is page 9's path");
    copy.delete('9');
    copy.set(entry('21', 'home/guide V2.md'));
    expect(copy.size).toBe(4);
  });
});

describe('stored and native paths', () => {
  test.each([
    // relative path as the platform spells it, path module, stored form
    ['Home\\Guide.md', path.win32, 'Home/Guide.md'],
    ['Home/Guide.md', path.win32, 'Home/Guide.md'],
    ['.\\Home\\\\Guide.md', path.win32, 'Home/Guide.md'],
    ['Home/Guide.md', path.posix, 'Home/Guide.md'],
    ['Home/Cafe\u0301.md', path.posix, 'Home/Café.md'],
  ])('%j (%#) → %j', (relative, pathModule, stored) => {
    expect(storedPath(relative, pathModule)).toBe(stored);
  });

  test.each([
    ['C:\\docs\\Home\\Guide.md', path.win32],
    ['\\Home\\Guide.md', path.win32],
    ['/home/ana/Guide.md', path.posix],
    ['../Guide.md', path.posix],
    ['Home\\..\\..\\Guide.md', path.win32],
  ])('%j (%#) is refused', (relative, pathModule) => {
    expect(() => storedPath(relative, pathModule)).toThrow();
  });

  test('a stored path is joined with the platform separator', () => {
    expect(nativePath('C:\\Users\\ana\\docs', 'Home/Guide.md', path.win32)).toBe('C:\\Users\\ana\\docs\\Home\\Guide.md');
    expect(nativePath('/home/ana/docs', 'Home/Guide.md', path.posix)).toBe('/home/ana/docs/Home/Guide.md');
  });

  test('a backslash on Linux is part of a name, which a stored path refuses', () => {
    expect(() => storedPath('Home\\Guide.md', path.posix)).toThrow('contains a backslash');
  });
});
