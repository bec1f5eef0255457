import { collect } from '../../cmdutil/input.js';
import { Option } from '../../cmdutil/option.js';
import { products } from '../../products.js';
import { defineCommand } from '../spec.js';

export default defineCommand({
  path: ['api'],
  summary: 'Make an authenticated request to any Atlassian REST endpoint',
  description:
    "Sends one request with the active profile's login for the product: Jira, Confluence, Bitbucket or Service Management, " +
    'on Cloud, Data Center or the scoped-token gateway. The product comes from the path (/rest/api/3/… Jira, /wiki/… Confluence, ' +
    '/2.0/… Bitbucket Cloud, /rest/servicedeskapi/… Service Management), else from --product. -f/-F fields make a JSON body ' +
    '(query parameters for GET). JSON answers are printed as JSON; anything else as it came. --paginate follows every ' +
    'Atlassian paging style and prints one JSON array of all items, as they arrive.',
  arguments: '<path>',
  json: 'value',
  examples: [
    'atl api /rest/api/3/myself',
    "atl api /rest/api/3/search/jql -f jql='project = ABC' -F maxResults=50 --paginate",
    "atl api /rest/api/3/issue -f 'fields[project][key]=ABC' -f 'fields[summary]=From atl api' -f 'fields[issuetype][name]=Task'",
    'atl api /wiki/api/v2/spaces --paginate',
    'atl api /2.0/repositories/acme/website/pullrequests --paginate --no-slurp',
    "atl api --product confluence /rest/api/search -X GET -f cql='space = DOCS'",
    'echo \'{"fields":{"summary":"New title"}}\' | atl api -X PUT /rest/api/3/issue/ABC-123 --input -',
    'atl api /rest/servicedeskapi/servicedesk --include',
  ],
  options: (command) =>
    command
      .addOption(new Option('--product <product>', 'the product the path is for, when the path does not say').choices(products))
      .option('-X, --method <method>', 'the HTTP method (default: GET, or POST with fields or --input)')
      .option(
        '-f, --raw-field <key=value>',
        'a string field of the JSON body (a query parameter for GET); key[sub] nests, key[] appends',
        collect,
      )
      .option('-F, --field <key=value>', "a typed field: true, false, null and numbers as JSON, @file the file's text (@- stdin)", collect)
      .option('--input <file>', 'the request body from a file (- for stdin); fields then go in the query')
      .option('-H, --header <header>', "a request header, 'Name: value'", collect)
      .option('--paginate', 'fetch every page and print one JSON array of all their items')
      .option('--no-slurp', 'with --paginate: print each page as the server sent it, one JSON document after another')
      .option('-i, --include', 'print the response status and headers before the body')
      .option('--silent', 'do not print the response body'),
  async run(f, [path], options) {
    // Loaded on use: `atl api` is a top-level command, evaluated on every run to build the tree.
    const { runApi } = await import('./_run.js');
    await runApi(f, path!, options);
  },
});
