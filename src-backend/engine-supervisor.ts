/**
 * Supervises the embedded broker's OS process: starts it, restarts it with backoff after an unexpected exit (same
 * data dir and port, so data and client addresses stay), restarts or stops it on request, and reports every state
 * change. How a process is spawned is given (child_process.fork under serve, utilityProcess in Electron).
 */

import type { EngineProcessStatus } from '../src-common/contract/engine.js';
import type {
  BrokerChild, BrokerProcessOptions, BrokerReadyInfo, CallMessage, ChannelError, EngineInsightMethod, FromBroker, InsightArgs,
  InsightResult, SpawnBroker,
} from '../src-common/engine-channel/index.js';
import type { EngineEvent, ThroughputSample } from '../src-common/engine-events.js';

export interface SupervisorPolicy {
  /** Wait before restart number n (1-based) of a crash streak. */
  backoffMs(n: number): number;
  /** A run at least this long ends a crash streak. */
  stableAfterMs: number;
  /** Crashes in a row after which the supervisor gives up ('stopped' with an error). */
  maxCrashStreak: number;
  /** A process that is not ready by then is killed (counts as a crash). */
  startTimeoutMs: number;
  /** A stop that takes longer ends with a kill. */
  stopTimeoutMs: number;
}

export const DEFAULT_POLICY: SupervisorPolicy = {
  backoffMs: (n) => Math.min(250 * 2 ** (n - 1), 10_000),
  stableAfterMs: 60_000,
  maxCrashStreak: 10,
  startTimeoutMs: 60_000,
  stopTimeoutMs: 15_000,
};

/** An insight call that could not be answered. */
export class EngineCallError extends Error {
  constructor(readonly code: ChannelError['code'], message: string) {
    super(message);
    this.name = 'EngineCallError';
  }
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

/** One spawned process and what belongs to it alone. */
interface Run {
  child: BrokerChild;
  ready: BrokerReadyInfo | null;
  exited: boolean;
  /** Settled when the process has exited. */
  exit: Promise<void>;
  requestedStop: boolean;
}

type Listener<T> = (value: T) => void;

export class EngineSupervisor {
  private run: Run | null = null;
  private status: EngineProcessStatus = { state: 'stopped', pid: null, startedAt: null, restarts: 0, lastExit: null, nextRestartAt: null, error: null };
  private info: BrokerReadyInfo | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextCallId = 1;
  private crashStreak = 0;
  private restartTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly throughputListeners = new Set<Listener<ThroughputSample>>();
  private readonly eventListeners = new Set<Listener<EngineEvent>>();
  private readonly stateListeners = new Set<Listener<EngineProcessStatus>>();
  private stopped = false;
  private restarting: Promise<BrokerReadyInfo> | null = null;

  constructor(
    private readonly spawn: SpawnBroker,
    private options: BrokerProcessOptions,
    private readonly policy: SupervisorPolicy = DEFAULT_POLICY,
  ) {}

  /** The first start; rejects when the broker cannot start (bad port, data dir...). */
  async start(): Promise<BrokerReadyInfo> {
    this.setStatus({ state: 'starting' });
    try {
      return await this.launch();
    } catch (error) {
      this.stopped = true;
      this.setStatus({ state: 'stopped', error: (error as Error).message });
      throw error;
    }
  }

  /** The last ready process's address and identity (kept while it restarts). */
  get ready(): BrokerReadyInfo | null {
    return this.info;
  }

  get dataDir(): string {
    return this.options.dataDir;
  }

  state(): EngineProcessStatus {
    return { ...this.status, lastExit: this.status.lastExit ? { ...this.status.lastExit } : null };
  }

  onState(listener: Listener<EngineProcessStatus>): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  onEvent(listener: Listener<EngineEvent>): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  /** The broker measures throughput only while someone listens. */
  onThroughput(listener: Listener<ThroughputSample>): () => void {
    this.throughputListeners.add(listener);
    if (this.throughputListeners.size === 1) this.sendThroughputSubscription();
    return () => {
      if (this.throughputListeners.delete(listener) && this.throughputListeners.size === 0) this.sendThroughputSubscription();
    };
  }

  call<M extends EngineInsightMethod>(method: M, ...args: InsightArgs<M>): Promise<InsightResult<M>> {
    const run = this.run;
    if (!run?.ready || run.exited || this.status.state !== 'running') {
      return Promise.reject(new EngineCallError('not-running', this.notRunningReason()));
    }
    const id = this.nextCallId++;
    return new Promise<InsightResult<M>>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      run.child.send({ kind: 'call', id, method, args } as CallMessage);
    });
  }

  /** Stops the current process (if any) and starts a new one on the same data dir and port. */
  restart(): Promise<BrokerReadyInfo> {
    this.restarting ??= this.restartNow().finally(() => {
      this.restarting = null;
    });
    return this.restarting;
  }

  private async restartNow(): Promise<BrokerReadyInfo> {
    this.clearRestartTimer();
    this.stopped = false;
    this.crashStreak = 0;
    this.setStatus({ state: 'restarting', restarts: this.status.restarts + 1, nextRestartAt: null, error: null });
    await this.stopRun();
    try {
      return await this.launch();
    } catch (error) {
      this.onCrash((error as Error).message);
      throw error;
    }
  }

  /** Stops the broker for good (app quit); no restart follows. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.clearRestartTimer();
    await this.stopRun();
    this.setStatus({ state: 'stopped', pid: null, nextRestartAt: null });
  }

  private notRunningReason(): string {
    switch (this.status.state) {
      case 'crashed': return `embedded broker crashed${this.status.error ? ` (${this.status.error})` : ''}; restarting`;
      case 'restarting': return 'embedded broker is restarting';
      case 'starting': return 'embedded broker is starting';
      default: return this.status.error ? `embedded broker stopped: ${this.status.error}` : 'embedded broker is stopped';
    }
  }

  /** Spawns a process and resolves once it is ready; rejects if it fails or exits first. */
  private launch(): Promise<BrokerReadyInfo> {
    const child = this.spawn();
    let markExited!: () => void;
    const run: Run = { child, ready: null, exited: false, requestedStop: false, exit: new Promise<void>((r) => { markExited = r; }) };
    this.run = run;
    this.setStatus({ pid: child.pid });
    return new Promise<BrokerReadyInfo>((resolve, reject) => {
      const timer = setTimeout(() => {
        fail(`embedded broker not ready within ${this.policy.startTimeoutMs} ms`);
        child.kill();
      }, this.policy.startTimeoutMs);
      let settled = false;
      let failed = false;
      const settle = (fn: () => void): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        fn();
      };
      const fail = (message: string): void => {
        if (settled) return;
        failed = true;
        settle(() => reject(new Error(message)));
      };
      child.onMessage((message) => {
        if (message.kind === 'ready') {
          run.ready = message.info;
          this.pinAddress(message.info);
          this.info = message.info;
          this.setStatus({ state: 'running', pid: message.info.pid, startedAt: Date.now(), nextRestartAt: null, error: null });
          if (this.throughputListeners.size > 0) this.sendThroughputSubscription();
          settle(() => resolve(message.info));
        } else if (message.kind === 'start-failed') {
          fail(`embedded broker failed to start: ${message.error}`);
        } else {
          this.dispatch(message);
        }
      });
      child.onExit((code, signal) => {
        run.exited = true;
        markExited();
        if (this.run === run) this.failPending(`embedded broker exited (${signal ?? `code ${code}`})`);
        const lastExit = { code, signal, at: Date.now() };
        if (!settled) fail(`embedded broker exited before it was ready (${signal ?? `code ${code}`})`);
        // A failed launch is reported by its rejection; a requested stop is no crash.
        if (failed || run.requestedStop || this.run !== run) {
          this.setStatus({ lastExit });
          return;
        }
        const ranMs = this.status.startedAt === null ? 0 : Date.now() - this.status.startedAt;
        if (ranMs >= this.policy.stableAfterMs) this.crashStreak = 0;
        this.onCrash(`exited unexpectedly (${signal ?? `code ${code}`})`, lastExit);
      });
      child.send({ kind: 'start', options: this.options });
    });
  }

  /** Restarts reuse the address the first run got (port 0 = "any" only once), so clients reconnect to it. */
  private pinAddress(info: BrokerReadyInfo): void {
    this.options = { ...this.options, port: info.port };
    if (this.options.schemaRegistryPort === 0 && info.schemaRegistryUrl) {
      const port = Number(new URL(info.schemaRegistryUrl).port);
      if (Number.isInteger(port) && port > 0) this.options = { ...this.options, schemaRegistryPort: port };
    }
  }

  private onCrash(reason: string, lastExit = this.status.lastExit): void {
    if (this.stopped) return;
    this.crashStreak++;
    if (this.crashStreak > this.policy.maxCrashStreak) {
      this.stopped = true;
      this.setStatus({ state: 'stopped', pid: null, lastExit, nextRestartAt: null, error: `${reason}; gave up after ${this.policy.maxCrashStreak} restarts in a row` });
      return;
    }
    const delay = this.policy.backoffMs(this.crashStreak);
    this.setStatus({ state: 'crashed', pid: null, lastExit, nextRestartAt: Date.now() + delay, error: reason });
    this.clearRestartTimer();
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      this.setStatus({ state: 'restarting', restarts: this.status.restarts + 1, nextRestartAt: null });
      this.launch().catch((error: unknown) => this.onCrash((error as Error).message));
    }, delay);
  }

  private dispatch(message: FromBroker): void {
    switch (message.kind) {
      case 'result': {
        const pending = this.pending.get(message.id);
        if (!pending) return;
        this.pending.delete(message.id);
        if (message.ok) pending.resolve(message.value);
        else pending.reject(new EngineCallError(message.error.code, message.error.message));
        return;
      }
      case 'event':
        for (const listener of this.eventListeners) listener(message.event);
        return;
      case 'throughput':
        for (const listener of this.throughputListeners) listener(message.sample);
        return;
      default:
        return;
    }
  }

  private sendThroughputSubscription(): void {
    const run = this.run;
    if (run?.ready && !run.exited) run.child.send({ kind: 'throughput', subscribed: this.throughputListeners.size > 0 });
  }

  private failPending(reason: string): void {
    for (const pending of this.pending.values()) pending.reject(new EngineCallError('not-running', reason));
    this.pending.clear();
  }

  /** Asks the current process to stop, kills it after the stop timeout, and waits for its exit. */
  private async stopRun(): Promise<void> {
    const run = this.run;
    if (!run || run.exited) return;
    run.requestedStop = true;
    run.child.send({ kind: 'stop' });
    const killer = setTimeout(() => run.child.kill(), this.policy.stopTimeoutMs);
    await run.exit;
    clearTimeout(killer);
  }

  private clearRestartTimer(): void {
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.restartTimer = null;
  }

  private setStatus(change: Partial<EngineProcessStatus>): void {
    const next = { ...this.status, ...change };
    const same = (Object.keys(next) as (keyof EngineProcessStatus)[]).every((k) => next[k] === this.status[k]);
    this.status = next;
    if (same) return;
    const snapshot = this.state();
    for (const listener of this.stateListeners) listener(snapshot);
  }
}
