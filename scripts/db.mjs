// `npm run db`: a MongoDB for running things by hand (jest, the CLI, a second portal process), chosen the
// way the tests choose (MONGODB_URI, else mongod through mongodb-memory-server, else the SecantusDB
// stand-in), in memory, until Ctrl-C. Prints the URI to use as MONGODB_URI / TEST_MONGODB_URI.
import { forwardSignals, startDatabases } from './lib.mjs';

const dbs = await startDatabases(1);
console.log(`database: ${dbs.description}`);
console.log(`MONGODB_URI=${dbs.env.TEST_MONGODB_URI}`);
console.log('(Ctrl-C stops it)');
forwardSignals(() => void dbs.stop().then(() => process.exit(0)));
