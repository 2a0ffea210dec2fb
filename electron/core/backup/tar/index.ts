/** Deterministic tar.gz backups, and a strict streaming reader for the ones we restore. */
export { packTar, TarHeaderWriter, endOfArchive, type TarInput } from './tar-writer';
export { gzipDeterministic, gzipStream, isGzip } from './gzip';
export { readTar, type TarEntry, type ReadTarOptions } from './tar-reader';
export { readTarGz } from './tar-gz-reader';
export { DEFAULT_TAR_LIMITS, type TarLimits } from './limits';
