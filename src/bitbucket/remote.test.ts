import { describe, expect, test } from 'vitest';
import { parseRemoteUrl, parseRepoFlag } from './remote.js';

describe('parseRemoteUrl', () => {
  test.each([
    ['git@bitbucket.org:acme/website.git', 'acme', 'website', true],
    ['ssh://git@bitbucket.org/acme/website.git', 'acme', 'website', true],
    ['ssh://git@altssh.bitbucket.org:443/acme/website.git', 'acme', 'website', true],
    ['https://bitbucket.org/acme/website', 'acme', 'website', false],
    ['https://bitbucket.org/acme/website.git', 'acme', 'website', false],
    ['https://me@bitbucket.org/acme/website.git', 'acme', 'website', false],
    ['https://x-token-auth@bitbucket.org/acme/website.git', 'acme', 'website', false],
    ['https://x-bitbucket-api-token-auth@bitbucket.org/acme/Web.Site.git', 'acme', 'Web.Site', false],
  ])('Cloud %s → %s/%s', (url, owner, slug, ssh) => {
    expect(parseRemoteUrl(url)).toEqual({
      kind: 'cloud',
      owner,
      slug,
      host: expect.stringContaining('bitbucket.org'),
      ssh,
      contextPath: '',
    });
  });

  test.each([
    ['https://git.corp.example.com/scm/WEB/website.git', 'git.corp.example.com', 'WEB', 'website', false, ''],
    ['https://git.corp.example.com:8443/bitbucket/scm/WEB/website.git', 'git.corp.example.com', 'WEB', 'website', false, '/bitbucket'],
    ['https://me@git.corp.example.com/a/b/scm/~JDOE/dotfiles.git', 'git.corp.example.com', '~JDOE', 'dotfiles', false, '/a/b'],
    ['http://127.0.0.1:7990/dc-bitbucket/scm/WEB/website.git', '127.0.0.1', 'WEB', 'website', false, '/dc-bitbucket'],
    ['ssh://git@git.corp.example.com:7999/WEB/website.git', 'git.corp.example.com', 'WEB', 'website', true, ''],
    ['ssh://git@ssh.corp.example.com:7999/~jdoe/dotfiles.git', 'ssh.corp.example.com', '~jdoe', 'dotfiles', true, ''],
    ['git@corp-bitbucket:WEB/website.git', 'corp-bitbucket', 'WEB', 'website', true, ''],
  ])('Data Center %s', (url, host, owner, slug, ssh, contextPath) => {
    expect(parseRemoteUrl(url)).toEqual({ kind: 'datacenter', owner, slug, host, ssh, contextPath });
  });

  test.each([
    '/srv/git/website.git',
    'C:/repos/website.git',
    'https://github.com/acme/website.git',
    'https://bitbucket.org/acme',
    'https://bitbucket.org/acme/website/src/main',
    'file:///srv/git/website.git',
    '',
  ])('not a Bitbucket repository: %s', (url) => {
    expect(parseRemoteUrl(url)).toBeNull();
  });

  test('userinfo is never kept', () => {
    expect(JSON.stringify(parseRemoteUrl('https://me:s3cret@bitbucket.org/acme/website.git'))).not.toContain('s3cret');
  });
});

describe('parseRepoFlag', () => {
  test('OWNER/REPO, with or without .git', () => {
    expect(parseRepoFlag('acme/website')).toEqual({ owner: 'acme', slug: 'website' });
    expect(parseRepoFlag('~JDOE/dotfiles.git')).toEqual({ owner: '~JDOE', slug: 'dotfiles' });
  });
  test.each(['website', 'a/b/c', '/b', 'a/'])('refuses %s', (value) => {
    expect(parseRepoFlag(value)).toBeNull();
  });
});
