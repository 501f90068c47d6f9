#!/usr/bin/env node
// `npx kafkadesk broker ...`: runs the built engine CLI (npm install builds dist/ via `prepare`).
import { main } from '../dist/kafkadesk-broker.mjs';

main(process.argv.slice(2)).catch((err) => {
  process.stderr.write(`kafkadesk: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
