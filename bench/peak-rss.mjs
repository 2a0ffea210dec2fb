// Loaded with `node --import` in front of a measured command: writes the process's peak RSS (KiB) to the file
// named by PEAK_RSS_FILE when it exits, so a bench can report a whole process's peak memory.
import { writeFileSync } from 'node:fs';

process.on('exit', () => {
  if (process.env.PEAK_RSS_FILE) writeFileSync(process.env.PEAK_RSS_FILE, String(process.resourceUsage().maxRSS));
});
