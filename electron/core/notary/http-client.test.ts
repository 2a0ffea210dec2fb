import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NotaryHttpClient, serverErrorDetail } from './http-client';

describe('NotaryHttpClient', () => {
  let server: Server;
  let url = '';
  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url?.endsWith('/big.json')) {
        res.writeHead(200, { 'Content-Length': 2048 });
        res.end(Buffer.alloc(2048, 0x20));
      } else if (req.url?.endsWith('/redirect.json')) {
        res.writeHead(302, { Location: 'http://example.invalid/' });
        res.end();
      } else {
        res.writeHead(200);
        res.end(JSON.stringify({ path: req.url, auth: req.headers.authorization ?? null }));
      }
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('refuses URLs it cannot use, and credentials inside the URL', () => {
    expect(() => new NotaryHttpClient({ server: 'not a url' })).toThrow(/not a server URL/);
    expect(() => new NotaryHttpClient({ server: 'ftp://127.0.0.1' })).toThrow(/http:\/\/ or https:\/\//);
    expect(() => new NotaryHttpClient({ server: 'https://u:p@127.0.0.1' })).toThrow(/no credentials/);
    expect(() => new NotaryHttpClient({ server: 'https://127.0.0.1', caFile: '/nonexistent/ca.pem' })).toThrow(/cannot read the CA file/);
  });

  it('keeps a path prefix, keeps the GUN\'s slashes, and sends basic auth', async () => {
    const c = new NotaryHttpClient({ server: `${url}/prefix/`, auth: { basic: { user: 'a', password: 'b' } }, insecureHttp: true });
    const r = await c.getTuf('example.com/org/app', 'targets/releases.json');
    expect(r.ok).toBe(true);
    const body = JSON.parse((r as { bytes: Buffer }).bytes.toString('utf8'));
    expect(body).toEqual({ path: '/prefix/v2/example.com/org/app/_trust/tuf/targets/releases.json', auth: `Basic ${Buffer.from('a:b').toString('base64')}` });
  });

  it('refuses an answer announced larger than the limit, and does not follow redirects', async () => {
    const c = new NotaryHttpClient({ server: url, maxBytes: 1024 });
    const big = await c.get('/big.json');
    expect(big).toMatchObject({ ok: false, failure: { code: 'MALFORMED', message: expect.stringMatching(/announces 2048 bytes/) } });
    const moved = await c.get('/redirect.json');
    expect(moved).toMatchObject({ ok: false, notFound: false, failure: { code: 'SERVER_ERROR', status: 302 } });
  });

  it('reads notary-server error bodies as CODE: message', () => {
    expect(serverErrorDetail(Buffer.from('{"errors":[{"code":"METADATA_NOT_FOUND","message":"You have requested metadata that does not exist.","detail":{}}]}'))).toBe(
      'METADATA_NOT_FOUND: You have requested metadata that does not exist.',
    );
    expect(serverErrorDetail(Buffer.from('<html>\n<b>Bad gateway</b></html>'))).toBe('<html> <b>Bad gateway</b></html>');
  });
});
