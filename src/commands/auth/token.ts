import { Option } from '../../cmdutil/option.js';
import { noConfluenceTokenError, noTokenError, resolveBitbucket, resolveConfluence, resolveCredentials } from '../../auth/resolve.js';
import { defineCommand } from '../spec.js';

export default defineCommand({
  path: ['auth', 'token'],
  summary: 'Print the resolved token and nothing else, for scripts',
  json: 'none',
  description:
    'Print the token this run would use (same precedence as every command: ATL_TOKEN_<P>, ' +
    'ATL_API_TOKEN, the keyring or the encrypted file), and nothing else, for scripts. ' +
    "With --bitbucket, the Bitbucket token; with --confluence, the token Confluence gets (the profile's own Confluence login's, " +
    'else the site token). Exit 3 when there is none.',
  arguments: '[name]',
  examples: [
    `printf 'user = "%s:%s"\\n' me@example.com "$(atl auth token)" | curl -K - https://example.atlassian.net/rest/api/3/myself`,
    'atl auth token work',
    `printf 'header = "Authorization: Bearer %s"\\n' "$(atl auth token --bitbucket)" | curl -K - https://api.bitbucket.org/2.0/user`,
  ],
  refusesOutputFile: 'atl does not write tokens to files',
  options: (command) =>
    command
      .addOption(new Option('--bitbucket', "print the profile's Bitbucket token instead").conflicts('confluence'))
      .option('--confluence', 'print the token Confluence gets instead (ATL_CONFLUENCE_TOKEN_<P>, ATL_CONFLUENCE_TOKEN, its own login)'),
  async run(f, args, options) {
    const name = args[0];
    const resolveOptions = name === undefined ? {} : { profile: name };
    if (options.bitbucket) {
      const bitbucket = await resolveBitbucket(f, resolveOptions);
      if (bitbucket.token === null) {
        throw noTokenError(bitbucket.profileName, true);
      }
      f.io.stdout.write(`${bitbucket.token}\n`);
      return;
    }
    if (options.confluence) {
      const confluence = await resolveConfluence(f, resolveOptions);
      if (confluence.token === null) {
        throw confluence.from === 'site' ? noTokenError(confluence.profileName, false) : noConfluenceTokenError(confluence.profileName);
      }
      f.io.stdout.write(`${confluence.token}\n`);
      return;
    }
    const credentials = name === undefined ? await f.credentials() : await resolveCredentials(f, resolveOptions);
    if (credentials.token === null) {
      throw noTokenError(credentials.profileName, false);
    }
    f.io.stdout.write(`${credentials.token}\n`);
  },
});
