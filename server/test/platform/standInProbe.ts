/**
 * Runs a Python script against the stand-in's own storage (its `secantus.storage`, in the stand-in's Python)
 * and returns the one JSON line it prints. For tests that count what the stand-in reads, which no wire
 * command reports: its `explain` names no index.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT } from '../../src/platform/db/embeddedMongo';

export const onStandIn = process.env.TEST_MONGODB_KIND === 'secantusdb';

/** Python that counts every collection scan into `scans` (the collection's name per scan). */
export const COUNT_SCANS = String.raw`
import secantus.storage as storage
scans = []
for name in ("_scan_docs", "_scan_docs_natural"):
    def counting(self, db, coll, _plain=getattr(storage.Storage, name)):
        scans.append(coll)
        return _plain(self, db, coll)
    setattr(storage.Storage, name, counting)
`;

export function standInProbe<T>(script: string, args: string[] = []): T {
  const python = path.join(REPO_ROOT, '.venv', 'secantusdb', 'bin', 'python');
  const r = spawnSync(python, ['-c', script, ...args], { encoding: 'utf8' });
  if (r.stderr) throw new Error(r.stderr);
  return JSON.parse(r.stdout) as T;
}
