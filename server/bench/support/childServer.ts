import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ServerReady, ServerUsage } from './benchServer';

const SERVER_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ENTRY = path.join(SERVER_ROOT, 'bench', 'support', 'benchServer.ts');

/**
 * A benchmark server in its own child process (see benchServer.ts): the
 * parent generates load, the child's CPU time and heap are its own.
 */
export class ChildServer {
  private constructor(
    private readonly child: ChildProcess,
    readonly ready: ServerReady,
  ) {}

  /** Forks `benchServer.ts <kind>` and resolves once it listens. */
  static async start(kind: 'accord' | 'stock', env: Record<string, string> = {}): Promise<ChildServer> {
    const child = fork(ENTRY, [kind], {
      cwd: SERVER_ROOT,
      // BENCH_SERVER_NODE_ARGS='--cpu-prof --cpu-prof-dir=/tmp/prof' profiles the server child.
      execArgv: ['--import', 'tsx', '--expose-gc', '--max-semi-space-size=32', ...(process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean)],
      env: { ...process.env, ...env },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const ready = await new Promise<ServerReady>((resolve, reject) => {
      child.once('message', (m: ServerReady) => resolve(m));
      child.once('exit', (code) => reject(new Error(`${kind} server exited with ${code} before listening`)));
    });
    return new ChildServer(child, ready);
  }

  /**
   * Pins every thread of the server to the given CPUs (`taskset`), so that the
   * server and the load generator do not take turns on the same core.
   */
  pin(cpus: string): void {
    execFileSync('taskset', ['-a', '-p', '-c', cpus, String(this.pid)], { stdio: 'ignore' });
  }

  get pid(): number {
    return this.child.pid!;
  }
  get httpUrl(): string {
    return `http://127.0.0.1:${this.ready.port}`;
  }
  get wsUrl(): string {
    return `ws://127.0.0.1:${this.ready.port}`;
  }

  /** CPU time and heap of the child right now (`gc` first forces a collection). */
  usage(gc = false): Promise<ServerUsage> {
    return new Promise((resolve, reject) => {
      setTimeout(() => reject(new Error('server did not report its usage within 30 s')), 30_000).unref();
      const onMessage = (m: ServerUsage): void => {
        if (m.type !== 'usage') return;
        this.child.off('message', onMessage);
        resolve(m);
      };
      this.child.on('message', onMessage);
      this.child.send({ type: gc ? 'gc' : 'usage' });
    });
  }

  /** Stops the child cleanly (Accord: final commit and checkpoint). */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.send({ type: 'stop' });
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  }
}
