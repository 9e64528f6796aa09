// scoreCsv (src/cli/score-csv.ts) called directly: streaming CSV in and out,
// gzip input, quoting, goal overrides, counts, and failure without leftovers.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scoreCsv } from '../../src/cli/score-csv.js';
import { shown } from '../../src/core/errors.js';
import { showPath } from '../../src/cli/show-path.js';
import { scoreBatch } from '../../src/scoring/score-batch.js';
import { scoreLead } from '../../src/scoring/score-lead.js';
import { DEMO_NEW_LEADS, readPlainCsv, removeTempDirs, ROOT, tempDir, trainDemo, type DemoModel } from '../scoring/demo-model.js';
import { trainEuropeanDemo, type EuropeanDemo } from '../scoring/european-demo.js';

let demo: DemoModel;
let eu: EuropeanDemo;
beforeAll(async () => {
  demo = await trainDemo();
  eu = await trainEuropeanDemo();
}, 120_000);
afterAll(removeTempDirs);
const tmp = () => tempDir('score-csv');
/** A message about the file at `path`, named with its folder (as showPath prints it), then `rest` (a regular expression's source). */
const about = (path: string, rest: string) => new RegExp(`^${escapeRegExp(showPath(path))}${rest}`);
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('scoreCsv', () => {
  it('scores every lead as scoreBatch does, and counts unseen and missing values the same way', async () => {
    const dir = tmp();
    const result = await scoreCsv(demo.model, DEMO_NEW_LEADS, join(dir, 's.csv'));
    const { rows } = readPlainCsv(DEMO_NEW_LEADS);
    const batch = scoreBatch(demo.model, rows);
    expect(result.rows).toBe(300);
    expect(result.missing).toEqual(batch.missing);
    expect(result.unseen).toEqual(batch.unseen);
    const out = readFileSync(join(dir, 's.csv'), 'utf8').trimEnd().split('\n').slice(1);
    out.forEach((line, i) => {
      const fields = line.split(',');
      expect(Number(fields[10])).toBe(Number(batch.scores[i].pWin.toPrecision(6)));
      expect(Number(fields[12])).toBe(Number(batch.scores[i].expectedValue.toPrecision(6)));
    });
  });

  it('reads gzip input to the same output', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'leads.csv.gz'), gzipSync(readFileSync(DEMO_NEW_LEADS)));
    await scoreCsv(demo.model, DEMO_NEW_LEADS, join(dir, 'plain.csv'));
    const gz = await scoreCsv(demo.model, join(dir, 'leads.csv.gz'), join(dir, 'gz.csv'));
    expect(gz.rows).toBe(300);
    expect(readFileSync(join(dir, 'gz.csv'), 'utf8')).toBe(readFileSync(join(dir, 'plain.csv'), 'utf8'));
  });

  it('keeps quoted fields intact and quotes them again on output; reads CRLF line ends', async () => {
    const dir = tmp();
    const lines = readFileSync(DEMO_NEW_LEADS, 'utf8').trimEnd().split('\n').slice(0, 3);
    const header = lines[0].split(',');
    const second = lines[2].split(',');
    second[header.indexOf('account_id')] = '"Acme, Inc. ""EU"""';
    writeFileSync(join(dir, 'in.csv'), [lines[0], lines[1], second.join(',')].join('\r\n') + '\r\n');
    const r = await scoreCsv(demo.model, join(dir, 'in.csv'), join(dir, 'out.csv'));
    expect(r.rows).toBe(2);
    const out = readFileSync(join(dir, 'out.csv'), 'utf8').split('\n');
    expect(out[2]).toContain(',"Acme, Inc. ""EU""",');
    expect(out[0]).toBe(`${lines[0]},p_win,value_if_won,expected_value,score,goal_profile,top_reasons`);
  });

  it('a goals override puts pWin over its mean in the score column and its name in goal_profile', async () => {
    const dir = tmp();
    await scoreCsv(demo.model, DEMO_NEW_LEADS, join(dir, 's.csv'), { goals: { name: 'conversion', description: '', weights: { expectedValue: 0, winProbability: 1 } } });
    const mean = demo.model.params.reference!.winProbability;
    for (const line of readFileSync(join(dir, 's.csv'), 'utf8').trimEnd().split('\n').slice(1)) {
      const f = line.split(',');
      expect(Number(f[13])).toBeCloseTo(Number(f[10]) / mean, 4); // both written to 6 significant digits
      expect(f[14]).toBe('conversion');
    }
    await scoreCsv(demo.model, DEMO_NEW_LEADS, join(dir, 'plain.csv'));
    expect(readFileSync(join(dir, 'plain.csv'), 'utf8').split('\n')[1].split(',')[14]).toBe('long-term-value');
  });

  it('an empty input fails and writes nothing', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'empty.csv'), '');
    await expect(scoreCsv(demo.model, join(dir, 'empty.csv'), join(dir, 's.csv'))).rejects.toThrow(about(join(dir, 'empty.csv'), ': the file is empty'));
    expect(readdirSync(dir)).toEqual(['empty.csv']);
  });

  it('a bad value fails naming file, row and field and writes nothing', async () => {
    const dir = tmp();
    const lines = readFileSync(DEMO_NEW_LEADS, 'utf8').trimEnd().split('\n').slice(0, 6).map((l) => l.split(','));
    lines[4][lines[0].indexOf('pages_viewed')] = 'lots';
    writeFileSync(join(dir, 'in.csv'), lines.map((l) => l.join(',')).join('\n') + '\n');
    await expect(scoreCsv(demo.model, join(dir, 'in.csv'), join(dir, 's.csv'))).rejects.toThrow(about(join(dir, 'in.csv'), ' row 5, field pages_viewed: not a number \\(got "lots"\\)'));
    expect(readdirSync(dir)).toEqual(['in.csv']);
  });

  it('an output that cannot be created is an error the caller can catch, not a crash of the process', () => {
    // Run in a child process: today the write stream's 'error' event has no
    // listener, so Node kills the whole process ("Unhandled 'error' event").
    const dir = tmp();
    const script = `
      import { readModel } from ${JSON.stringify(join(ROOT, 'dist/scoring/index.js'))};
      import { scoreCsv } from ${JSON.stringify(join(ROOT, 'dist/cli/score-csv.js'))};
      const model = readModel(${JSON.stringify(demo.path)});
      try {
        await scoreCsv(model, ${JSON.stringify(DEMO_NEW_LEADS)}, ${JSON.stringify(join(dir, 'no-such-folder', 's.csv'))});
        console.log('resolved');
      } catch (e) {
        console.log('caught: ' + e.message);
      }`;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 30_000 });
    expect(run.stderr).not.toMatch(/Unhandled 'error' event/);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^caught: .*ENOENT/);
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('scoreCsv: the source format of the leads', () => {
  /** The European new leads written with another delimiter. */
  const withDelimiter = (dir: string, delimiter: string) => {
    const path = join(dir, `leads-${delimiter === '\t' ? 'tab' : delimiter}.csv`);
    writeFileSync(path, readFileSync(eu.newLeads, 'utf8').replaceAll(';', delimiter));
    return path;
  };

  it('reads the delimiter the model was trained on (input.delimiter) by default', async () => {
    const dir = tmp();
    expect(eu.model.input.delimiter).toBe(';');
    const r = await scoreCsv(eu.model, eu.newLeads, join(dir, 's.csv'));
    expect(r.rows).toBe(300);
    const lines = readFileSync(eu.newLeads, 'utf8').trimEnd().split('\n').map((l) => l.split(';'));
    const first = Object.fromEntries(lines[0].map((h, i) => [h, lines[1][i]]));
    const out = readFileSync(join(dir, 's.csv'), 'utf8').split('\n');
    // Written as a comma-separated CSV: the input columns, then the scores.
    expect(out[0]).toBe(`${lines[0].join(',')},p_win,value_if_won,expected_value,score,goal_profile,top_reasons`);
    expect(Number(out[1].split(',')[lines[0].length])).toBe(Number(scoreLead(eu.model, first).pWin.toPrecision(6)));
  });

  it('the delimiter option overrides it', async () => {
    const dir = tmp();
    const plain = await scoreCsv(eu.model, eu.newLeads, join(dir, 'semicolon.csv'));
    for (const d of [',', '|', '\t']) {
      const r = await scoreCsv(eu.model, withDelimiter(dir, d), join(dir, 'out.csv'), { delimiter: d });
      expect(r.rows).toBe(plain.rows);
      expect(readFileSync(join(dir, 'out.csv'), 'utf8')).toBe(readFileSync(join(dir, 'semicolon.csv'), 'utf8'));
    }
  });

  it('a one-column header holding ";", tab or "|" says the file may use another delimiter', async () => {
    const dir = tmp();
    await expect(scoreCsv(demo.model, eu.newLeads, join(dir, 's.csv')))
      .rejects.toThrow(about(eu.newLeads, ' row 1: the model reads columns .*, which the file lacks; .*the file may use another delimiter than ","; its header is one column holding ";": give the delimiter \\(leadvalue score --delimiter ";"\\)'));
    for (const d of ['|', '\t']) {
      await expect(scoreCsv(eu.model, withDelimiter(dir, d), join(dir, 's.csv'))).rejects.toThrow(`its header is one column holding ${JSON.stringify(d)}`);
    }
    // A header that does split is not about the delimiter.
    const renamed = join(dir, 'renamed.csv');
    writeFileSync(renamed, readFileSync(DEMO_NEW_LEADS, 'utf8').replace('pages_viewed', 'pages'));
    const e = await scoreCsv(demo.model, renamed, join(dir, 's.csv')).catch((x: Error) => x);
    expect((e as Error).message).toMatch(/the model reads column pages_viewed, which the file lacks/);
    expect((e as Error).message).not.toMatch(/delimiter/);
    expect(readdirSync(dir).filter((f) => f.startsWith('s.csv'))).toEqual([]);
  });
});

describe('scoreCsv: gzip output', () => {
  it('an output named .gz is written gzip-compressed, the same CSV inside, and atomically', async () => {
    const dir = tmp();
    await scoreCsv(demo.model, DEMO_NEW_LEADS, join(dir, 'plain.csv'));
    const r = await scoreCsv(demo.model, DEMO_NEW_LEADS, join(dir, 'scored.csv.gz'));
    expect(r.out).toBe(join(dir, 'scored.csv.gz'));
    const bytes = readFileSync(join(dir, 'scored.csv.gz'));
    expect([bytes[0], bytes[1]]).toEqual([0x1f, 0x8b]);
    expect(gunzipSync(bytes).toString('utf8')).toBe(readFileSync(join(dir, 'plain.csv'), 'utf8'));
    expect(readdirSync(dir).sort()).toEqual(['plain.csv', 'scored.csv.gz']);
  });

  it('a failure leaves no .gz and no temporary file', async () => {
    const dir = tmp();
    const lines = readFileSync(DEMO_NEW_LEADS, 'utf8').trimEnd().split('\n').map((l) => l.split(','));
    lines[250][lines[0].indexOf('employees')] = 'lots';
    writeFileSync(join(dir, 'in.csv'), lines.map((l) => l.join(',')).join('\n') + '\n');
    await expect(scoreCsv(demo.model, join(dir, 'in.csv'), join(dir, 's.csv.gz'))).rejects.toThrow(about(join(dir, 'in.csv'), ' row 251, field employees'));
    expect(readdirSync(dir)).toEqual(['in.csv']);
  });
});

describe('scoreCsv: inputs that are not a leads CSV, and headers it cannot copy', () => {
  /** The demo's new leads, gzip-compressed, then spoiled by `spoil`. */
  const spoiledGzip = (dir: string, name: string, spoil: (bytes: Buffer) => Buffer) => {
    const path = join(dir, name);
    writeFileSync(path, spoil(gzipSync(readFileSync(DEMO_NEW_LEADS))));
    return path;
  };

  it('a truncated or corrupt .csv.gz fails as train and goals say it, naming the file; no output, no temporary file', async () => {
    const dir = tmp();
    // Cut in the middle of the stream; and the CRC-32 in the gzip trailer (its last 8 bytes: CRC, then size) changed.
    const cut = spoiledGzip(dir, 'cut.csv.gz', (b) => b.subarray(0, b.length >> 1));
    const crc = spoiledGzip(dir, 'crc.csv.gz', (b) => { const c = Buffer.from(b); c[c.length - 7] ^= 0xff; return c; });
    await expect(scoreCsv(demo.model, cut, join(dir, 's.csv')))
      .rejects.toThrow(about(cut, ': not a valid gzip file \\(got "unexpected end of file"\\); the file may be truncated or corrupt: download or compress it again$'));
    await expect(scoreCsv(demo.model, crc, join(dir, 's.csv.gz')))
      .rejects.toThrow(about(crc, ': not a valid gzip file \\(got "incorrect data check"\\); the file may be truncated or corrupt'));
    expect(readdirSync(dir).sort()).toEqual(['crc.csv.gz', 'cut.csv.gz']);
  });

  it('a folder given as the input is said to be one', async () => {
    const dir = tmp();
    mkdirSync(join(dir, 'exports'));
    await expect(scoreCsv(demo.model, join(dir, 'exports'), join(dir, 's.csv')))
      .rejects.toThrow(about(join(dir, 'exports'), `: a directory, not a file \\(got ${escapeRegExp(shown(join(dir, 'exports')))}\\); give the path of a \\.csv or \\.csv\\.gz file$`));
    expect(readdirSync(dir)).toEqual(['exports']);
  });

  it('a Parquet file is said not to be a CSV, without its bytes in the message', async () => {
    const dir = tmp();
    // The start of a Parquet file: "PAR1", then Thrift-encoded page headers (binary).
    const path = join(dir, 'leads.parquet');
    writeFileSync(path, Buffer.concat([Buffer.from('PAR1'), Buffer.from([0x15, 0x04, 0x15, 0x80, 0x01, 0x00, 0x23, 0xff, 0xfe, 0x0a]), Buffer.alloc(64, 0x2c)]));
    const e = await scoreCsv(demo.model, path, join(dir, 's.csv')).catch((x: Error) => x);
    expect((e as Error).message).toMatch(about(path, ': not a CSV file but a Parquet file \\(it starts with PAR1\\); export it to CSV'));
    expect((e as Error).message).not.toMatch(/[\u0000-\u0008\u000b-\u001f\ufffd]/);
    expect(readdirSync(dir)).toEqual(['leads.parquet']);
  });

  it('a header naming a column twice is refused, naming it and its columns (which one would the model read?)', async () => {
    const dir = tmp();
    const [header, ...rows] = readFileSync(DEMO_NEW_LEADS, 'utf8').trimEnd().split('\n');
    const path = join(dir, 'twice.csv');
    writeFileSync(path, [`${header},employees`, ...rows.slice(0, 5).map((r) => `${r},99999`)].join('\n') + '\n');
    const at = header.split(',').indexOf('employees') + 1;
    await expect(scoreCsv(demo.model, path, join(dir, 's.csv')))
      .rejects.toThrow(about(path, ` row 1: column "employees" appears twice in the header \\(columns ${at} and 11\\); rename one of them in the file$`));
    // A column the model does not read, too: the output would repeat it.
    writeFileSync(path, [`note,${header},note`, ...rows.slice(0, 5).map((r) => `a,${r},b`)].join('\n') + '\n');
    await expect(scoreCsv(demo.model, path, join(dir, 's.csv'))).rejects.toThrow(/row 1: column "note" appears twice in the header \(columns 1 and 12\)/);
    // Unnamed columns (blank names, e.g. from trailing delimiters) are not names: copied as they are.
    writeFileSync(path, [`${header},,`, ...rows.slice(0, 5).map((r) => `${r},,`)].join('\n') + '\n');
    expect((await scoreCsv(demo.model, path, join(dir, 's.csv'))).rows).toBe(5);
    expect(readFileSync(join(dir, 's.csv'), 'utf8').split('\n')[0]).toBe(`${header},,,p_win,value_if_won,expected_value,score,goal_profile,top_reasons`);
  });

  it('a column named as a score column is refused: the output would hold it twice; a scored file is said to be one', async () => {
    const dir = tmp();
    const [header, ...rows] = readFileSync(DEMO_NEW_LEADS, 'utf8').trimEnd().split('\n');
    const path = join(dir, 'crm.csv');
    writeFileSync(path, [`${header},score`, ...rows.slice(0, 5).map((r) => `${r},87`)].join('\n') + '\n');
    await expect(scoreCsv(demo.model, path, join(dir, 's.csv'))).rejects.toThrow(about(path,
      ' row 1: column score would be in the output twice: leadvalue score writes p_win, value_if_won, expected_value, score, goal_profile, top_reasons after the file\'s columns; rename or drop it in the file'));
    // Scoring a scored file again.
    await scoreCsv(demo.model, DEMO_NEW_LEADS, join(dir, 'scored.csv'));
    await expect(scoreCsv(demo.model, join(dir, 'scored.csv'), join(dir, 'again.csv'))).rejects.toThrow(about(join(dir, 'scored.csv'),
      ' row 1: the file already has the score columns, .*; a scored file\\? score the leads file it came from, or drop those columns first$'));
    expect(readdirSync(dir).sort()).toEqual(['crm.csv', 'scored.csv']);
  });

  it('more reasons than MAX_REASONS are refused before anything is read or written, even for a file without leads', async () => {
    const dir = tmp();
    const path = join(dir, 'header-only.csv');
    writeFileSync(path, readFileSync(DEMO_NEW_LEADS, 'utf8').split('\n')[0] + '\n');
    await expect(scoreCsv(demo.model, path, join(dir, 's.csv'), { topReasons: 101 })).rejects.toThrow(/^options\.topReasons: not a whole number from 0 to 100 \(got 101\)/);
    expect(readdirSync(dir)).toEqual(['header-only.csv']);
  });

  it('a file inside the working directory is named relative to it, with its folders', async () => {
    // vitest runs in the repository: data/demo/new-leads.csv, not new-leads.csv nor an absolute path.
    const dir = tmp();
    const e = await scoreCsv(demo.model, DEMO_NEW_LEADS, join(dir, 's.csv'), { delimiter: ';' }).catch((x: Error) => x);
    expect((e as Error).message).toMatch(/^data\/demo\/new-leads\.csv row 1: the model reads columns/);
  });
});
