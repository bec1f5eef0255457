import { type ApiPage, type ApiRequest, apiPages, send } from '../../api/paginate.js';
import { chooseProduct, type FileReader, fieldsBody, fieldsQuery, parseHeader, pathUnderClient, type RawField } from '../../api/request.js';
import { readTextFile } from '../../cmdutil/input.js';
import { printJson, printJsonStream } from '../../cmdutil/json.js';
import { writeFlowing } from '../../cmdutil/stream.js';
import { usageError } from '../../errors.js';
import type { Factory, Product } from '../../factory.js';
import { identityOf } from '../../http/paginate.js';
import { redactHeaders } from '../../http/redact.js';
import type { HttpClient, HttpResponse } from '../../http/types.js';
import { sanitizeText } from '../../output/terminal.js';

export interface ApiOptions {
  product?: Product;
  method?: string;
  rawField?: string[];
  field?: string[];
  input?: string;
  header?: string[];
  paginate?: true;
  slurp: boolean;
  include?: true;
  silent?: true;
}

/** The product's client, from its context: the same login, base URL and client as every other command of the product. */
async function clientFor(f: Factory, product: Product): Promise<HttpClient> {
  switch (product) {
    case 'jira':
      return (await (await import('../../jira/context.js')).jiraContext(f)).http;
    case 'confluence':
      return (await (await import('../../confluence/context.js')).confluenceContext(f)).http;
    case 'bitbucket':
      return (await (await import('../../bitbucket/context.js')).bitbucketContext(f)).http;
    case 'jsm':
      // Service Management's context adds `X-ExperimentalApi: opt-in`, which its experimental endpoints need.
      return (await (await import('../../jsm/context.js')).jsmContext(f)).http;
  }
}

/** Methods that only read. */
const READS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** The methods that carry no body: their fields are query parameters. */
const NO_BODY = new Set([...READS, 'DELETE']);

/** Builds the request from the flags (see README "atl api"). */
async function buildRequest(f: Factory, client: HttpClient, path: string, options: ApiOptions): Promise<ApiRequest> {
  const fields: RawField[] = [
    ...(options.rawField ?? []).map((text) => ({ text, typed: false })),
    ...(options.field ?? []).map((text) => ({ text, typed: true })),
  ];
  const method = (options.method ?? (fields.length > 0 || options.input !== undefined ? 'POST' : 'GET')).toUpperCase();
  if (!/^[A-Z]+$/.test(method)) throw usageError(`invalid method ${options.method}`, 'use GET, POST, PUT, PATCH or DELETE');
  const readFile: FileReader = (file) => readTextFile(f, file);
  const target = pathUnderClient(path, client.baseUrl);
  const headers: Record<string, string> = {};
  for (const text of options.header ?? []) {
    const [name, value] = parseHeader(text);
    headers[name] = value;
  }
  const has = (name: string) => Object.keys(headers).some((key) => key.toLowerCase() === name);
  // Data Center refuses a change without it (403 "XSRF check failed"); Cloud ignores it.
  if (!READS.has(method) && !has('x-atlassian-token')) headers['X-Atlassian-Token'] = 'no-check';
  const request: ApiRequest = { method, path: target.path, query: target.query, headers };
  if (options.input !== undefined) {
    request.body = await readTextFile(f, options.input);
    if (!has('content-type')) headers['Content-Type'] = 'application/json';
    request.query = { ...request.query, ...(await fieldsQuery(fields, readFile)) };
  } else if (NO_BODY.has(method)) {
    request.query = { ...request.query, ...(await fieldsQuery(fields, readFile)) };
  } else if (fields.length > 0) {
    request.body = await fieldsBody(fields, readFile);
  }
  return request;
}

/** `--include`: the status and the headers (secrets redacted), then a blank line, as gh prints them. */
async function printHead(f: Factory, response: HttpResponse<unknown>): Promise<void> {
  const lines = [`HTTP ${response.status}`, ...redactHeaders(response.headers).map(([name, value]) => `${name}: ${value}`)];
  await writeFlowing(f.io.stdout, `${sanitizeText(lines.join('\n'))}\n\n`);
}

/** One answer's body: JSON through the exporter (so --jq applies), anything else as it came. */
async function printBody(f: Factory, page: ApiPage): Promise<void> {
  if (page.isJson) {
    printJson(f.io, page.json);
    return;
  }
  const bytes = page.response.data;
  if (bytes.byteLength > 0)
    await new Promise<void>((resolve, reject) => f.io.stdout.write(bytes, (err) => (err ? reject(err) : resolve())));
}

/** The items of every page after `first`, each once (an item a shifting list hands out twice is dropped by id, else key). */
async function* itemPages(first: ApiPage, rest: AsyncIterator<ApiPage>): AsyncGenerator<readonly unknown[], void, undefined> {
  const seen = new Set<string>();
  const fresh = (items: readonly unknown[]) =>
    items.filter((item) => {
      const identity = identityOf(item);
      if (identity === undefined) return true;
      if (seen.has(identity)) return false;
      seen.add(identity);
      return true;
    });
  yield fresh(first.items ?? []);
  for (let next = await rest.next(); !next.done; next = await rest.next()) yield fresh(next.value.items ?? []);
}

export async function runApi(f: Factory, path: string, options: ApiOptions): Promise<void> {
  const product = chooseProduct(path, options.product);
  const client = await clientFor(f, product);
  const request = await buildRequest(f, client, path, options);
  const show = async (page: ApiPage) => {
    if (options.include) await printHead(f, page.response);
    if (!options.silent) await printBody(f, page);
  };
  if (!options.paginate) {
    await show(await send(client, request));
    return;
  }
  const pages = apiPages(client, request)[Symbol.asyncIterator]();
  const first = await pages.next();
  if (first.done) return;
  if (!options.slurp || first.value.items === null) {
    // One document per page as it came; an answer that is not a list is printed as it is.
    await show(first.value);
    for (let next = await pages.next(); !next.done; next = await pages.next()) await show(next.value);
    return;
  }
  if (options.include) await printHead(f, first.value.response);
  const items = itemPages(first.value, pages);
  if (options.silent) {
    for await (const _page of items);
    return;
  }
  // One JSON array of every page's items, written as the pages arrive.
  const listing: AsyncIterable<unknown> & { pages(): AsyncIterable<readonly unknown[]> } = {
    pages: () => items,
    async *[Symbol.asyncIterator]() {
      for await (const page of items) yield* page;
    },
  };
  await printJsonStream(f.io, listing);
}
