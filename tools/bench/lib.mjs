// Helpers shared by the benchmark modules: child processes, ports, statistics, the request every server gets.
import { execFileSync, spawn } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const env = { ...process.env, CI: 'true', NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_SKIP_NX_CACHE: 'true' };
export const log = (...a) => console.error('bench:', ...a);
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Run a command to completion; throws with its stderr tail when it fails. */
export function sh(cmd, args, cwd, options = {}) {
  try {
    return execFileSync(cmd, args, { cwd, env: options.env ?? env, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024, timeout: options.timeoutMs ?? 20 * 60_000 }).toString();
  } catch (err) {
    const tail = `${err.stdout ?? ''}\n${err.stderr ?? ''}`.trim().split('\n').slice(-30).join('\n');
    throw new Error(`${cmd} ${args.join(' ')} (in ${cwd}) failed: ${err.message.split('\n')[0]}\n${tail}`);
  }
}

/** Wall time of a command in ms. */
export function timed(cmd, args, cwd, options) {
  const t = process.hrtime.bigint();
  sh(cmd, args, cwd, options);
  return Number(process.hrtime.bigint() - t) / 1e6;
}

export const median = (xs) => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
/** Nearest-rank percentile. */
export const percentile = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
};
export const sum = (xs) => xs.reduce((a, b) => a + b, 0);

// A credential made up for this run only, and a reader token signed with it (HS256 via node:crypto).
export const JWT_SECRET = randomBytes(32).toString('base64url');
const b64url = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
function signHs256(claims, secret) {
  const body = `${b64url({ alg: 'HS256', typ: 'JWT' })}.${b64url(claims)}`;
  return `${body}.${createHmac('sha256', secret).update(body).digest('base64url')}`;
}
/** The service refuses NODE_ENV=production without an expected issuer and audience; every peer checks them too. */
export const JWT_ISSUER = 'https://auth.example.com/';
export const JWT_AUDIENCE = 'shop-api';
const now = Math.floor(Date.now() / 1000);
// Valid for 3 hours: a full run with long rounds must never see it expire.
export const token = signHs256({ iss: JWT_ISSUER, aud: JWT_AUDIENCE, sub: 'bench-reader', roles: ['reader'], iat: now, exp: now + 3 * 3600 }, JWT_SECRET);
export const REQUEST_HEADERS = { authorization: `Bearer ${token}` };
export const CORS_ORIGINS = ['https://shop.example.com'];

export async function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer().on('error', reject).listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** Every child process started by the benchmark, killed in `killAll` (called from the entry point's finally). */
const children = new Set();
export function killAll() {
  for (const proc of children) if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
  children.clear();
}

/**
 * Start `node <args>` in `cwd` and poll `readyPath` until it answers 200 (at most 30 s). readyMs is spawn to
 * first 200, i.e. the cold start.
 */
export async function startAndWait(cwd, args, port, readyPath, extraEnv = {}) {
  const t0 = process.hrtime.bigint();
  const proc = spawn(process.execPath, args, {
    cwd,
    env: { PATH: process.env.PATH, NODE_ENV: 'production', HOST: '127.0.0.1', PORT: String(port), JWT_SECRET, ...extraEnv },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  children.add(proc);
  let stderr = '';
  proc.stderr.on('data', (d) => (stderr = (stderr + d).slice(-4000)));
  let exited = null;
  proc.on('exit', (code, signal) => {
    exited = signal ?? code;
    children.delete(proc);
  });
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (exited !== null) throw new Error(`${args.join(' ')} exited (${exited}) before ${readyPath} answered 200: ${stderr}`);
    if (Date.now() > deadline) {
      proc.kill('SIGKILL');
      throw new Error(`${args.join(' ')}: ${readyPath} did not answer 200 within 30 s: ${stderr}`);
    }
    try {
      const res = await fetch(`http://127.0.0.1:${port}${readyPath}`);
      await res.arrayBuffer();
      if (res.status === 200) break;
    } catch {}
    await sleep(5);
  }
  return { proc, port, readyMs: Number(process.hrtime.bigint() - t0) / 1e6, stderr: () => stderr };
}

/**
 * The exact request benchmarked must answer 200 with the expected body, or the benchmark is worthless.
 * `expect` is the exact JSON body, or a function given the parsed body that returns true when it is right.
 */
export async function assertAnswers200(url, expect) {
  const res = await fetch(url, { headers: REQUEST_HEADERS });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`${url} answered ${res.status}, not 200: ${text.slice(0, 300)}`);
  const body = JSON.parse(text);
  const ok = typeof expect === 'function' ? expect(body) : JSON.stringify(body) === JSON.stringify(expect);
  if (!ok) throw new Error(`${url} answered an unexpected body: ${text.slice(0, 300)}`);
}

export function rssMb(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf-8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)[1]) / 1024;
}

const autocannon = createRequire(path.join(root, 'package.json'))('autocannon');
export const autocannonVersion = createRequire(path.join(root, 'package.json'))('autocannon/package.json').version;

/**
 * One autocannon run with the benchmark's request headers. strict: any non-2xx, error or timeout throws (a
 * benchmark of failures is worthless); otherwise they are returned, to be reported (the 200-connection load).
 */
export function load(name, url, { connections, durationS, strict = true }) {
  return new Promise((resolve, reject) =>
    autocannon({ url, headers: REQUEST_HEADERS, connections, duration: durationS, timeout: 10 }, (err, res) => {
      if (err) return reject(err);
      const codes = Object.entries(res.statusCodeStats ?? {}).map(([code, s]) => `${code}×${s.count}`).join(', ');
      const bad = res.non2xx !== 0 || res.errors !== 0 || res.timeouts !== 0;
      if (strict && bad) {
        return reject(new Error(`${name} ${url}: ${res.non2xx} non-2xx (${codes}), ${res.errors} errors, ${res.timeouts} timeouts: not a valid benchmark`));
      }
      resolve({
        rps: res.requests.average,
        // 2xx answers per second: what counts when some requests fail (the 200-connection load).
        okRps: res['2xx'] / res.duration,
        total: res.requests.total,
        ok: res['2xx'],
        durationS: res.duration,
        non2xx: res.non2xx,
        errors: res.errors,
        timeouts: res.timeouts,
        codes,
        p50: res.latency.p50,
        p99: res.latency.p99,
      });
    }),
  );
}

/** Version of a package as installed in `dir`'s node_modules. */
export function versionIn(dir, name) {
  try {
    return JSON.parse(readFileSync(path.join(dir, 'node_modules', name, 'package.json'), 'utf-8')).version;
  } catch {
    return 'missing';
  }
}

/** The ready.yaml of a benchmark service: JWT with issuer and audience (production refuses tokens of any issuer), the CORS
 *  allowlist, and a global rate limit so high that the limiter runs on every request without refusing one. */
export const benchServiceConfig = (name) => `apiVersion: ready/v1
service:
  name: ${name}
http:
  corsOrigins: [${CORS_ORIGINS.join(', ')}]
auth:
  mode: jwt
  jwt:
    issuer: ${JWT_ISSUER}
    audience: ${JWT_AUDIENCE}
rateLimits:
  global: { max: 100000000, windowMs: 60000 }
`;
