// The floor for the search benchmarks: the least a Node program can do to print what
// `atl jira search --all --json` prints. The same requests, one after another, the response parsed,
// and each page written out at once in the same layout. No retries, no redaction, no options:
// anything atl takes beyond this is its overhead. The benchmarks check that both print the same bytes.
//
//   FLOOR_MODE=cloud (default)  POST /rest/api/3/search/jql, 100 a page, following nextPageToken; Basic auth.
//   FLOOR_MODE=dc               GET /rest/api/2/search with startAt, 100 a page, until the total; Bearer auth.
//
// Environment: FLOOR_SITE, FLOOR_TOKEN, FLOOR_EMAIL (cloud), FLOOR_JQL, FLOOR_FIELDS (comma-separated).
import { once } from 'node:events';

const {
  FLOOR_MODE: mode = 'cloud',
  FLOOR_SITE: site,
  FLOOR_EMAIL: email,
  FLOOR_TOKEN: token,
  FLOOR_JQL: jql,
  FLOOR_FIELDS: fieldList,
} = process.env;
if (!site || !token || !jql || !fieldList || (mode === 'cloud' && !email))
  throw new Error('set FLOOR_SITE, FLOOR_TOKEN, FLOOR_JQL, FLOOR_FIELDS (and FLOOR_EMAIL for cloud)');
const fields = fieldList.split(',');
const headers = {
  accept: 'application/json',
  authorization: mode === 'dc' ? `Bearer ${token}` : `Basic ${Buffer.from(`${email}:${token}`).toString('base64')}`,
  'content-type': 'application/json',
};

let count = 0;
async function writePage(issues) {
  if (issues.length === 0) return;
  // The page as one indented array, brackets dropped: the cheapest way to the same layout.
  const chunk = `${count === 0 ? '[\n' : ',\n'}${JSON.stringify(issues, null, 2).slice(2, -2)}`;
  count += issues.length;
  if (!process.stdout.write(chunk)) await once(process.stdout, 'drain');
}

async function page(response) {
  if (!response.ok) throw new Error(`search answered ${response.status}`);
  return response.json();
}

if (mode === 'dc') {
  let startAt = 0;
  for (;;) {
    const query = new URLSearchParams({ jql, fields: fields.join(','), startAt: String(startAt), maxResults: '100' });
    const body = await page(await fetch(`${site}/rest/api/2/search?${query}`, { headers }));
    await writePage(body.issues);
    startAt += body.issues.length;
    if (body.issues.length === 0 || startAt >= body.total) break;
  }
} else {
  let nextPageToken;
  do {
    const request = { jql, fields, maxResults: 100, ...(nextPageToken === undefined ? {} : { nextPageToken }) };
    const body = await page(await fetch(`${site}/rest/api/3/search/jql`, { method: 'POST', headers, body: JSON.stringify(request) }));
    await writePage(body.issues);
    nextPageToken = body.isLast === true ? undefined : body.nextPageToken;
  } while (nextPageToken);
}
if (!process.stdout.write(count === 0 ? '[]\n' : '\n]\n')) await once(process.stdout, 'drain');
