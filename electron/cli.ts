import { writeSync } from 'node:fs';
import { runCli } from './cli/run';

/**
 * `trust-vault`: the vault's command line over the same core as the app (DESIGN.md, CLI). Output is written
 * synchronously so a large --json listing is complete before the process exits, even into a pipe.
 */
const write = (fd: number) => (text: string | Buffer) => {
  const buf = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  for (let off = 0; off < buf.length; ) {
    try {
      off += writeSync(fd, buf, off, buf.length - off);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') throw e;
    }
  }
};

void runCli(process.argv.slice(2), { stdout: write(1), stderr: write(2), env: process.env, cwd: process.cwd(), ownProcess: true }).then(
  (code) => {
    process.exitCode = code;
  },
);
