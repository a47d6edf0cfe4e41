// `npm run bench`: every benchmark in turn. Figures, not pass/fail; ratios compare against a baseline run
// in the same process on the same machine, since absolute numbers vary with the machine's load.
import { main as search } from './search.bench';
import { main as searchQuality } from './searchQuality.bench';
import { main as ingest } from './ingest.bench';
import { main as captioning } from './captioning.bench';
import { main as memory } from './memory.bench';
import { main as estimate } from './estimate.bench';
import { main as review } from './review.bench';
import { main as vocabulary } from './vocabulary.bench';
import { main as blocking } from './blocking.bench';
import { main as hostile } from './hostile.bench';
import { main as raw } from './raw.bench';
import { main as grouping } from './grouping.bench';
import { main as scale } from './scale.bench';
import { main as scaleCatchUp } from './scaleCatchUp.bench';
import { main as catalogueLookups } from './catalogueLookups.bench';
import { main as lookAlikes } from './lookAlikes.bench';
import { main as summaryPath } from './summaryPath.bench';
import { main as grid } from './grid.bench';
import { main as reviewReadsWrites } from './reviewReadsWrites.bench';
import { main as workerDecode } from './workerDecode.bench';
import { main as requestBody } from './requestBody.bench';
import { main as answerStore } from './answerStore.bench';
import { main as watchOverflow } from './watchOverflow.bench';

const only = process.argv.slice(2);
const benches: Array<[string, () => Promise<unknown>]> = [
  ['ingest', () => ingest()],
  ['search', () => search()],
  ['search-quality', () => searchQuality()],
  ['captioning', () => captioning()],
  ['memory', () => memory()],
  ['estimate', () => estimate()],
  ['review', () => review()],
  ['vocabulary', () => vocabulary()],
  ['blocking', () => blocking()],
  ['hostile', () => hostile()],
  ['raw', () => raw()],
  ['grouping', () => grouping()],
  ['catalogue-lookups', () => catalogueLookups()],
  ['look-alikes', () => lookAlikes()],
  ['summary-path', () => summaryPath()],
  ['grid', () => grid()],
  ['review-reads-writes', () => reviewReadsWrites()],
  ['worker-decode', () => workerDecode()],
  ['request-body', () => requestBody()],
  ['answer-store', () => answerStore()],
  // Minutes to hours: only when named (`npm run bench -- scale`), sized by BENCH_SCALE_PHOTOS.
  ['scale', () => scale()],
  ['scale-catchup', () => scaleCatchUp()],
  // Only when named too: it shortens a system setting (fs.inotify.max_queued_events) for a moment, as root.
  ['watch-overflow', () => watchOverflow()],
];
const onlyWhenNamed = (name: string) => name.startsWith('scale') || name === 'watch-overflow';
for (const [name, run] of benches) {
  if (only.length > 0 ? !only.includes(name) : onlyWhenNamed(name)) continue;
  await run();
}
