// The floor for jira-search.bench.mjs: the least a Node program can do to print what
// `atl jira search --all --json` prints. The same requests (POST /rest/api/3/search/jql, 100 a page,
// the same JQL and fields, following nextPageToken), the response parsed, each issue written out in
// the same layout as it arrives. No retries, no redaction, no options: anything atl takes beyond
// this is its overhead. The benchmark checks that both print the same bytes.
//
// Environment: FLOOR_SITE, FLOOR_EMAIL, FLOOR_TOKEN, FLOOR_JQL, FLOOR_FIELDS (comma-separated).
import { once } from 'node:events';

const { FLOOR_SITE: site, FLOOR_EMAIL: email, FLOOR_TOKEN: token, FLOOR_JQL: jql, FLOOR_FIELDS: fieldList } = process.env;
if (!site || !email || !token || !jql || !fieldList) throw new Error('set FLOOR_SITE, FLOOR_EMAIL, FLOOR_TOKEN, FLOOR_JQL and FLOOR_FIELDS');
const fields = fieldList.split(',');
const headers = {
  accept: 'application/json',
  authorization: `Basic ${Buffer.from(`${email}:${token}`).toString('base64')}`,
  'content-type': 'application/json',
};

async function write(text) {
  if (!process.stdout.write(text)) await once(process.stdout, 'drain');
}

let count = 0;
let nextPageToken;
do {
  const body = { jql, fields, maxResults: 100, ...(nextPageToken === undefined ? {} : { nextPageToken }) };
  const response = await fetch(`${site}/rest/api/3/search/jql`, { method: 'POST', headers, body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`search answered ${response.status}`);
  const page = await response.json();
  for (const issue of page.issues) {
    await write(`${count === 0 ? '[\n  ' : ',\n  '}${JSON.stringify(issue, null, 2).replace(/\n/g, '\n  ')}`);
    count += 1;
  }
  nextPageToken = page.isLast === true ? undefined : page.nextPageToken;
} while (nextPageToken);
await write(count === 0 ? '[]\n' : '\n]\n');
