// `npm run fake-provider -- --flavour openrouter --port 8787 --latency 400`: the fake Pixtral for demos.
import { parseArgs } from 'node:util';
import { PROVIDERS } from '../../shared/providers';
import { startFakeProvider, type Flavour } from './server';

const { values } = parseArgs({
  options: {
    flavour: { type: 'string', default: 'openrouter' },
    port: { type: 'string', default: '8787' },
    latency: { type: 'string', default: '300' },
    'fault-rate': { type: 'string', default: '0' },
    /** A model the provider no longer serves, e.g. --retired pixtral-12b-latest; may be repeated. */
    retired: { type: 'string', multiple: true, default: [] },
  },
});

const flavour = values.flavour as Flavour;
if (!['openrouter', 'vercel', 'mistral'].includes(flavour)) {
  console.error('--flavour must be openrouter, vercel or mistral');
  process.exit(2);
}
const provider = await startFakeProvider({
  flavour,
  port: Number(values.port),
  latencyMs: Number(values.latency),
  retired: values.retired,
});
if (Number(values['fault-rate']) > 0) provider.setFaultRate(Number(values['fault-rate']));
const keyEnv = PROVIDERS[flavour].keyEnv!;
console.log(`Fake Pixtral (${flavour}) listening on ${provider.url}`);
if (values.retired.length > 0) console.log(`Retired: ${values.retired.join(', ')}`);
console.log(
  `Point Shoebox at it:\n  SHOEBOX_PROVIDER=${flavour} SHOEBOX_BASE_URL=${provider.url} ${keyEnv}=demo npm run serve`,
);
const stop = () => void provider.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
// Spawned by a test or a benchmark (spawnFakeProvider): a parent killed before its cleanup leaves no fake behind.
if (process.send) process.on('disconnect', stop);
