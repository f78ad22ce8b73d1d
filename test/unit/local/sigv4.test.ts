import { createHash } from 'node:crypto';
import type { SignatureV4 } from '@smithy/signature-v4';
import type { SignedRequest } from '../../../local/auth/sigv4';
import { SignatureError, verifySignature } from '../../../local/auth/sigv4';
import { signer } from '../../local/signed-request';

const credentials = { accessKeyId: 'AKIAVODLOCALTEST0000', secretAccessKey: 'local-secret' };
const NOW = new Date('2026-12-03T12:00:00Z');
const sha = (body: string) => createHash('sha256').update(body).digest('hex');

/** Signs as the SDK does, and returns the request as the server receives it. */
async function signed(
  service: string,
  path: string,
  query: Record<string, string>,
  body: string,
  sign: SignatureV4 = signer(credentials, service),
): Promise<SignedRequest> {
  const request = await sign.sign(
    {
      method: 'POST',
      protocol: 'http:',
      hostname: '127.0.0.1',
      port: 4566,
      path,
      query,
      headers: { host: '127.0.0.1:4566', 'x-amz-content-sha256': sha(body) },
      body,
    },
    { signingDate: NOW },
  );
  const search = new URLSearchParams(request.query as Record<string, string>).toString().replace(/\+/g, '%20');
  return { method: 'POST', url: `${path}${search ? `?${search}` : ''}`, headers: request.headers };
}

describe('verifySignature', () => {
  it.each([
    ['s3', '/vod-ingest/uploads/R%C3%A9union%20%C3%A9t%C3%A9%3A%201%2B1.mp4', { uploads: '' }],
    ['mediaconvert', '/2017-08-29/jobs/1764763200000-abc123', { nextToken: 'a b/c', maxResults: '20' }],
    ['states', '/', {}],
  ] as const)('accepts what the SDK signs for %s', async (service, path, query) => {
    // Prepare
    const request = await signed(service, path, query, '{"a":1}');

    // Act
    const verified = verifySignature(request, credentials, () => sha('{"a":1}'), NOW.getTime());

    // Assess
    expect(verified).toEqual({ service, region: 'us-east-1', presigned: false });
  });

  it('refuses another secret, a changed query and a changed body', async () => {
    const other = await signed('states', '/', {}, '{}', signer({ ...credentials, secretAccessKey: 'other' }, 'states'));
    const good = await signed('s3', '/vod-ingest/a', { prefix: 'x' }, '');

    expect(() => verifySignature(other, credentials, () => sha('{}'), NOW.getTime())).toThrow(SignatureError);
    expect(() => verifySignature({ ...good, url: '/vod-ingest/a?prefix=y' }, credentials, () => sha(''), NOW.getTime())).toThrow(/does not match/);
    expect(() => verifySignature(good, credentials, () => sha('changed'), NOW.getTime())).toThrow(/does not match/);
  });

  it('refuses a request signed more than 15 minutes away from the clock', async () => {
    const request = await signed('states', '/', {}, '{}');

    expect(() => verifySignature(request, credentials, () => sha('{}'), NOW.getTime() + 16 * 60_000)).toThrow(
      expect.objectContaining({ code: 'RequestExpired' }),
    );
  });

  it('names a missing signature and an unknown access key', async () => {
    const request = await signed('states', '/', {}, '{}');

    expect(() => verifySignature({ method: 'GET', url: '/', headers: {} }, credentials, () => '', NOW.getTime())).toThrow(
      expect.objectContaining({ code: 'MissingAuthenticationToken' }),
    );
    expect(() => verifySignature(request, { ...credentials, accessKeyId: 'AKIAOTHER' }, () => sha('{}'), NOW.getTime())).toThrow(
      expect.objectContaining({ code: 'InvalidClientTokenId' }),
    );
  });
});
