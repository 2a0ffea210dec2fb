import { describe, expect, it } from 'vitest';
import type { WorkerChannel, WorkerHost } from '../worker-host';
import { createTokenClient } from './client';
import type { WorkerRequest } from './protocol';

/** An in-memory token process: each start is one fake worker whose answers the test scripts. */
function fakeHost(answer: (req: WorkerRequest, worker: FakeWorker) => void, announce = true) {
  const workers: FakeWorker[] = [];
  const host: WorkerHost = () => {
    const w = new FakeWorker(answer, announce);
    workers.push(w);
    return w.channel;
  };
  return { host, workers };
}

class FakeWorker {
  killed = false;
  readonly received: WorkerRequest[] = [];
  private messageListener: (m: unknown) => void = () => undefined;
  private exitListener: (code: number | null) => void = () => undefined;
  readonly channel: WorkerChannel;

  constructor(
    answer: (req: WorkerRequest, worker: FakeWorker) => void,
    private readonly announce = true,
  ) {
    this.channel = {
      send: (m) => {
        this.received.push(m as WorkerRequest);
        queueMicrotask(() => answer(m as WorkerRequest, this));
      },
      onMessage: (l) => {
        this.messageListener = l;
        // Like worker-main: the first message says the process is up.
        if (this.announce) queueMicrotask(() => l({ ready: true }));
      },
      onExit: (l) => void (this.exitListener = l),
      kill: () => {
        this.killed = true;
        queueMicrotask(() => this.exitListener(null));
      },
    };
  }

  reply(message: unknown): void {
    this.messageListener(message);
  }

  exit(code: number | null): void {
    this.exitListener(code);
  }
}

const ref = { modulePath: '/lib/mod.so', serial: 'S1' };

describe('createTokenClient', () => {
  it('starts the worker on the first call only and matches answers to requests by id', async () => {
    const { host, workers } = fakeHost((req, w) => w.reply({ id: req.id, ok: true, value: req.op === 'isLoggedIn' }));
    const client = createTokenClient(host);
    expect(workers).toHaveLength(0);
    const [a, b] = await Promise.all([client.isLoggedIn(ref), client.logout(ref)]);
    expect(a).toBe(true);
    expect(b).toBe(false);
    expect(workers).toHaveLength(1);
    expect(workers[0]?.received.map((r) => r.op)).toEqual(['isLoggedIn', 'logout']);
    expect(workers[0]?.received[0]?.args).toEqual([ref]);
  });

  it('sends one request at a time, the next once the one before is answered', async () => {
    const { host, workers } = fakeHost((req, w) => {
      expect(w.received).toHaveLength(req.id);
      w.reply({ id: req.id, ok: true, value: req.args[1] });
    });
    const client = createTokenClient(host);
    const first = client.login(ref, 'first');
    const second = client.login(ref, 'second');
    expect(await first).toBe('first');
    expect(await second).toBe('second');
    expect(workers).toHaveLength(1);
  });

  it('a request waiting in line has no timeout running; the one in the process does', async () => {
    let held: WorkerRequest | undefined;
    const { host, workers } = fakeHost((req) => void (held ??= req));
    const client = createTokenClient(host, { timeoutMs: 60_000, signTimeoutMs: 60_000 });
    const signing = client.signEcdsa(ref, '02', Buffer.alloc(32));
    const probing = client.probe('/m');
    await new Promise((r) => setTimeout(r, 10));
    expect(workers[0]?.received.map((r) => r.op)).toEqual(['signEcdsa']);
    workers[0]?.reply({ id: held?.id, ok: true, value: new Uint8Array(64) });
    await expect(signing).resolves.toHaveLength(64);
    expect(workers[0]?.received.map((r) => r.op)).toEqual(['signEcdsa', 'probe']);
    workers[0]?.reply({ id: workers[0]?.received[1]?.id, ok: true, value: null });
    await expect(probing).resolves.toBeNull();
  });

  it('sends buffers as Uint8Array and hands back Buffers', async () => {
    const { host, workers } = fakeHost((req, w) => w.reply({ id: req.id, ok: true, value: new Uint8Array([1, 2, 3]) }));
    const client = createTokenClient(host);
    const signature = await client.signEcdsa(ref, '02', Buffer.alloc(32, 7));
    expect(Buffer.isBuffer(signature)).toBe(true);
    expect([...signature]).toEqual([1, 2, 3]);
    const sent = workers[0]?.received[0]?.args[2];
    expect(sent).toBeInstanceOf(Uint8Array);
    expect(Buffer.isBuffer(sent)).toBe(false);
  });

  it('turns an error answer into a VaultError with its code', async () => {
    const { host } = fakeHost((req, w) => w.reply({ id: req.id, ok: false, code: 'TOKEN_PIN_INCORRECT', message: 'wrong PIN' }));
    const client = createTokenClient(host);
    await expect(client.login(ref, '0000')).rejects.toMatchObject({ name: 'VaultError', code: 'TOKEN_PIN_INCORRECT', message: 'wrong PIN' });
  });

  it('maps a code it does not know to TOKEN_ERROR', async () => {
    const { host } = fakeHost((req, w) => w.reply({ id: req.id, ok: false, code: 'SOMETHING_NEW', message: 'odd' }));
    await expect(createTokenClient(host).probe('/lib/mod.so')).rejects.toMatchObject({ code: 'TOKEN_ERROR' });
  });

  it('kills a worker that does not answer in time, and the next call starts a fresh one', async () => {
    const { host, workers } = fakeHost((req, w) => {
      if (workers.indexOf(w) > 0) w.reply({ id: req.id, ok: true, value: null });
    });
    const client = createTokenClient(host, { timeoutMs: 20 });
    await expect(client.probe('/lib/hangs.so')).rejects.toMatchObject({ code: 'TOKEN_TIMEOUT', message: expect.stringContaining('/lib/hangs.so') });
    expect(workers[0]?.killed).toBe(true);
    await expect(client.probe('/lib/good.so')).resolves.toBeNull();
    expect(workers).toHaveLength(2);
  });

  it('rejects every pending call with TOKEN_MODULE_INVALID naming the module when the worker dies', async () => {
    const { host, workers } = fakeHost((req, w) => {
      if (workers.indexOf(w) === 0) w.exit(134);
      else if (workers.indexOf(w) > 0) w.reply({ id: req.id, ok: true, value: 'again' });
    });
    const client = createTokenClient(host);
    const first = client.probe('/lib/crashy.so');
    const second = client.objects(ref);
    await expect(first).rejects.toMatchObject({ code: 'TOKEN_MODULE_INVALID', message: 'the module /lib/crashy.so crashed the token process (exit code 134)' });
    await expect(second).rejects.toMatchObject({ code: 'TOKEN_MODULE_INVALID', message: expect.stringContaining('/lib/mod.so') });
    await expect(client.probe('/lib/good.so')).resolves.toBe('again');
    expect(workers).toHaveLength(2);
  });

  it('ignores messages that are not answers to a pending call', async () => {
    const { host } = fakeHost((req, w) => {
      w.reply('noise');
      w.reply({ id: 999, ok: true, value: 'stray' });
      w.reply({ id: req.id, ok: true, value: 'real' });
    });
    await expect(createTokenClient(host).probe('/m')).resolves.toBe('real');
  });

  it('close asks the worker to shut down, then ends it; close with no worker does nothing', async () => {
    const { host, workers } = fakeHost((req, w) => w.reply({ id: req.id, ok: true, value: null }));
    const client = createTokenClient(host);
    await client.close();
    expect(workers).toHaveLength(0);
    await client.probe('/m');
    await client.close();
    expect(workers[0]?.received.map((r) => r.op)).toEqual(['probe', 'shutdown']);
    expect(workers[0]?.killed).toBe(true);
  });

  it('holds requests back until the process says it is ready', async () => {
    const { host, workers } = fakeHost((req, w) => w.reply({ id: req.id, ok: true, value: 'ok' }), false);
    const client = createTokenClient(host, { timeoutMs: 10 });
    const result = client.probe('/m');
    await new Promise((r) => setTimeout(r, 30));
    expect(workers[0]?.received).toEqual([]);
    workers[0]?.reply({ ready: true });
    await expect(result).resolves.toBe('ok');
  });

  it('gives up on a process that never gets ready, and one that ends before it is', async () => {
    const { host, workers } = fakeHost(() => undefined, false);
    const client = createTokenClient(host, { startTimeoutMs: 10 });
    await expect(client.probe('/m')).rejects.toMatchObject({ code: 'TOKEN_TIMEOUT', message: expect.stringContaining('did not start') });
    expect(workers[0]?.killed).toBe(true);
    const second = client.probe('/m');
    workers[1]?.exit(1);
    await expect(second).rejects.toMatchObject({ code: 'TOKEN_ERROR', message: 'the token process ended before it was ready (exit code 1)' });
  });

  it('reports a worker that cannot be started as TOKEN_ERROR', async () => {
    const client = createTokenClient(() => {
      throw new Error('spawn failed');
    });
    await expect(client.probe('/m')).rejects.toMatchObject({ code: 'TOKEN_ERROR', message: expect.stringContaining('spawn failed') });
  });
});
