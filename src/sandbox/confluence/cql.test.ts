// The sandbox's CQL subset: parsing (precedence, IN lists, functions, ORDER BY), matching and the
// refusals of what it does not understand.
import { describe, expect, test } from 'vitest';
import { generateCredentials } from '../auth.js';
import { CqlError, type Hit, parseCql, runCql } from './cql.js';
import { seedUsers } from './seed.js';
import { ConfluenceStore, titleOf } from './store.js';

const DAY = 86_400_000;
const NOW = Date.parse('2026-06-15T12:00:00Z');

function store(): ConfluenceStore {
  const s = new ConfluenceStore();
  s.now = () => NOW;
  seedUsers(s, generateCredentials());
  const space = s.addSpace({ key: 'S', name: 'Space' });
  const other = s.addSpace({ key: 'O', name: 'Other' });
  const guide = s.addPage({
    spaceId: space.id,
    title: 'User Guide',
    body: '<p>How to write docs.</p>',
    labels: ['guide'],
    createdAt: NOW - 30 * DAY,
  });
  s.addPage({
    spaceId: space.id,
    title: 'Install Guide',
    parentId: guide.id,
    body: '<p>npm install</p>',
    labels: ['guide', 'setup'],
    createdAt: NOW - 2 * DAY,
  });
  s.addPage({ spaceId: space.id, title: 'Release notes', body: '<p>Shipped <strong>fast</strong>.</p>', createdAt: NOW - 10 * DAY });
  s.addPage({ spaceId: other.id, title: 'Guide elsewhere', createdAt: NOW - DAY, labels: ['guide'] });
  s.addPage({ spaceId: space.id, title: 'News', type: 'blogpost', createdAt: NOW - 3 * DAY });
  s.addAttachment(guide.id, { filename: 'guide.pdf', content: Buffer.from('%PDF') });
  return s;
}

const title = (hit: Hit) => (hit.kind === 'attachment' ? hit.attachment.filename : titleOf(hit.content));
const run = (s: ConfluenceStore, cql: string) => runCql(s, cql, s.defaultAuthorId).map(title);

describe('runCql', () => {
  const s = store();

  test('space, type, title ~ (words, prefix*), title =, text ~ over the body', () => {
    expect(run(s, 'space = S AND type = page AND title ~ guide ORDER BY title')).toEqual(['Install Guide', 'User Guide']);
    expect(run(s, 'title ~ "gui*" AND type = page ORDER BY title DESC')).toEqual(['User Guide', 'Install Guide', 'Guide elsewhere']);
    expect(run(s, 'title = "User Guide"')).toEqual(['User Guide']);
    expect(run(s, 'text ~ "shipped fast"')).toEqual(['Release notes']);
    expect(run(s, 'text ~ "guide.pdf"')).toEqual(['guide.pdf']);
  });

  test('labels, IN and NOT IN, AND binds tighter than OR, NOT and parentheses', () => {
    expect(run(s, 'label = setup')).toEqual(['Install Guide']);
    expect(run(s, 'label IN (setup, guide) AND space = S ORDER BY title')).toEqual(['Install Guide', 'User Guide']);
    expect(run(s, 'type = page AND space NOT IN (O) ORDER BY title')).toEqual([
      'Install Guide',
      'Release notes',
      'Space Home',
      'User Guide',
    ]);
    expect(run(s, 'label = setup OR label = guide AND space = O ORDER BY title')).toEqual(['Guide elsewhere', 'Install Guide']);
    expect(run(s, '(label = setup OR label = guide) AND NOT space = O ORDER BY title')).toEqual(['Install Guide', 'User Guide']);
  });

  test('lastmodified and created against now("-7d") and dates; ancestor; creator = currentUser(); default order newest first', () => {
    // The home pages were made at `now`; ties keep creation order.
    expect(run(s, 'type = page AND lastmodified >= now("-7d")')).toEqual(['Space Home', 'Other Home', 'Guide elsewhere', 'Install Guide']);
    expect(run(s, 'type = page AND created < "2026-06-01" ORDER BY created')).toEqual(['User Guide']);
    expect(run(s, 'type = blogpost AND created >= startOfDay("-1d")')).toEqual([]);
    expect(run(s, `ancestor = ${[...s.contents.values()].find((c) => titleOf(c) === 'User Guide')!.id}`)).toEqual(['Install Guide']);
    expect(run(s, 'creator = currentUser() AND type = attachment')).toEqual(['guide.pdf']);
  });

  test('what it cannot read is a CqlError naming the problem', () => {
    expect(() => parseCql('space = ', NOW)).toThrow(CqlError);
    expect(() => parseCql('colour = red', NOW)).toThrow(/unsupported field 'colour'/);
    expect(() => parseCql('space == S', NOW)).toThrow(CqlError);
    expect(() => parseCql('lastmodified > now("-7 days")', NOW)).toThrow(/bad now\(\) offset/);
    expect(() => parseCql('label ~ x', NOW)).not.toThrow();
    expect(() => runCql(s, 'label ~ x', null)).toThrow(/operator ~ is not supported for label/);
    expect(() => parseCql('space = S ORDER BY colour', NOW)).toThrow(CqlError);
    expect(() => parseCql('space = S extra', NOW)).toThrow(/unexpected 'extra'/);
  });

  test('an empty query or ORDER BY alone selects everything', () => {
    expect(parseCql('ORDER BY title', NOW)).toEqual({ where: null, orderBy: [{ field: 'title', descending: false }] });
    expect(runCql(s, 'order by created desc', null).length).toBe(s.contents.size + s.attachments.size);
  });
});
