/** Reads a V8 .cpuprofile and says where the time went: by package, and the top functions. */
import fs from 'fs';

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

/** `@nocobase/database`, `sequelize`, `ours`, `builtin` … from a script URL. */
function packageOf(url: string): string {
  if (!url) {
    return '(native/vm)';
  }

  if (url.includes('/src/server/') || url.endsWith('/bench/.build/ours.js')) {
    return 'ours (src/server)';
  }

  if (url.includes('/bench/')) {
    return 'bench harness';
  }

  if (url.includes('node_modules/builtin-action-trigger/')) {
    return 'builtin-action-trigger';
  }

  const match = url.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/g);

  if (match) {
    return match[match.length - 1].replace('node_modules/', '');
  }

  return url.startsWith('node:') ? 'node core' : url.replace(/^file:\/\//, '');
}

export function summarizeProfile(file: string, top = 15): string {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile;
  const selfTime = new Map<number, number>();

  profile.samples.forEach((id, i) => selfTime.set(id, (selfTime.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));

  // Idle is the app waiting for the next request (or for SQLite's thread pool): left out, so
  // that the shares are of the time the main thread was busy.
  const idleIds = new Set(profile.nodes.filter((node) => node.callFrame.functionName === '(idle)').map((node) => node.id));
  const sampled = [...selfTime.values()].reduce((sum, t) => sum + t, 0);
  const idle = [...idleIds].reduce((sum, id) => sum + (selfTime.get(id) ?? 0), 0);
  const total = sampled - idle;
  const byPackage = new Map<string, number>();
  const byFunction = new Map<string, number>();

  for (const node of profile.nodes) {
    if (idleIds.has(node.id)) {
      continue;
    }

    const time = selfTime.get(node.id) ?? 0;
    const { functionName, url, lineNumber } = node.callFrame;
    const pkg = packageOf(url);
    const name = `${functionName || '(anonymous)'} ${pkg}:${lineNumber + 1}`;

    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + time);
    byFunction.set(name, (byFunction.get(name) ?? 0) + time);
  }

  // Inclusive: a sample counts for a package when any frame of its stack is that package's,
  // which is what a plugin costs with everything it calls (Sequelize, the engine …).
  const parentOf = new Map<number, number>();

  for (const node of profile.nodes) {
    for (const child of node.children ?? []) {
      parentOf.set(child, node.id);
    }
  }

  const byNodeId = new Map(profile.nodes.map((node) => [node.id, node]));
  const inclusive = new Map<string, number>();

  for (const [id, time] of selfTime) {
    if (idleIds.has(id)) {
      continue;
    }

    const seen = new Set<string>();

    for (let at: number | undefined = id; at !== undefined; at = parentOf.get(at)) {
      seen.add(packageOf(byNodeId.get(at)?.callFrame.url ?? ''));
    }

    for (const pkg of seen) {
      inclusive.set(pkg, (inclusive.get(pkg) ?? 0) + time);
    }
  }

  const interesting = ['ours (src/server)', 'builtin-action-trigger', '@nocobase/plugin-workflow', '@nocobase/plugin-acl', '@nocobase/acl', 'sequelize'];
  const inclusiveLine = interesting
    .filter((pkg) => inclusive.has(pkg))
    .map((pkg) => `${pkg} ${((100 * (inclusive.get(pkg) as number)) / total).toFixed(1)}%`)
    .join(', ');

  const percent = (t: number) => `${((100 * t) / total).toFixed(1)}%`;
  const list = (map: Map<string, number>) =>
    [...map.entries()]
      .sort((x, y) => y[1] - x[1])
      .slice(0, top)
      .map(([name, t]) => `  ${percent(t).padStart(6)}  ${name}`)
      .join('\n');

  return [
    `sampled ${(sampled / 1000).toFixed(0)} ms, busy ${(total / 1000).toFixed(0)} ms; shares of busy self time`,
    `inclusive (stacks through): ${inclusiveLine}`,
    'self time by package:',
    list(byPackage),
    'top functions:',
    list(byFunction),
  ].join('\n');
}

if (require.main === module) {
  for (const file of process.argv.slice(2)) {
    process.stdout.write(`${file}\n${summarizeProfile(file)}\n\n`);
  }
}
