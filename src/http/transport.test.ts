import { expect, test } from 'vitest';
import { loadTransport, proxySettings } from './transport.js';

test('no proxy variables: none (NO_PROXY alone changes nothing)', () => {
  expect(proxySettings({})).toBeNull();
  expect(proxySettings({ NO_PROXY: '*', HTTPS_PROXY: '  ' })).toBeNull();
});

test('lower-case variables win, as in curl', () => {
  expect(proxySettings({ HTTPS_PROXY: 'http://upper:1', https_proxy: 'http://lower:1', NO_PROXY: 'a', no_proxy: 'b' })).toEqual({
    httpProxy: '',
    httpsProxy: 'http://lower:1',
    noProxy: 'b',
  });
});

test('plain runs use the built-in fetch; proxy or insecure switch to undici', async () => {
  expect((await loadTransport({}, false)).description).toBe('direct');
  expect((await loadTransport({ HTTPS_PROXY: 'http://u:pw-secret@proxy:3128' }, false)).description).toMatch(
    /^proxy .*https=http:\/\/u:redacted@proxy:3128/,
  );
  expect((await loadTransport({}, true)).description).toBe('direct, TLS verification off');
});
