/** The console's refusals, as pure functions: Host and Origin checks, the token comparison, redaction. */
import { newToken, redact, refuseForeign, tokenMatches } from '../../../console/server/security';

describe('refuseForeign', () => {
  it.each(['127.0.0.1:4567', 'localhost:4567'])('takes a request for its own host %s', (host) => {
    expect(refuseForeign({ headers: { host } }, 4567)).toBeUndefined();
  });

  it.each([
    ['another name (DNS rebinding)', { host: 'rebind.example:4567' }],
    ['another port', { host: '127.0.0.1:4568' }],
    ['no Host', {}],
    ['another Origin', { host: '127.0.0.1:4567', origin: 'http://evil.example' }],
    ['its host over https', { host: '127.0.0.1:4567', origin: 'https://127.0.0.1:4567' }],
    ['an opaque Origin', { host: '127.0.0.1:4567', origin: 'null' }],
  ])('refuses %s with 403', (_case, headers) => {
    expect(refuseForeign({ headers }, 4567)).toMatchObject({ status: 403 });
  });

  it('takes its own Origin', () => {
    expect(refuseForeign({ headers: { host: 'localhost:4567', origin: 'http://localhost:4567' } }, 4567)).toBeUndefined();
  });
});

describe('tokenMatches', () => {
  const token = newToken();

  it('takes the token', () => {
    expect(tokenMatches(token, token)).toBe(true);
  });

  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['another', newToken()],
    ['a prefix', token.slice(0, 10)],
    ['repeated', [token, token]],
  ])('refuses a token that is %s', (_case, presented) => {
    expect(tokenMatches(presented, token)).toBe(false);
  });

  it('makes a new 256-bit token each time', () => {
    expect(newToken()).not.toBe(newToken());
    expect(Buffer.from(newToken(), 'base64url')).toHaveLength(32);
  });
});

describe('redact', () => {
  it('replaces every occurrence of a secret', () => {
    expect(redact('key AKIAEXAMPLE123 and AKIAEXAMPLE123 again', ['AKIAEXAMPLE123'])).toBe('key [redacted] and [redacted] again');
  });
});
