// `npm start`: the embedded demo. No configuration needed: MongoDB (or its stand-in), the WeChat
// sandbox and demo data start with it; everything is served on http://localhost:3000.
import { bin, run } from './lib.mjs';

try {
  await run(bin('tsx'), ['server/src/main.ts']);
} catch (e) {
  console.error(e.message);
  process.exit(1);
}
