// Reads a V8 CPU profile (node --cpu-prof writes one as JSON) and ranks its frames by self
// time: where the process's CPU went, function by function, with idle and GC kept apart.
import path from 'node:path';

interface CallFrame {
  readonly functionName: string;
  readonly url: string;
  readonly lineNumber: number;
}

interface ProfileNode {
  readonly id: number;
  readonly callFrame: CallFrame;
  readonly children?: readonly number[];
}

export interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
  readonly startTime: number;
  readonly endTime: number;
}

export interface Frame {
  /** "functionName file:line", the file relative to the repository (or node:/internal). */
  readonly frame: string;
  readonly selfMs: number;
}

export interface ProfileSummary {
  readonly totalMs: number;
  /** Sampled time the thread was waiting (the `(idle)` frame): no CPU spent. */
  readonly idleMs: number;
  readonly gcMs: number;
  /** Frames by self time, most first; `(idle)` left out. */
  readonly frames: readonly Frame[];
  /** Self time by source file (or package), most first. */
  readonly files: readonly Frame[];
}

/** A frame's file as a reader finds it: the repository path, a package name, or node's. */
function where(url: string, root: string): string {
  if (url === '') return '(native)';
  const file = url.startsWith('file://') ? decodeURIComponent(new URL(url).pathname) : url;
  const modules = file.lastIndexOf('/node_modules/');
  if (modules >= 0) {
    const rest = file.slice(modules + '/node_modules/'.length).split('/');
    const pkg = rest[0]?.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
    return `${pkg}/${rest.slice(rest[0]?.startsWith('@') ? 2 : 1).join('/')}`;
  }
  return file.startsWith(root) ? path.relative(root, file) : file;
}

export function summarizeProfile(profile: CpuProfile, root: string): ProfileSummary {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfUs = new Map<number, number>();
  // timeDeltas[i] is the time before sample i; the time a sample stands for is the next delta.
  for (let i = 0; i < profile.samples.length; i += 1) {
    const id = profile.samples[i] as number;
    const us = profile.timeDeltas[i + 1] ?? 0;
    selfUs.set(id, (selfUs.get(id) ?? 0) + us);
  }
  const frames = new Map<string, number>();
  const files = new Map<string, number>();
  let idleUs = 0;
  let gcUs = 0;
  let totalUs = 0;
  for (const [id, us] of selfUs) {
    const frame = byId.get(id)?.callFrame;
    if (frame === undefined) continue;
    totalUs += us;
    if (frame.functionName === '(idle)') {
      idleUs += us;
      continue;
    }
    if (frame.functionName === '(garbage collector)') gcUs += us;
    const file = where(frame.url, root);
    const name =
      frame.url === ''
        ? frame.functionName
        : `${frame.functionName || '(anonymous)'} ${file}:${frame.lineNumber + 1}`;
    frames.set(name, (frames.get(name) ?? 0) + us);
    const group = frame.url === '' ? frame.functionName : file;
    files.set(group, (files.get(group) ?? 0) + us);
  }
  const ranked = (map: Map<string, number>) =>
    [...map]
      .map(([frame, us]) => ({ frame, selfMs: us / 1000 }))
      .sort((a, b) => b.selfMs - a.selfMs);
  return {
    totalMs: totalUs / 1000,
    idleMs: idleUs / 1000,
    gcMs: gcUs / 1000,
    frames: ranked(frames),
    files: ranked(files),
  };
}

/** The summary as a markdown-friendly block: totals, then the top frames and files. */
export function formatSummary(summary: ProfileSummary, top: number): string {
  const busy = summary.totalMs - summary.idleMs;
  const line = (f: Frame) =>
    `${f.selfMs.toFixed(0).padStart(7)} ms  ${((f.selfMs / busy) * 100).toFixed(1).padStart(5)}%  ${f.frame}`;
  return [
    `sampled ${(summary.totalMs / 1000).toFixed(2)} s: busy ${(busy / 1000).toFixed(2)} s, ` +
      `idle ${(summary.idleMs / 1000).toFixed(2)} s, of which GC ${(summary.gcMs / 1000).toFixed(2)} s ` +
      `(percentages are of busy time)`,
    '',
    `top ${top} frames by self time:`,
    ...summary.frames.slice(0, top).map(line),
    '',
    `top ${top} files by self time:`,
    ...summary.files.slice(0, top).map(line),
  ].join('\n');
}
