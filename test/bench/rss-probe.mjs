// Preloaded with --import into every benchmarked Node process: on exit it appends the
// process's peak resident set size (bytes) to the file named by MESHGATE_BENCH_RSS_FILE.
import { appendFileSync } from 'node:fs';

const out = process.env.MESHGATE_BENCH_RSS_FILE;
if (out) {
  process.on('exit', () => {
    appendFileSync(out, `${process.resourceUsage().maxRSS * 1024}\n`);
  });
}
