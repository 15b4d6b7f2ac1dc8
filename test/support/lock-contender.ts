/**
 * One contender for a data folder's lock, driven line by line on stdin so that several start
 * their attempt at the same moment: `take DIR` answers `won` or `lost`, `release` lets go.
 */
import { createInterface } from 'node:readline';
import { acquireDataDirLock, DataDirLockedError } from '../../src/platform/db/lock.ts';

let release: (() => void) | undefined;
const lines = createInterface({ input: process.stdin });
process.stdout.write('ready\n');
for await (const line of lines) {
  const [command, dir] = line.split(' ');
  if (command === 'take') {
    try {
      release = acquireDataDirLock(dir!);
      process.stdout.write('won\n');
    } catch (err) {
      process.stdout.write(err instanceof DataDirLockedError ? 'lost\n' : `error ${(err as Error).message}\n`);
    }
  } else if (command === 'release') {
    release?.();
    release = undefined;
    process.stdout.write('released\n');
  }
}
