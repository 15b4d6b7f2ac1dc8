import { spawn, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..', '..');

/** A `trellis` command running in its own process, its stdout and stderr gathered as they come. */
export class TrellisProcess {
  readonly child: ChildProcess;
  output = '';
  /** Settles when the process has ended, with its exit code (null when a signal ended it). */
  readonly exited: Promise<number | null>;
  private readonly listeners = new Set<() => void>();

  constructor(args: string[], env: NodeJS.ProcessEnv) {
    this.child = spawn(process.execPath, ['--import', 'tsx', join(root, 'src/main.ts'), ...args], { cwd: root, env });
    const gather = (chunk: Buffer) => {
      this.output += chunk.toString();
      for (const listener of this.listeners) listener();
    };
    this.child.stdout!.on('data', gather);
    this.child.stderr!.on('data', gather);
    this.exited = new Promise((done) => this.child.once('exit', (code) => done(code)));
  }

  /**
   * Waits until the output matches: however long a loaded machine takes to get there, and
   * failing only if the process ends first. No deadline: the test runner's own timeout is the bound.
   */
  waitFor(pattern: RegExp): Promise<string> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const match = pattern.exec(this.output);
        if (!match) return false;
        this.listeners.delete(onOutput);
        resolve(match[0]);
        return true;
      };
      const onOutput = () => void check();
      if (check()) return;
      this.listeners.add(onOutput);
      void this.exited.then((code) => {
        if (check()) return;
        this.listeners.delete(onOutput);
        reject(new Error(`the process ended (${code}) before printing ${pattern}:\n${this.output}`));
      });
    });
  }

  /** Stops the process with a signal and waits for it to end. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
    return this.exited;
  }
}
