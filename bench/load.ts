/** The HTTP load generator: a closed loop of keep-alive connections, timing every request. */
import http from 'http';

export interface BenchRequest {
  method: 'POST';
  /** Without the API prefix: `/posts:create`. */
  path: string;
  body: unknown;
}

export interface LoadResult {
  latencies: number[];
  elapsedMs: number;
  errors: number;
  firstError?: string;
}

export interface Target {
  port: number;
  /** Prepended to every request path (the app's API prefix). */
  prefix: string;
  token: string;
}

/** Sends `count` requests from `concurrency` loops; request `i` is `make(i)`. */
export async function runLoad(
  target: Target,
  count: number,
  concurrency: number,
  make: (i: number) => BenchRequest,
): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  let next = 0;
  const started = process.hrtime.bigint();

  const loop = async () => {
    while (next < count) {
      const request = make(next++);
      const begin = process.hrtime.bigint();
      const { status, text } = await send(agent, target, request);

      latencies.push(Number(process.hrtime.bigint() - begin) / 1e6);

      if (status !== 200) {
        errors++;
        firstError ??= `${status} ${request.path}: ${text.slice(0, 300)}`;
      }
    }
  };

  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, loop));
  agent.destroy();

  return { latencies, elapsedMs: Number(process.hrtime.bigint() - started) / 1e6, errors, firstError };
}

function send(agent: http.Agent, target: Target, request: BenchRequest): Promise<{ status: number; text: string }> {
  const body = JSON.stringify(request.body);

  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        agent,
        host: '127.0.0.1',
        port: target.port,
        method: request.method,
        path: target.prefix + request.path,
        headers: {
          authorization: `Bearer ${target.token}`,
          'x-authenticator': 'basic',
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );

    req.on('error', reject);
    req.end(body);
  });
}

/** The p-th percentile (0–100) of samples, by nearest rank. */
export function percentile(samples: number[], p: number): number {
  if (!samples.length) {
    return NaN;
  }

  const sorted = [...samples].sort((x, y) => x - y);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));

  return sorted[rank];
}
