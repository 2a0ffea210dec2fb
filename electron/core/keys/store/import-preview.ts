import type { ImportBlockPreview, ImportFilePreview } from '../../../../shared/dto/keys';
import { isVaultError } from '../../errors';
import { inspectKeyBlock } from '../key-block';
import { decodePem, type PemBlock } from '../pem';

/** One PEM block from a file the user chose, named for reports as "file.pem" or "file.pem #2". */
export interface ImportSource {
  source: string;
  block: PemBlock;
}

/** Reads a chosen file into its blocks; an unreadable file gives a preview with a problem, never a throw. */
export function previewImportFile(name: string, text: string): { preview: ImportFilePreview; sources: ImportSource[] } {
  let blocks: PemBlock[];
  try {
    blocks = decodePem(text);
  } catch (e) {
    return { preview: { name, blocks: [], problem: isVaultError(e) ? e.message : 'not a PEM file' }, sources: [] };
  }
  if (blocks.length === 0) return { preview: { name, blocks: [], problem: 'the file holds no PEM block' }, sources: [] };
  const previews: ImportBlockPreview[] = blocks.map((b, index) => ({
    index,
    pemType: b.type,
    encrypted: safeInspect(b)?.encrypted ?? false,
    role: b.headers.role ?? null,
    gun: b.headers.gun ?? null,
    pathHeader: b.headers.path ?? null,
  }));
  const sources = blocks.map((block, i) => ({ source: blocks.length > 1 ? `${name} #${i + 1}` : name, block }));
  return { preview: { name, blocks: previews, problem: null }, sources };
}

function safeInspect(b: PemBlock) {
  try {
    return inspectKeyBlock(b);
  } catch {
    return null;
  }
}

