import { VaultError } from '../../core/errors';
import type { CliContext } from '../context';

export function keysOffline(_ctx: CliContext): number {
  throw new VaultError('INTERNAL', 'Not built yet');
}
export function keysOnline(_ctx: CliContext): number {
  throw new VaultError('INTERNAL', 'Not built yet');
}
