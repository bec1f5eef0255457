/**
 * Seeds for the sandbox's Confluence.
 *
 * - `seedUsers(store, credentials)`: the people the sandbox's credentials authenticate as (the
 *   Cloud and Data Center demo user are one person), and a second author.
 * - `seedDemo(store)`: a documentation space `DOCS` of 34 pages in a tree (two of them in a Cloud folder), whose storage bodies use
 *   every construct the Markdown converter knows (headings, code macros with CDATA, nested and task
 *   lists, tables, quotes, rules, page links, images of real attached files, panels, expand,
 *   status, toc, mentions, emoticons, Jira macros) and the shapes it must carry through untouched
 *   (layouts, nested macros, tables in panels, unknown macros, inline comment markers); blog posts,
 *   comments, labels, page history and attachment versions; a personal space; and `BIG`, 640 pages
 *   generated in memory for paging. Deterministic except for timestamps, which are relative to the
 *   store's clock so `lastmodified >= now("-7d")` always finds the recent pages.
 */
import type { SandboxCredentials } from '../auth.js';
import type { ConfluenceStore, Content, Space } from './store.js';

const DAY = 86_400_000;

/** A 16×16 PNG gradient, so image attachments are real image bytes. */
export const DEMO_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAIAAACQkWg2AAABlklEQVR42hXR4RiFMQiG4Q9hCEMIYQghhDCEEIbwIIQQQgghDOHs9Lu7662+72N8zA/5WB/6YR/7wz/OBx/xkR/10R/34/sGYzAHMlgDHdhgD3xwBgxikIMa9OCOByZjMicyWROd2GRPfHImTGKSk5r05M4HhCFMQYQlqGDCFlw4AkIIKZTQwpUHFmMxF7JYC13YYi98cRYsYpGLWvTirgeUoUxFlKWoYspWXDkKSiiplNLK1QeMYUxDjGWoYcY23DgGRhhplNHGtQc2YzM3slkb3dhmb3xzNmxik5va9ObuB5zhTEec5ahjznbcOQ5OOOmU0871Bw7jMA9yWAc92GEf/HAOHOKQhzr04Z4H/s95534HfCd5S77YL8gb/Zr/FZBQ0HDf679gBDOQYAUaWLADD0782yPIoIIObjyQjGQmkqxEE0t24snJ//BIMqmkk5sPFKOYhRSr0MKKXXhx6h8liiyq6OLWA81oZiPNarSxZjfenP4Hjyabarq5/cBlXOZFLuuiF7vsi1/O/a8Zl7zUpS/38gNq4ZAQAX6pcwAAAABJRU5ErkJggg==',
  'base64',
);

const DEMO_SVG = Buffer.from(
  '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40"><rect width="120" height="40" fill="#0052cc"/>' +
    '<text x="10" y="25" fill="#fff" font-family="sans-serif">atl docs</text></svg>\n',
);

export const SECOND_AUTHOR_ID = '5d3f1a2b9c8e7d0012345678';

export function seedUsers(store: ConfluenceStore, credentials: SandboxCredentials): void {
  const { cloud, datacenter } = credentials;
  store.addUser({
    accountId: cloud.accountId,
    displayName: cloud.displayName,
    email: cloud.email,
    username: datacenter.username,
    userKey: '8a7f808a8d1c2e3f018d1c2e40a50000',
  });
  store.addUser({
    accountId: SECOND_AUTHOR_ID,
    displayName: 'Alex Writer',
    email: 'alex@example.com',
    username: 'alex',
    userKey: '8a7f808a8d1c2e3f018d1c2e40a50001',
  });
  for (const account of [credentials.serviceAccount, credentials.serviceAccountWriter, credentials.serviceAccountConfluence]) {
    store.addUser({
      accountId: account.accountId,
      displayName: account.displayName,
      email: account.email,
      username: account.displayName,
      userKey: `key-${account.displayName}`,
    });
  }
}

const page = (title: string) => `<ac:link><ri:page ri:content-title="${title}" /></ac:link>`;
const code = (language: string, body: string) =>
  `<ac:structured-macro ac:name="code" ac:schema-version="1" ac:macro-id="${macroId(language + body.length)}"><ac:parameter ac:name="language">${language}</ac:parameter><ac:plain-text-body><![CDATA[${body}]]></ac:plain-text-body></ac:structured-macro>`;
const panel = (name: string, title: string, body: string) =>
  `<ac:structured-macro ac:name="${name}" ac:schema-version="1" ac:macro-id="${macroId(name + title)}">${title ? `<ac:parameter ac:name="title">${title}</ac:parameter>` : ''}<ac:rich-text-body>${body}</ac:rich-text-body></ac:structured-macro>`;

/** A stable UUID-shaped macro id. */
function macroId(seed: string): string {
  let h = 2166136261;
  for (const ch of seed) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
  const hex = h.toString(16).padStart(8, '0');
  return `${hex}-1a2b-4c3d-8e4f-${hex}${hex.slice(0, 4)}`;
}

/** The demo pages: title, parent title, labels, days since the last change, body. */
interface DemoPage {
  title: string;
  parent: string | null;
  labels?: string[];
  daysAgo: number;
  body: string;
}

function demoPages(mentionId: string, userKey: string): DemoPage[] {
  return [
    {
      title: 'Getting Started',
      parent: null,
      labels: ['howto'],
      daysAgo: 2,
      body:
        '<h1>Getting Started</h1><p>This space documents <strong>atl</strong>, a command line for Atlassian products. ' +
        'Start with <em>Installation</em>, then read the <code>User Guide</code>.</p>' +
        `<p>Next: ${page('Installation')} and ${page('Configuration')}.</p><hr /><h2>Why atl?</h2>` +
        '<p>It is <span style="text-decoration: line-through;">slow</span> fast, and scriptable. See <a href="https://example.com/atl">the project site</a>.</p>',
    },
    {
      title: 'Installation',
      parent: 'Getting Started',
      labels: ['howto'],
      daysAgo: 1,
      body:
        '<h2>Install</h2><p>With npm:</p>' +
        code('bash', 'npm install -g atl\natl --version') +
        '<p>From source, where a CDATA end marker appears inside the code:</p>' +
        code('python', 'data = "]]]]><![CDATA[>"\nprint(data)') +
        '<h3>Verify</h3><p>Run <code>atl auth status</code>.</p>',
    },
    {
      title: 'Configuration',
      parent: 'Getting Started',
      daysAgo: 20,
      body:
        '<h2>Profiles</h2><p>Profiles live in the config file:</p>' +
        code('yaml', 'profiles:\n  work:\n    site: https://example.atlassian.net\n    email: me@example.com') +
        '<p>Environment variables override the file.</p>',
    },
    {
      title: 'First Steps',
      parent: 'Getting Started',
      daysAgo: 35,
      body: '<ol><li><p>Log in.</p></li><li><p>List spaces: <code>atl confluence space list</code>.</p></li><li><p>Pull docs.</p></li></ol>',
    },
    {
      title: 'User Guide',
      parent: null,
      labels: ['guide'],
      daysAgo: 40,
      body: `<p>How to write pages that convert cleanly.</p><ac:structured-macro ac:name="children" ac:schema-version="2" ac:macro-id="${macroId('children')}"><ac:parameter ac:name="all">true</ac:parameter></ac:structured-macro>`,
    },
    {
      title: 'Formatting Basics',
      parent: 'User Guide',
      labels: ['guide', 'formatting'],
      daysAgo: 3,
      body:
        '<h1>Heading 1</h1><h2>Heading 2</h2><h3>Heading 3</h3><h4>Heading 4</h4><h5>Heading 5</h5><h6>Heading 6</h6>' +
        '<p><strong>Bold</strong>, <em>italic</em>, <code>code</code>, <u>underline</u>, <sub>sub</sub>, <sup>sup</sup>, ' +
        '<span style="color: rgb(255,86,48);">red text</span> and a <time datetime="2026-01-15" />.</p>' +
        '<blockquote><p>A quotation spanning</p><p>two paragraphs.</p></blockquote><hr /><p>Line one<br />line two</p>',
    },
    {
      title: 'Lists and Tasks',
      parent: 'User Guide',
      labels: ['guide'],
      daysAgo: 9,
      body:
        '<ul><li>One<ul><li>One A</li><li>One B<ul><li>Deep</li></ul></li></ul></li><li><p>Two</p></li></ul>' +
        '<ol start="3"><li>Third</li><li>Fourth<ol><li>Nested ordered</li></ol></li></ol>' +
        '<ac:task-list><ac:task><ac:task-id>1</ac:task-id><ac:task-status>complete</ac:task-status><ac:task-body>Write the docs</ac:task-body></ac:task>' +
        '<ac:task><ac:task-id>2</ac:task-id><ac:task-status>incomplete</ac:task-status><ac:task-body>Review <strong>them</strong></ac:task-body></ac:task></ac:task-list>',
    },
    {
      title: 'Tables',
      parent: 'User Guide',
      labels: ['guide', 'tables'],
      daysAgo: 12,
      body:
        '<table data-layout="default"><colgroup><col /><col /></colgroup><tbody><tr><th><p>Command</p></th><th><p>What it does</p></th></tr>' +
        '<tr><td><p><code>page view</code></p></td><td><p>Shows a page</p></td></tr><tr><td><p><code>page edit</code></p></td><td><p>Edits a page</p></td></tr></tbody></table>' +
        '<p>A table without a header row:</p><table><tbody><tr><td>a</td><td>b</td></tr><tr><td>c</td><td>d</td></tr></tbody></table>' +
        '<p>A table with merged cells:</p><table><tbody><tr><th colspan="2">Merged</th></tr><tr><td>x</td><td>y</td></tr></tbody></table>',
    },
    {
      title: 'Links and Images',
      parent: 'User Guide',
      labels: ['guide'],
      daysAgo: 4,
      body:
        `<p>See ${page('Tables')} and <ac:link ac:anchor="Install"><ri:page ri:content-title="Installation" /><ac:plain-text-link-body><![CDATA[the install section]]></ac:plain-text-link-body></ac:link>.</p>` +
        '<p>In another space: <ac:link><ri:page ri:space-key="~demo" ri:content-title="Personal Notes" /></ac:link>.</p>' +
        '<p><ac:image ac:alt="Diagram"><ri:attachment ri:filename="diagram.png" /></ac:image></p>' +
        '<p><ac:image ac:width="200" ac:align="center"><ri:attachment ri:filename="diagram.png" /></ac:image></p>' +
        '<p><ac:image><ri:url ri:value="https://example.com/logo.png" /></ac:image></p>' +
        '<p>Download <ac:link><ri:attachment ri:filename="diagram.png" /><ac:plain-text-link-body><![CDATA[the diagram]]></ac:plain-text-link-body></ac:link>.</p>',
    },
    {
      title: 'Panels and Callouts',
      parent: 'User Guide',
      labels: ['guide', 'panels'],
      daysAgo: 6,
      body:
        panel('info', 'Good to know', '<p>Info panels hold notes.</p>') +
        panel('note', '', '<p>A note panel (yellow).</p>') +
        panel('warning', 'Careful', '<p>A warning panel (red).</p><p>With two paragraphs.</p>') +
        panel('tip', 'Pro tip', '<p>Use <code>--dry-run</code> first.</p>'),
    },
    {
      title: 'Expand and Status',
      parent: 'User Guide',
      daysAgo: 15,
      body:
        panel('expand', 'Click to see more', '<p>Hidden details.</p>') +
        `<p>State: <ac:structured-macro ac:name="status" ac:schema-version="1" ac:macro-id="${macroId('status1')}"><ac:parameter ac:name="colour">Green</ac:parameter><ac:parameter ac:name="title">DONE</ac:parameter></ac:structured-macro> ` +
        `and <ac:structured-macro ac:name="status" ac:schema-version="1" ac:macro-id="${macroId('status2')}"><ac:parameter ac:name="colour">Yellow</ac:parameter><ac:parameter ac:name="title">IN REVIEW</ac:parameter><ac:parameter ac:name="subtle">true</ac:parameter></ac:structured-macro>.</p>`,
    },
    {
      title: 'Mentions and Emoticons',
      parent: 'User Guide',
      daysAgo: 5,
      body:
        `<p>Ask <ac:link><ri:user ri:account-id="${mentionId}" /></ac:link> (Cloud) or <ac:link><ri:user ri:userkey="${userKey}" /></ac:link> (Data Center).</p>` +
        '<p>Feelings: <ac:emoticon ac:name="smile" /> <ac:emoticon ac:name="thumbs-up" /> ' +
        '<ac:emoticon ac:name="blue-star" ac:emoji-shortname=":rocket:" ac:emoji-id="1f680" ac:emoji-fallback="🚀" /></p>',
    },
    {
      title: 'Jira Issues',
      parent: 'User Guide',
      labels: ['jira'],
      daysAgo: 8,
      body:
        `<p>Tracked in <ac:structured-macro ac:name="jira" ac:schema-version="1" ac:macro-id="${macroId('jira1')}"><ac:parameter ac:name="server">System Jira</ac:parameter><ac:parameter ac:name="serverId">6a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d</ac:parameter><ac:parameter ac:name="key">DEMO-1</ac:parameter></ac:structured-macro>.</p>` +
        `<ac:structured-macro ac:name="jira" ac:schema-version="1" ac:macro-id="${macroId('jira2')}"><ac:parameter ac:name="server">System Jira</ac:parameter><ac:parameter ac:name="jqlQuery">project = DEMO AND status = "In Progress"</ac:parameter><ac:parameter ac:name="columns">key,summary,status</ac:parameter></ac:structured-macro>`,
    },
    {
      title: 'Advanced',
      parent: null,
      daysAgo: 50,
      body: '<p>Real-world page shapes that Markdown cannot express and must survive a round trip.</p>',
    },
    {
      title: 'Page Layouts',
      parent: 'Advanced',
      labels: ['layout'],
      daysAgo: 10,
      body:
        '<ac:layout><ac:layout-section ac:type="two_equal" ac:breakout-mode="default"><ac:layout-cell><p>Left column</p></ac:layout-cell>' +
        '<ac:layout-cell><p>Right column with <ac:image><ri:attachment ri:filename="architecture.svg" /></ac:image></p></ac:layout-cell></ac:layout-section>' +
        '<ac:layout-section ac:type="single"><ac:layout-cell><p>Full width</p></ac:layout-cell></ac:layout-section></ac:layout>',
    },
    {
      title: 'Nested Macros',
      parent: 'Advanced',
      daysAgo: 11,
      body: panel(
        'expand',
        'Details',
        panel('info', 'Inside', `<p>Code inside a panel inside an expand:</p>${code('javascript', 'const x = 1 < 2 && 3 > 2;')}`),
      ),
    },
    {
      title: 'Tables in Panels',
      parent: 'Advanced',
      daysAgo: 13,
      body: panel(
        'note',
        'Matrix',
        '<table><tbody><tr><th>Flavour</th><th>API</th></tr><tr><td>Cloud</td><td>v2</td></tr><tr><td>Data Center</td><td>REST</td></tr></tbody></table>',
      ),
    },
    {
      title: 'Unknown Macros',
      parent: 'Advanced',
      labels: ['macros'],
      daysAgo: 14,
      body:
        `<ac:structured-macro ac:name="gallery" ac:schema-version="1" ac:macro-id="${macroId('gallery')}"><ac:parameter ac:name="columns">3</ac:parameter></ac:structured-macro>` +
        `<ac:structured-macro ac:name="roadmap" ac:schema-version="1" ac:macro-id="${macroId('roadmap')}"><ac:parameter ac:name="source">%7B%22title%22%3A%22Q1%22%7D</ac:parameter></ac:structured-macro>` +
        `<p>Inline: <ac:structured-macro ac:name="anchor" ac:schema-version="1" ac:macro-id="${macroId('anchor')}"><ac:parameter ac:name="">here</ac:parameter></ac:structured-macro> and a <ac:inline-comment-marker ac:ref="5c1d2e3f-aaaa-4bbb-8ccc-1234567890ab">commented phrase</ac:inline-comment-marker>.</p>` +
        '<ac:adf-extension><ac:adf-node type="panel"><ac:adf-attribute key="panel-type">note</ac:adf-attribute><ac:adf-content><p>A purple Cloud panel.</p></ac:adf-content></ac:adf-node><ac:adf-fallback><div class="panel"><p>A purple Cloud panel.</p></div></ac:adf-fallback></ac:adf-extension>' +
        `<ac:structured-macro ac:name="drawio" ac:schema-version="1" ac:macro-id="${macroId('drawio')}"><ac:parameter ac:name="diagramName">flow</ac:parameter><ac:parameter ac:name="revision">3</ac:parameter></ac:structured-macro>`,
    },
    {
      title: 'Code Samples',
      parent: 'Advanced',
      labels: ['code'],
      daysAgo: 16,
      body:
        code('typescript', 'export function add(a: number, b: number): number {\n  return a + b;\n}') +
        code('sql', "SELECT * FROM pages WHERE title LIKE '%<b>%';") +
        `<ac:structured-macro ac:name="code" ac:schema-version="1" ac:macro-id="${macroId('titled')}"><ac:parameter ac:name="title">build.sh</ac:parameter><ac:parameter ac:name="language">bash</ac:parameter><ac:parameter ac:name="linenumbers">true</ac:parameter><ac:plain-text-body><![CDATA[make all]]></ac:plain-text-body></ac:structured-macro>` +
        '<pre>preformatted\n  text</pre>',
    },
    {
      title: 'Reference',
      parent: null,
      labels: ['reference'],
      daysAgo: 60,
      body: `<ac:structured-macro ac:name="toc" ac:schema-version="1" ac:macro-id="${macroId('toc-ref')}" /><h2>Commands</h2><p>All commands.</p><h2>APIs</h2><p>All APIs.</p>`,
    },
    {
      title: 'CLI Reference',
      parent: 'Reference',
      labels: ['reference', 'cli'],
      daysAgo: 22,
      body: '<h2>atl confluence</h2><table><tbody><tr><th>Command</th><th>Flags</th></tr><tr><td>space list</td><td>--type, --json</td></tr><tr><td>search</td><td>--space, --title, --text, --label</td></tr></tbody></table>',
    },
    {
      title: 'API Notes',
      parent: 'Reference',
      labels: ['reference', 'api'],
      daysAgo: 25,
      body:
        '<p>Cloud uses v2 with cursor paging; Data Center uses offsets.</p>' +
        code('json', '{"results": [], "_links": {"next": "/wiki/api/v2/pages?cursor=abc"}}'),
    },
    {
      title: 'Glossary',
      parent: 'Reference',
      labels: ['reference'],
      daysAgo: 30,
      body: '<dl><dt>Space</dt><dd>A container of pages.</dd><dt>Storage format</dt><dd>Confluence XHTML.</dd></dl>',
    },
    {
      title: 'FAQ',
      parent: 'Reference',
      labels: ['reference', 'faq'],
      daysAgo: 1,
      body: '<h3>Does pull overwrite my edits?</h3><p>Never: it merges three ways.</p><h3>Where are the notes?</h3><p>In the attached notes.txt.</p>',
    },
    {
      title: 'Release Notes',
      parent: null,
      labels: ['release'],
      daysAgo: 45,
      body: '<p>What changed in each release.</p>',
    },
    {
      title: 'Release 1.0',
      parent: 'Release Notes',
      labels: ['release'],
      daysAgo: 90,
      body: '<h2>1.0</h2><ul><li>First release.</li></ul>',
    },
    {
      title: 'Release 1.1',
      parent: 'Release Notes',
      labels: ['release'],
      daysAgo: 70,
      body: '<h2>1.1</h2><ul><li>Confluence search.</li></ul>',
    },
    {
      title: 'Release 2.0',
      parent: 'Release Notes',
      labels: ['release'],
      daysAgo: 0,
      body: '<h2>2.0</h2><ul><li>Docs sync.</li><li>Attachments.</li></ul>',
    },
    {
      title: 'Archive',
      parent: null,
      daysAgo: 120,
      body: '<p>Old material, kept for reference.</p>',
    },
    {
      title: 'Old Design',
      parent: 'Archive',
      labels: ['archive'],
      daysAgo: 200,
      body: '<p>The first design used ADF. It was replaced by the storage format.</p>',
    },
    {
      title: 'Meeting Notes',
      parent: 'Archive',
      labels: ['archive', 'meeting-notes'],
      daysAgo: 150,
      body:
        '<p><time datetime="2025-05-01" /> attendees: <ac:link><ri:user ri:account-id="' +
        mentionId +
        '" /></ac:link></p><ac:task-list><ac:task><ac:task-id>7</ac:task-id><ac:task-status>incomplete</ac:task-status><ac:task-body>Follow up</ac:task-body></ac:task></ac:task-list>',
    },
  ];
}

/** Runs `fn` with the store's clock at `at`, so seeded versions and files carry past dates. */
function atTime<T>(store: ConfluenceStore, at: number, fn: () => T): T {
  const clock = store.now;
  store.now = () => at;
  try {
    return fn();
  } finally {
    store.now = clock;
  }
}

export function seedDemo(store: ConfluenceStore): { docs: Space; big: Space; personal: Space } {
  const now = store.now();
  const author = store.defaultAuthorId;
  const user = store.user(author);
  const docs = atTime(store, now - 400 * DAY, () =>
    store.addSpace({
      key: 'DOCS',
      name: 'Documentation',
      description: 'The atl documentation: every construct the Markdown converter knows.',
      homepageTitle: 'Documentation Home',
      homepageBody:
        `<ac:structured-macro ac:name="toc" ac:schema-version="1" ac:macro-id="${macroId('toc-home')}" />` +
        `<h1>Welcome</h1><p>Start with ${page('Getting Started')}, or read the ${page('User Guide')}.</p>`,
    }),
  );
  const byTitle = new Map<string, Content>();
  for (const p of demoPages(author, user?.userKey ?? author)) {
    const created = store.addPage({
      spaceId: docs.id,
      title: p.title,
      body: p.body,
      parentId: p.parent ? byTitle.get(p.parent)!.id : docs.homepageId,
      labels: p.labels ?? [],
      createdAt: now - (p.daysAgo + 30) * DAY,
      authorId: p.daysAgo % 3 === 0 ? SECOND_AUTHOR_ID : author,
    });
    // Every page's last change is `daysAgo` days back; a second version makes that its history.
    atTime(store, now - p.daysAgo * DAY - 3_600_000, () =>
      store.updatePage(created.id, 2, { body: p.body, message: 'Tidy up', authorId: author, minorEdit: true }),
    );
    byTitle.set(p.title, created);
  }
  // A Cloud folder with pages in it (Data Center, which has no folders, shows them under the home page).
  const handbook = atTime(store, now - 50 * DAY, () => store.addFolder({ spaceId: docs.id, title: 'Team Handbook' }));
  for (const p of [
    {
      title: 'Onboarding',
      labels: ['handbook'],
      body: `<p>Welcome aboard. Read ${page('Getting Started')} first.</p><p><ac:image><ri:attachment ri:filename="team.png" /></ac:image></p>`,
    },
    { title: 'On-call', labels: [], body: '<h2>Rotation</h2><p>One week each, handed over on Mondays.</p>' },
  ]) {
    const created = store.addPage({
      spaceId: docs.id,
      title: p.title,
      body: p.body,
      parentId: handbook.id,
      labels: p.labels,
      createdAt: now - 45 * DAY,
      authorId: author,
    });
    byTitle.set(p.title, created);
  }
  atTime(store, now - 45 * DAY, () => store.addAttachment(byTitle.get('Onboarding')!.id, { filename: 'team.png', content: DEMO_PNG }));

  // A page with a longer history, each version different.
  const start = byTitle.get('Getting Started')!;
  const lastBody = start.versions.at(-1)!.body;
  atTime(store, now - DAY, () =>
    store.updatePage(start.id, 3, {
      body: `${lastBody}<p>Added a line in version 3.</p>`,
      message: 'Version 3',
      authorId: SECOND_AUTHOR_ID,
    }),
  );
  atTime(store, now - 2 * 3_600_000, () =>
    store.updatePage(start.id, 4, { body: `${lastBody}<p>Rewritten in version 4.</p>`, message: 'Version 4', authorId: author }),
  );

  const images = byTitle.get('Links and Images')!;
  atTime(store, now - 4 * DAY, () =>
    store.addAttachment(images.id, { filename: 'diagram.png', content: DEMO_PNG, comment: 'The diagram' }),
  );
  atTime(store, now - 10 * DAY, () =>
    store.addAttachment(byTitle.get('Page Layouts')!.id, { filename: 'architecture.svg', content: DEMO_SVG }),
  );
  const faq = byTitle.get('FAQ')!;
  atTime(store, now - 3 * DAY, () => store.addAttachment(faq.id, { filename: 'notes.txt', content: Buffer.from('First notes.\n') }));
  atTime(store, now - DAY, () =>
    store.addAttachment(faq.id, {
      filename: 'notes.txt',
      content: Buffer.from('First notes.\nSecond version.\n'),
      comment: 'Second version',
    }),
  );

  atTime(store, now - 2 * DAY, () => store.addComment(start.id, '<p>Very helpful, thanks!</p>', SECOND_AUTHOR_ID));
  atTime(store, now - DAY, () => store.addComment(start.id, '<p>Added a note on profiles.</p>', author));
  atTime(store, now - 5 * DAY, () => store.addComment(faq.id, '<p>Could we add a question about proxies?</p>', SECOND_AUTHOR_ID));

  const posts = [
    { title: 'Announcing atl 2.0', daysAgo: 0, body: '<p>atl 2.0 brings Confluence support.</p>', labels: ['announcement'] },
    {
      title: 'Docs as code with atl',
      daysAgo: 6,
      body: `<p>Pull, edit, push.</p>${code('bash', 'atl confluence docs pull DOCS docs/')}`,
      labels: [],
    },
    { title: 'Sandbox tips', daysAgo: 21, body: '<p>Try everything against <code>atl sandbox</code>.</p>', labels: ['tips'] },
  ];
  for (const post of posts) {
    store.addPage({
      spaceId: docs.id,
      type: 'blogpost',
      title: post.title,
      body: post.body,
      labels: post.labels,
      createdAt: now - post.daysAgo * DAY - 7_200_000,
    });
  }

  const personal = atTime(store, now - 300 * DAY, () =>
    store.addSpace({ key: '~demo', name: user?.displayName ?? 'Demo User', type: 'personal', description: 'Personal space.' }),
  );
  store.addPage({ spaceId: personal.id, title: 'Personal Notes', body: '<p>My notes.</p>', createdAt: now - 40 * DAY });

  const big = atTime(store, now - 200 * DAY, () =>
    store.addSpace({ key: 'BIG', name: 'Big Space', description: 'Many generated pages, for paging.' }),
  );
  store.addBulkPages('BIG', 640, { prefix: 'Big Page' });
  return { docs, big, personal };
}
