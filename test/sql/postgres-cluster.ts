// A throwaway PostgreSQL cluster for the SQL export tests: initdb in a temporary
// folder, a unix socket there (no TCP), trust auth, stopped and removed after.
// PostgreSQL refuses to run as root, so as root the server runs as the
// `postgres` user (or `nobody`) when one exists; otherwise the tests skip.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Where the server binaries are: /usr/local/bin (linked there on some images), else Debian's /usr/lib/postgresql/<major>/bin, newest first. */
const BIN = [
  '/usr/local/bin',
  ...(existsSync('/usr/lib/postgresql') ? readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a)).map((v) => `/usr/lib/postgresql/${v}/bin`) : []),
].find((dir) => existsSync(join(dir, 'initdb'))) ?? '/usr/lib/postgresql/15/bin';
const PSQL = ['/usr/bin/psql', '/usr/local/bin/psql'].find((p) => existsSync(p));

/** Why the cluster cannot run here, or null when it can. */
export function postgresMissing(): string | null {
  for (const tool of ['initdb', 'pg_ctl', 'postgres']) if (!existsSync(join(BIN, tool))) return `${join(BIN, tool)} is missing`;
  if (!PSQL) return 'psql is missing (looked in /usr/bin and /usr/local/bin)';
  if (process.getuid?.() === 0 && !runAsUser()) return 'running as root and there is no postgres or nobody user to run the server as';
  return null;
}

function runAsUser(): string | null {
  for (const user of ['postgres', 'nobody']) if (spawnSync('id', ['-u', user]).status === 0) return user;
  return null;
}

/** A running cluster: `psql(sql, stdin?)` runs SQL and returns stdout; `stop()` stops it and removes its folder. */
export interface PostgresCluster {
  psql(args: string[], input?: string): string;
  stop(): void;
}

/** Starts a cluster (about a second). */
export function startPostgres(): PostgresCluster {
  const dir = mkdtempSync(join(tmpdir(), 'leadvalue-pg-'));
  chmodSync(dir, 0o777);
  const port = String(20000 + (process.pid % 20000));
  const user = process.getuid?.() === 0 ? runAsUser() : null;
  // stdio 'ignore': the server pg_ctl starts would otherwise hold our pipes open, and execFileSync would wait for it.
  const run = (cmd: string, args: string[]) => {
    if (user) execFileSync('su', [user, '-s', '/bin/sh', '-c', [cmd, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ')], { stdio: 'ignore', timeout: 60_000 });
    else execFileSync(cmd, args, { stdio: 'ignore', timeout: 60_000 });
  };
  const data = join(dir, 'data');
  run(join(BIN, 'initdb'), ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C']);
  run(join(BIN, 'pg_ctl'), ['-D', data, '-o', `-k ${dir} -p ${port} -c listen_addresses=`, '-l', join(dir, 'log'), '-w', 'start']);
  return {
    psql(args, input) {
      try {
        return execFileSync(PSQL!, ['-h', dir, '-p', port, '-U', 'postgres', '-X', '-q', '-v', 'ON_ERROR_STOP=1', ...args], { input, encoding: 'utf8', maxBuffer: 1 << 28, stdio: ['pipe', 'pipe', 'pipe'] });
      } catch (e) {
        const log = existsSync(join(dir, 'log')) ? readFileSync(join(dir, 'log'), 'utf8').slice(-1500) : '';
        throw new Error(`psql failed: ${(e as { stderr?: string }).stderr ?? e}\nserver log (end):\n${log}`);
      }
    },
    stop() {
      try { run(join(BIN, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']); } finally { rmSync(dir, { recursive: true, force: true }); }
    },
  };
}

/** Parses CSV written with FORCE_QUOTE *: a quoted field is text (maybe empty), an unquoted empty one is NULL. */
export function parseQuotedCsv(text: string): (string | null)[][] {
  const rows: (string | null)[][] = [];
  let row: (string | null)[] = [], i = 0;
  while (i < text.length) {
    if (text[i] === '"') {
      let v = '';
      i++;
      for (;;) {
        if (text[i] === '"' && text[i + 1] === '"') { v += '"'; i += 2; } else if (text[i] === '"') { i++; break; } else v += text[i++];
      }
      row.push(v);
    } else {
      let v = '';
      while (i < text.length && text[i] !== ',' && text[i] !== '\n') v += text[i++];
      row.push(v === '' ? null : v);
    }
    if (text[i] === ',') i++;
    else if (text[i] === '\n' || i >= text.length) { rows.push(row); row = []; i++; }
  }
  return rows;
}
