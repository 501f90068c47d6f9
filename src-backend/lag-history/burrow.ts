/**
 * Burrow's consumer-lag evaluation (linkedin/Burrow, core/internal/evaluator/caching.go), applied to a sliding window
 * of observed commits per partition. docs/INSIGHT.md lists the rules and where KafkaDesk deviates.
 */

import { LAG_VERDICTS, type LagVerdict } from '../../src-common/contract/lag-history.js';

/** One commit as Burrow stores it: the offset, when it was committed, and the lag at that moment. */
export interface CommitEntry {
  offset: number;
  /** Commit time (epoch ms): the broker's commit timestamp when known, else when a sample first saw the offset. */
  at: number;
  lag: number;
}

export interface EvaluatorOptions {
  /** Commits kept per partition (Burrow's `intervals`, default 10). */
  windowSize: number;
  /**
   * Rule 3 (STOP) needs "now - last commit > last - first commit"; with one or two commits close together that fires
   * after a moment, so the silence must also exceed this (KafkaDesk's addition).
   */
  stopGraceMs: number;
}

export const DEFAULT_EVALUATOR: EvaluatorOptions = { windowSize: 10, stopGraceMs: 30_000 };

export function severity(v: LagVerdict): number {
  return LAG_VERDICTS.indexOf(v);
}

export function worstOf(verdicts: Iterable<LagVerdict>): LagVerdict {
  let worst: LagVerdict = 'OK';
  for (const v of verdicts) if (severity(v) > severity(worst)) worst = v;
  return worst;
}

/** Burrow's group status: anything above ERR is reported as ERR. */
export function burrowGroupStatus(worst: LagVerdict): 'OK' | 'WARN' | 'ERR' {
  return worst === 'OK' ? 'OK' : worst === 'WARN' ? 'WARN' : 'ERR';
}

/** The partition's status from its commit window and its current lag (sampled now). */
export function evaluatePartition(window: readonly CommitEntry[], currentLag: number | null, nowMs: number, options: EvaluatorOptions): LagVerdict {
  if (window.length === 0 || currentLag === null || currentLag <= 0) return 'OK';
  // Rule 1: lag was zero at some commit of the window -> OK.
  if (window.some((c) => c.lag === 0)) return 'OK';
  // Rule 2: a commit went backwards -> REWIND.
  for (let i = 1; i < window.length; i++) if ((window[i] as CommitEntry).offset < (window[i - 1] as CommitEntry).offset) return 'REWIND';
  // Rule 3: silent for longer than the window spans -> STOP.
  const first = (window[0] as CommitEntry).at;
  const last = (window[window.length - 1] as CommitEntry).at;
  if (nowMs - last > Math.max(last - first, options.stopGraceMs)) return 'STOP';
  // Rules 4 and 5 compare commits: one commit says nothing yet (Burrow would call it STALL).
  if (window.length < 2) return 'OK';
  // Rule 4: committing, but always the same offset -> STALL.
  if (window.every((c) => c.offset === (window[0] as CommitEntry).offset)) return 'STALL';
  // Rule 5: offsets advance but the lag never shrinks -> WARN.
  for (let i = 1; i < window.length; i++) if ((window[i] as CommitEntry).lag < (window[i - 1] as CommitEntry).lag) return 'OK';
  return 'WARN';
}

/**
 * Adds a sampled commit to the window. `commitAt` is the broker's commit timestamp (embedded) or null (remote: only a
 * changed offset shows a commit). Like Burrow's storage, a commit at the same timestamp as the last one replaces it
 * (keeping its first lag); returns whether a new commit entered the window.
 */
export function observeCommit(window: CommitEntry[], offset: number, commitAt: number | null, lag: number, sampledAt: number, windowSize: number): boolean {
  const last = window[window.length - 1];
  if (last) {
    const same = commitAt === null ? last.offset === offset : last.at === commitAt && last.offset === offset;
    if (same) return false;
  }
  window.push({ offset, at: commitAt ?? sampledAt, lag });
  while (window.length > windowSize) window.shift();
  return true;
}

/** Committed records per second across the window (null with fewer than two commits or no time between them). */
export function consumeRate(window: readonly CommitEntry[]): number | null {
  if (window.length < 2) return null;
  const a = window[0] as CommitEntry;
  const b = window[window.length - 1] as CommitEntry;
  const dt = b.at - a.at;
  return dt > 0 ? Math.max(0, b.offset - a.offset) / (dt / 1000) : null;
}
