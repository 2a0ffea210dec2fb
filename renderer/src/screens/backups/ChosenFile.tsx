import type { ChosenBackupFile } from '../../../../shared/dto/backups';
import { Badge } from '../../components/Badge';
import { Icon } from '../../components/Icon';
import { formatBytes } from './backup-text';

const KIND: Record<ChosenBackupFile['kind'], { label: string; tone: 'ok' | 'neutral' | 'danger' }> = {
  age: { label: 'encrypted (age)', tone: 'ok' },
  gzip: { label: 'not encrypted (tar.gz)', tone: 'neutral' },
  unknown: { label: 'not a backup', tone: 'danger' },
};

/** The file main's dialog returned: its name, size and what its first bytes say it is. */
export function ChosenFile({ file }: { file: ChosenBackupFile }) {
  return (
    <div className="chosen-file" data-testid="chosen-file" data-kind={file.kind}>
      <Icon name="backup" />
      <span className="mono break chosen-file-name">{file.name}</span>
      <span className="muted">{formatBytes(file.size)}</span>
      <Badge tone={KIND[file.kind].tone}>{KIND[file.kind].label}</Badge>
    </div>
  );
}
