/**
 * What a header's typeflag means to us: a file or folder we restore, a record that describes the next entry, or
 * something a key backup never holds and a hostile archive might (links escape the target folder; devices and
 * FIFOs hang or harm the reader; sparse and multi-volume pieces are not whole files).
 */
export type EntryKind =
  | { kind: 'file' }
  | { kind: 'dir' }
  | { kind: 'pax' }
  | { kind: 'pax-global' }
  | { kind: 'gnu-long-name' }
  | { kind: 'refused'; what: string };

const REFUSED: Record<string, string> = {
  '1': 'a hard link',
  '2': 'a symbolic link',
  '3': 'a character device',
  '4': 'a block device',
  '6': 'a FIFO (named pipe)',
  S: 'a GNU sparse file',
  V: 'a GNU volume label',
  M: 'a GNU multi-volume continuation',
  K: 'a GNU long link name',
  D: 'a GNU dump directory',
  N: 'an old GNU long name record',
};

export function kindOf(typeflag: string, name: string): EntryKind {
  switch (typeflag) {
    case '0':
    case '7': // contiguous file: an ordinary file everywhere but a few old systems
      return { kind: 'file' };
    case '\0': // pre-POSIX regular file; such tars marked folders only by a trailing "/"
      return name.endsWith('/') ? { kind: 'dir' } : { kind: 'file' };
    case '5':
      return { kind: 'dir' };
    case 'x':
      return { kind: 'pax' };
    case 'g':
      return { kind: 'pax-global' };
    case 'L':
      return { kind: 'gnu-long-name' };
    default: {
      const shown = /^[\x21-\x7e]$/.test(typeflag) ? `'${typeflag}'` : `0x${typeflag.charCodeAt(0).toString(16).padStart(2, '0')}`;
      return { kind: 'refused', what: REFUSED[typeflag] ?? `of unsupported type ${shown}` };
    }
  }
}
