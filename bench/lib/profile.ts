import fs from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Where a frame's code comes from: an npm package, a file of ours, Node itself, or V8's pseudo-frames. */
function area(url: string, fn: string): string {
  if (!url) {
    return fn.startsWith('(') ? fn : '(native)';
  }
  const pkg = url.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
  if (pkg) {
    return pkg[1];
  }
  const ours = url.match(/\/(server\/src\/.*|shared\/src\/.*|bench\/.*)$/);
  if (ours) {
    return ours[1].replace(/\.ts$/, '');
  }
  if (url.startsWith('node:')) {
    return url.replace(/^node:internal\/(?:deps\/)?/, 'node:').split('/')[0];
  }
  return url;
}

/**
 * Self time of a V8 .cpuprofile grouped by package (or our own file) and by function, as shares of the
 * busy (non-idle) time — enough to see whether time goes to the database driver, zod, the serializer …
 */
export function summariseProfile(file: string, top = 25): string {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => {
    self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  const parent = new Map<number, number>();
  for (const n of profile.nodes) {
    for (const c of n.children ?? []) {
      parent.set(c, n.id);
    }
  }
  const areas = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const fns = new Map<string, number>();
  let busy = 0;
  for (const [id, us] of self) {
    const node = byId.get(id);
    if (!node) {
      continue;
    }
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === '(idle)') {
      continue;
    }
    busy += us;
    const a = area(url, functionName);
    areas.set(a, (areas.get(a) ?? 0) + us);
    // Inclusive: every package or file on the stack of this sample, counted once.
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const f = byId.get(cur)?.callFrame;
      if (f?.url) {
        seen.add(area(f.url, f.functionName));
      }
    }
    for (const s of seen) {
      inclusive.set(s, (inclusive.get(s) ?? 0) + us);
    }
    const label = `${functionName || '(anonymous)'}  ${a}${url ? `:${lineNumber + 1}` : ''}`;
    fns.set(label, (fns.get(label) ?? 0) + us);
  }
  const fmt = (entries: Map<string, number>) =>
    [...entries]
      .sort((x, y) => y[1] - x[1])
      .slice(0, top)
      .map(([k, us]) => `  ${((100 * us) / busy).toFixed(1).padStart(5)}%  ${(us / 1000).toFixed(0).padStart(7)} ms  ${k}`)
      .join('\n');
  return [
    `busy ${(busy / 1000).toFixed(0)} ms in ${file}`,
    'self time by package / file:',
    fmt(areas),
    'inclusive time by package / file (on the stack):',
    fmt(inclusive),
    'self time by function:',
    fmt(fns),
  ].join('\n');
}
