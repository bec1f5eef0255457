import { noTokenError, resolveBitbucket, resolveCredentials } from '../../auth/resolve.js';
import { defineCommand } from '../spec.js';

export default defineCommand({
  path: ['auth', 'token'],
  summary: 'Print the resolved token and nothing else, for scripts',
  json: 'none',
  description:
    'Print the token this run would use (same precedence as every command: ATL_TOKEN_<P>, ' +
    'ATL_API_TOKEN, the keyring or the encrypted file), and nothing else, for scripts. ' +
    'With --bitbucket, the Bitbucket token. Exit 3 when there is none.',
  arguments: '[name]',
  examples: [
    `printf 'user = "%s:%s"\\n' me@example.com "$(atl auth token)" | curl -K - https://example.atlassian.net/rest/api/3/myself`,
    'atl auth token work',
    `printf 'header = "Authorization: Bearer %s"\\n' "$(atl auth token --bitbucket)" | curl -K - https://api.bitbucket.org/2.0/user`,
  ],
  refusesOutputFile: 'atl does not write tokens to files',
  options: (command) => command.option('--bitbucket', "print the profile's Bitbucket token instead"),
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
    const credentials = name === undefined ? await f.credentials() : await resolveCredentials(f, resolveOptions);
    if (credentials.token === null) {
      throw noTokenError(credentials.profileName, false);
    }
    f.io.stdout.write(`${credentials.token}\n`);
  },
});
