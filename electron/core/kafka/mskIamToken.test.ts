import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { mskIamTokenProvider } from './mskIamToken';

const accessKeyId = 'AKIDEXAMPLE';
const secretAccessKey = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';

function decode(token: string): URL {
  expect(token).toMatch(/^[A-Za-z0-9_-]+$/); // base64url without padding, as MSK expects
  return new URL(Buffer.from(token, 'base64url').toString('utf8'));
}

/**
 * SigV4 for a presigned GET, computed here from the specification, to check the signer's
 * work. MSK's signers append User-Agent after signing, so it is not part of the signature.
 */
function expectedSignature(url: URL, region: string): string {
  const params = [...url.searchParams.entries()]
    .filter(([name]) => name !== 'X-Amz-Signature' && name !== 'User-Agent')
    .map(([name, value]) => [encodeRfc3986(name), encodeRfc3986(value)] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
  const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
  const canonicalRequest = ['GET', '/', params, `host:${url.host}`, '', 'host', sha256('')].join('\n');
  const amzDate = url.searchParams.get('X-Amz-Date')!;
  const day = amzDate.slice(0, 8);
  const scope = `${day}/${region}/kafka-cluster/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonicalRequest)].join('\n');
  const hmac = (key: string | Buffer, text: string) => createHmac('sha256', key).update(text).digest();
  const signingKey = hmac(
    hmac(hmac(hmac(`AWS4${secretAccessKey}`, day), region), 'kafka-cluster'),
    'aws4_request',
  );
  return createHmac('sha256', signingKey).update(stringToSign).digest('hex');
}

function encodeRfc3986(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

describe('mskIamTokenProvider', () => {
  it('signs a kafka-cluster:Connect URL for the region with the credentials it is given', async () => {
    let credentialCalls = 0;
    const provider = mskIamTokenProvider({
      region: 'eu-west-1',
      credentials: () => {
        credentialCalls += 1;
        return Promise.resolve({ accessKeyId, secretAccessKey });
      },
    });
    const { value } = await provider();
    const url = decode(value);

    expect(url.origin).toBe('https://kafka.eu-west-1.amazonaws.com');
    expect(url.pathname).toBe('/');
    expect(url.searchParams.get('Action')).toBe('kafka-cluster:Connect');
    expect(url.searchParams.get('X-Amz-Algorithm')).toBe('AWS4-HMAC-SHA256');
    expect(url.searchParams.get('X-Amz-Credential')).toMatch(
      /^AKIDEXAMPLE\/\d{8}\/eu-west-1\/kafka-cluster\/aws4_request$/,
    );
    expect(url.searchParams.get('X-Amz-SignedHeaders')).toBe('host');
    expect(Number(url.searchParams.get('X-Amz-Expires'))).toBeGreaterThan(60);
    expect(url.searchParams.get('X-Amz-Signature')).toBe(expectedSignature(url, 'eu-west-1'));
    expect(value).not.toContain(secretAccessKey);
    expect(credentialCalls).toBe(1);
  });

  it('reuses one token until shortly before it expires, and signs once for concurrent callers', async () => {
    let time = Date.now();
    let credentialCalls = 0;
    const provider = mskIamTokenProvider({
      region: 'us-east-1',
      now: () => time,
      credentials: () => {
        credentialCalls += 1;
        return Promise.resolve({ accessKeyId, secretAccessKey, sessionToken: `session-${credentialCalls}` });
      },
    });
    const [first, second] = await Promise.all([provider(), provider()]);
    expect(second.value).toBe(first.value);
    expect(credentialCalls).toBe(1);
    expect(decode(first.value).searchParams.get('X-Amz-Security-Token')).toBe('session-1');

    time += 5 * 60_000;
    expect((await provider()).value).toBe(first.value);

    const expiresInMs = Number(decode(first.value).searchParams.get('X-Amz-Expires')) * 1000;
    time += expiresInMs;
    const renewed = await provider();
    expect(credentialCalls).toBe(2);
    expect(decode(renewed.value).searchParams.get('X-Amz-Security-Token')).toBe('session-2');
  });

  it('passes a credential failure on to kafkajs and tries again next time', async () => {
    let fail = true;
    const provider = mskIamTokenProvider({
      region: 'us-east-1',
      credentials: () =>
        fail
          ? Promise.reject(new Error('Could not load credentials from any providers'))
          : Promise.resolve({ accessKeyId, secretAccessKey }),
    });
    await expect(provider()).rejects.toThrow('Could not load credentials');
    fail = false;
    expect(decode((await provider()).value).searchParams.get('Action')).toBe('kafka-cluster:Connect');
  });
});
