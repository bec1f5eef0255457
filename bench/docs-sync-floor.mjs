// The floor for the docs-sync benchmark: the least a Node program does to get every page's storage
// body of a Confluence Cloud space. The space id, the listing (250 a page, following `_links.next`),
// then one page at a time `GET /wiki/api/v2/pages/{id}?body-format=storage`, each answer parsed.
// No retries, no files, no conversion: what `atl confluence docs pull` takes beyond this is its own.
// Prints `{"pages":N,"bytes":B}` (the storage characters fetched) so the benchmark can check it.
//
// Environment: FLOOR_SITE, FLOOR_EMAIL, FLOOR_TOKEN, FLOOR_SPACE (a space key).
const { FLOOR_SITE: site, FLOOR_EMAIL: email, FLOOR_TOKEN: token, FLOOR_SPACE: space } = process.env;
if (!site || !email || !token || !space) throw new Error('set FLOOR_SITE, FLOOR_EMAIL, FLOOR_TOKEN and FLOOR_SPACE');
const headers = { accept: 'application/json', authorization: `Basic ${Buffer.from(`${email}:${token}`).toString('base64')}` };

async function get(path) {
  const response = await fetch(new URL(path, site), { headers });
  if (!response.ok) throw new Error(`GET ${path} answered ${response.status}`);
  return response.json();
}

const spaceId = (await get(`/wiki/api/v2/spaces?keys=${encodeURIComponent(space)}`)).results[0].id;
const ids = [];
for (let next = `/wiki/api/v2/spaces/${spaceId}/pages?status=current&limit=250`; next; ) {
  const listing = await get(next);
  for (const page of listing.results) ids.push(page.id);
  next = listing._links?.next;
}
let bytes = 0;
for (const id of ids) bytes += (await get(`/wiki/api/v2/pages/${id}?body-format=storage`)).body.storage.value.length;
process.stdout.write(`${JSON.stringify({ pages: ids.length, bytes })}\n`);
