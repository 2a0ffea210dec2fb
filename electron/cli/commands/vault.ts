import { VaultError } from '../../core/errors';
import type { CliContext } from '../context';

export function vault(_ctx: CliContext): number {
  throw new VaultError('INTERNAL', 'Not built yet');
}
