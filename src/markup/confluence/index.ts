/**
 * The one converter between Markdown and Confluence storage format (XHTML with `ac:`/`ri:` elements),
 * for Cloud and Data Center alike. Lazily loaded (src/markup/** is a chunk): reach it with
 * `await import('../markup/confluence/index.js')`.
 *
 *   storageToMarkdown(storage, { pageLink?, attachmentPath?, userName? }): string
 *   markdownToStorage(markdown, { resolveLink?, attachmentName? }): string
 *   normalizeStorage(storage): string   — canonical form for "is this the same page?" comparisons
 *
 * Guarantees (golden tests in corpus.test.ts): storage → Markdown → storage is semantically identical
 * (normalizeStorage of both is equal), and the Markdown storageToMarkdown writes converts to storage and
 * back byte-identically. Nothing is dropped: what Markdown cannot say is carried in one of the forms below.
 *
 * Markdown is CommonMark + GFM as printed by ../markdown.ts (`-` bullets, `*`/`**`, backtick fences).
 *
 * | storage | Markdown |
 * |---|---|
 * | `h1`–`h6`, `p`, `strong`/`b`, `em`/`i`, `code`, `blockquote`, `hr`, `br` | `#`, paragraphs, `**`, `*`, backticks, `>`, `---`, `\` line end (`<br/>` at a paragraph's edge, in cells, headings, emphasis) |
 * | strikethrough (`<span style="text-decoration: line-through;">`, `s`, `del`, `strike`) | `~~` (written back as the span) |
 * | `u`, `sub`, `sup`, `span` (colours), `time`, `a` with other attributes, other inline HTML | the same inline HTML around Markdown content |
 * | `ul`/`ol` (`start` kept), nested | `-` / `1.`; a list is loose (blank lines) when an item holds more than a paragraph and lists |
 * | `ac:task-list` (nested too) | `- [ ]` / `- [x]`; task ids are renumbered |
 * | `table`: first row all `th`, the rest `td`, no spans, one paragraph per cell | GFM table; table attributes and `colgroup` in `<!-- atl:attrs {"table":{…},"colgroup":"…"} -->` just before it |
 * | `code` macro, only plain parameters and `language` | ```` ```lang title="T" linenumbers="true" ```` (other parameters as `name="json string"` in the info string) |
 * | `ac:link` + `ri:page` | `[text](pageLink(ref)#anchor)`; no link body when the text is the title |
 * | `ac:link` + `ri:attachment`, `ac:link ac:anchor` | `[text](attachmentPath(name))`, `[text](#anchor)` |
 * | `a href` | `[text](url "title")` (`href="#x"` stays inline HTML: `[t](#x)` is an `ac:link` anchor); a URL in text stays text (`https\://…`, escaped by the printer), only URLs typed bare in Markdown become links |
 * | `ac:image` + `ri:attachment` / `ri:url` | `![alt](path "title")`; other image attributes in `<!-- atl:attrs {…} -->` right after it |
 * | `info` / `tip` / `note` / `warning` (`title` only) | `> [!NOTE]` / `[!TIP]` / `[!WARNING]` / `[!CAUTION]` (by colour: `note` is yellow, `warning` red); `> [!NOTE] Title`; the body follows on `>` lines, its first paragraph on the marker's next line |
 * | `expand` (`title` only) | `<details>` + `<summary>Title</summary>`, the body as Markdown, `</details>` |
 * | `toc` without parameters | a paragraph `[[_TOC_]]` |
 * | `status` | `<atl-status colour="Green" subtle="true">TITLE</atl-status>` |
 * | `jira` | `<atl-jira key="ABC-1" server="…" serverId="…">ABC-1</atl-jira>` (every parameter an attribute) |
 * | `ac:link` + `ri:user` | `<atl-user account-id="…">@Name</atl-user>` (Data Center: `userkey="…"`; every `ri:user` attribute) |
 * | `ac:emoticon` | `<atl-emoticon name="tick" emoji-id="…">✅</atl-emoticon>` (every `ac:` attribute) |
 * | `ac:inline-comment-marker` | `<atl-c ref="…">text</atl-c>` |
 * | any other macro with a rich-text body and plain parameters (panel, section, column, …) | `<!-- atl:macro NAME {"attrs":{…},"params":{…}} -->`, the body as Markdown, `<!-- /atl:macro NAME -->` |
 * | `ac:layout`, `ac:layout-section`, `ac:layout-cell`, `div`; `p`/`h1`–`h6` with attributes | `<!-- atl:el TAG {"attrs":{…}} -->`, the content as Markdown, `<!-- /atl:el TAG -->` |
 * | anything else between blocks (unknown macros, `ac:adf-extension`, `pre`, other tables, empty `p`, comments) | block opaque: a ```` ```confluence-storage ```` fence holding the element's exact source bytes |
 * | anything else inside a line | inline opaque: `<atl-x xml="…the exact source, attribute-escaped…">its text</atl-x>` (the text is only shown) |
 *
 * Opaque forms convert back to the identical bytes (`ac:macro-id` included); the visible text of
 * `atl-x`, `atl-jira` and `atl-user` is ignored on the way back. Attributes Confluence adds on its
 * own (`ac:macro-id`, `ac:local-id`, `local-id`, `ac:schema-version`, `ri:version-at-save`) are left
 * out of native forms and ignored by normalizeStorage. `[!IMPORTANT]` has no panel: it stays a quote.
 *
 * Round trips that hold only semantically (normalizeStorage-equal, not byte-equal): whitespace
 * between blocks and runs of spaces; `<li>x</li>` vs `<li><p>x</p></li>` (and cells, quotes,
 * panel bodies; inline runs between blocks are read as paragraphs); `b`/`i`/`s`/`del`/`strike` vs
 * the forms written; attribute order and quoting; self-closing vs empty elements; CDATA vs escaped
 * text; `thead`/`tbody`; `ac:parameter` order; task ids; `ac:link-body` holding only text vs
 * `ac:plain-text-link-body`; a link body equal to the page title vs none; `class="confluenceTd"`
 * and the like; `data-layout="default"` on a macro.
 */
export {
  type MarkdownToStorageContext,
  markdownToStorage,
} from './md-to-storage.js';
export { normalizeStorage } from './normalize.js';
export {
  type PageRef,
  type StorageToMarkdownContext,
  type UserRef,
  storageToMarkdown,
} from './storage-to-md.js';
