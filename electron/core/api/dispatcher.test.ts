import { describe, expect, it, vi } from 'vitest';
import { listOperations } from '../../../shared/contract';
import { VaultError } from '../errors';
import type { Handlers } from './dispatcher';
import { createDispatcher } from './dispatcher';

const APP = 'app://vault';
const ours = { isMainFrame: true, url: 'app://vault/index.html' };
const KEY_ID = 'a'.repeat(64);
const PASS = 'correct horse battery staple';
const DIR = { trustDirId: 'default' };

/** One valid argument per operation (the contract at the time of writing). */
const VALID_ARGS: Record<string, unknown> = {
  'vault:app.info': {},
  'vault:trustDirs.list': {},
  'vault:trustDirs.add': {},
  'vault:trustDirs.select': { id: 'docker' },
  'vault:trustDirs.forget': { id: 'docker' },
  'vault:keys.list': DIR,
  'vault:keys.generate': { ...DIR, role: 'targets', gun: 'example.com/team/app', passphrase: PASS },
  'vault:keys.chooseImport': {},
  'vault:keys.import': { ...DIR, selectionId: 'sel-1', newPassphrase: PASS },
  'vault:keys.export': { ...DIR, ids: [KEY_ID], kind: 'bundle' },
  'vault:keys.changePassphrase': { ...DIR, id: KEY_ID, oldPassphrase: PASS, newPassphrase: `${PASS}!` },
  'vault:keys.removalImpact': { ...DIR, id: KEY_ID },
  'vault:keys.remove': { ...DIR, id: KEY_ID, confirmation: 'delete root key' },
  'vault:clipboard.copySecret': { text: PASS },
};

/** Every contract operation bound to a spy, so a test can prove no handler ran. */
function spyHandlers() {
  const spies = new Map<string, ReturnType<typeof vi.fn>>();
  const handlers: Record<string, Record<string, unknown>> = {};
  for (const { group, name, channel } of listOperations()) {
    const spy = vi.fn(async () => ({ ran: channel }));
    spies.set(channel, spy);
    (handlers[group] ??= {})[name] = spy;
  }
  const calls = () => [...spies.values()].reduce((n, s) => n + s.mock.calls.length, 0);
  return { handlers: handlers as unknown as Handlers, spies, calls };
}

function setup() {
  const h = spyHandlers();
  const onUnexpectedError = vi.fn();
  const dispatch = createDispatcher(h.handlers, { appOrigin: APP, onUnexpectedError });
  return { ...h, dispatch, onUnexpectedError };
}

describe('dispatcher: the sender check', () => {
  it.each([
    ['no sender (destroyed frame)', null],
    ['a subframe of our page', { isMainFrame: false, url: 'app://vault/index.html' }],
    ['another origin', { isMainFrame: true, url: 'https://example.com/' }],
    ['a file: page', { isMainFrame: true, url: 'file:///tmp/index.html' }],
    ['a lookalike host', { isMainFrame: true, url: 'app://vault.evil.com/index.html' }],
    ['a data: page', { isMainFrame: true, url: 'data:text/html,hi' }],
    ['about:blank', { isMainFrame: true, url: 'about:blank' }],
  ])('refuses %s before any handler runs', async (_what, sender) => {
    const { dispatch, calls } = setup();
    const result = await dispatch('vault:app.info', {}, sender);
    expect(result).toEqual({ ok: false, code: 'FORBIDDEN_SENDER', message: expect.any(String) });
    expect(calls()).toBe(0);
  });

  it('checks the sender before the channel, so a foreign page cannot even learn which operations exist', async () => {
    const { dispatch } = setup();
    const result = await dispatch('vault:nope.nothing', {}, { isMainFrame: false, url: 'app://vault/' });
    expect(result).toMatchObject({ ok: false, code: 'FORBIDDEN_SENDER' });
  });

  it('lets our main frame through', async () => {
    const { dispatch, spies } = setup();
    expect(await dispatch('vault:app.info', {}, ours)).toEqual({ ok: true, value: { ran: 'vault:app.info' } });
    expect(spies.get('vault:app.info')).toHaveBeenCalledTimes(1);
  });
});

describe('dispatcher: the channel check', () => {
  it.each([
    'vault:keys.nope',
    'vault:nope.list',
    'keys.list',
    'vault:keys.list ',
    'VAULT:keys.list',
    'vault:keys.constructor',
    'vault:keys.toString',
    'vault:__proto__.list',
    'vault:keys.__proto__',
    'vault:keys.hasOwnProperty',
    '',
  ])('refuses the unknown channel %j', async (channel) => {
    const { dispatch, calls } = setup();
    expect(await dispatch(channel, {}, ours)).toMatchObject({ ok: false, code: 'UNKNOWN_OPERATION' });
    expect(calls()).toBe(0);
  });

  it.each([
    ['a number', 42],
    ['null', null],
    ['undefined', undefined],
    ['an array', ['vault:app.info']],
    ['an object', { channel: 'vault:app.info' }],
    ['an object without a prototype', Object.create(null)],
    ['a symbol', Symbol('vault:app.info')],
  ])('refuses %s as a channel, without throwing', async (_what, channel) => {
    const { dispatch, calls } = setup();
    await expect(dispatch(channel, {}, ours)).resolves.toMatchObject({ ok: false, code: 'UNKNOWN_OPERATION' });
    expect(calls()).toBe(0);
  });

  it('keeps the echo of an unknown channel short', async () => {
    const { dispatch } = setup();
    const result = await dispatch(`vault:${'x'.repeat(10_000)}`, {}, ours);
    expect(result.ok || result.message.length < 200).toBe(true);
  });

  it('routes each contract operation to its own handler, and to no other', async () => {
    for (const [channel, args] of Object.entries(VALID_ARGS)) {
      const { dispatch, spies, calls } = setup();
      expect(await dispatch(channel, args, ours)).toEqual({ ok: true, value: { ran: channel } });
      expect(spies.get(channel)).toHaveBeenCalledTimes(1);
      expect(calls()).toBe(1);
    }
  });

  it('has valid arguments above for contract operations only', () => {
    const channels = new Set(listOperations().map((op) => op.channel));
    for (const channel of Object.keys(VALID_ARGS)) expect(channels).toContain(channel);
  });
});

describe('dispatcher: argument validation', () => {
  const valid = { trustDirId: 'default', role: 'root', passphrase: 'correct horse battery staple' };

  it.each([
    ['null', null],
    ['undefined', undefined],
    ['a string', 'trustDirId=default'],
    ['an array', [valid]],
    ['a number', 1],
    ['a missing required field', { role: 'root', passphrase: 'x'.repeat(12) }],
    ['a wrong type', { ...valid, trustDirId: 5 }],
    ['a wrong type for a boolean', { ...valid, writePublicKey: 'yes' }],
    ['a wrong enum value', { ...valid, algorithm: 'dsa' }],
    ['a wrong literal', { ...valid, algorithm: 'rsa', rsaBits: 1024 }],
    ['an extra field', { ...valid, path: '/home/user/.ssh/id_rsa' }],
    ['a prototype-polluting field', JSON.parse('{"__proto__": {"polluted": true}, "trustDirId": "default"}')],
    ['a too-long passphrase', { ...valid, passphrase: 'p'.repeat(1025) }],
    ['a too-long trust dir ID', { ...valid, trustDirId: 'd'.repeat(65) }],
    ['a trust dir ID that is a path', { ...valid, trustDirId: '../../etc' }],
    ['a role with dot segments', { ...valid, role: 'targets/../root' }],
    ['a GUN with dot segments', { ...valid, role: 'targets', gun: 'example.com/../etc' }],
  ])('keys.generate refuses %s before any handler runs', async (_what, args) => {
    const { dispatch, calls } = setup();
    const result = await dispatch('vault:keys.generate', args, ours);
    expect(result).toMatchObject({ ok: false, code: 'INVALID_ARGUMENT' });
    expect(calls()).toBe(0);
  });

  it('refuses extra fields even on operations that take nothing', async () => {
    const { dispatch, calls } = setup();
    expect(await dispatch('vault:app.info', { anything: 1 }, ours)).toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect(await dispatch('vault:trustDirs.add', { path: '/etc' }, ours)).toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect(calls()).toBe(0);
  });

  it('refuses too many key IDs, and IDs that are not key IDs', async () => {
    const { dispatch, calls } = setup();
    const base = { trustDirId: 'default', kind: 'bundle' };
    for (const ids of [[], Array(10_001).fill(KEY_ID), ['A'.repeat(64)], ['../' + KEY_ID], [KEY_ID + 'a']]) {
      expect(await dispatch('vault:keys.export', { ...base, ids }, ours)).toMatchObject({ code: 'INVALID_ARGUMENT' });
    }
    expect(calls()).toBe(0);
  });

  it('never echoes a refused value, so a passphrase cannot end up in an error message', async () => {
    const { dispatch } = setup();
    const secret = 'Tr0ub4dor&3-'.repeat(100);
    const results = [
      await dispatch('vault:keys.generate', { ...valid, passphrase: secret }, ours),
      await dispatch('vault:keys.generate', { ...valid, passphrase: secret, extra: secret }, ours),
      await dispatch('vault:clipboard.copySecret', { text: secret }, ours),
    ];
    for (const result of results) {
      expect(result.ok).toBe(false);
      expect(JSON.stringify(result)).not.toContain('Tr0ub4dor');
    }
  });

  it('says which field is wrong', async () => {
    const { dispatch } = setup();
    const result = await dispatch('vault:keys.generate', { ...valid, trustDirId: 5 }, ours);
    expect(result.ok ? '' : result.message).toMatch(/keys\.generate.*trustDirId/);
  });

  it('hands the handler the parsed arguments, with the contract defaults filled in', async () => {
    const { dispatch, spies } = setup();
    const result = await dispatch('vault:keys.generate', valid, ours);
    expect(result.ok).toBe(true);
    expect(spies.get('vault:keys.generate')).toHaveBeenCalledWith({ ...valid, algorithm: 'ecdsa', writePublicKey: false });
  });
});

describe('dispatcher: errors from handlers', () => {
  it('passes a VaultError on as its code and message', async () => {
    const { dispatch, spies, onUnexpectedError } = setup();
    spies.get('vault:app.info')!.mockRejectedValueOnce(new VaultError('NOT_FOUND', 'No such trust dir'));
    expect(await dispatch('vault:app.info', {}, ours)).toEqual({ ok: false, code: 'NOT_FOUND', message: 'No such trust dir' });
    expect(onUnexpectedError).not.toHaveBeenCalled();
  });

  it('turns anything else into INTERNAL without detail, and reports it to main with the channel only', async () => {
    const { dispatch, spies, onUnexpectedError } = setup();
    const error = new Error('ENOENT /home/alice/.docker/trust/private/secret.key');
    spies.get('vault:clipboard.copySecret')!.mockImplementationOnce(() => {
      throw error;
    });
    const result = await dispatch('vault:clipboard.copySecret', { text: 'hunter2hunter2' }, ours);
    expect(result).toMatchObject({ ok: false, code: 'INTERNAL' });
    expect(JSON.stringify(result)).not.toContain('alice');
    expect(onUnexpectedError).toHaveBeenCalledWith('vault:clipboard.copySecret', error);
    expect(JSON.stringify(onUnexpectedError.mock.calls)).not.toContain('hunter2');
  });

  it('survives a handler that is missing', async () => {
    const { handlers } = spyHandlers();
    delete (handlers.app as Record<string, unknown>).info;
    const dispatch = createDispatcher(handlers, { appOrigin: APP });
    expect(await dispatch('vault:app.info', {}, ours)).toMatchObject({ ok: false, code: 'INTERNAL' });
  });
});
