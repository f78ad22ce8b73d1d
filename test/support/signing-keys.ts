/** An RSA key pair for CloudFront signed URLs, made once per test file (CloudFront takes RSA 2048). */
import { generateKeyPairSync } from 'node:crypto';

let pair: { publicKey: string; privateKey: string } | undefined;

export function signingKeys(): { publicKey: string; privateKey: string } {
  pair ??= generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return pair;
}
