// `leadvalue audit` and `leadvalue funnel`, run as users run them (build first: `npx tsc -p tsconfig.json`).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CONFIG, removeTempDirs, ROOT, tempDir } from '../scoring/demo-model.js';

const MAIN = join(ROOT, 'dist/cli/main.js');
const DEMO_RULES = join(ROOT, 'configs/rules/demo.json');

function cli(args: string[]) {
  const run = spawnSync(process.execPath, [MAIN, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, TZ: 'UTC' } });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

let dir: string;
let audit: ReturnType<typeof cli>;
beforeAll(() => {
  if (!existsSync(MAIN)) execFileSync('npx', ['tsc', '-p', 'tsconfig.json'], { cwd: ROOT, stdio: 'inherit' });
  dir = tempDir('cli-audit');
  audit = cli(['audit', '--rules', DEMO_RULES, '--config', DEMO_CONFIG, '--by', 'source', '--resamples', '20', '--quiet', '--report', join(dir, 'audit.json')]);
}, 120_000);
afterAll(removeTempDirs);

describe('leadvalue audit', () => {
  it('prints the findings, the tables and the funnel on the demo data', () => {
    expect(audit.stderr).toBe('');
    expect(audit.status).toBe(0);
    const out = audit.stdout;
    expect(out).toMatch(/^leadvalue audit: rules "demo-gut-feel" — an EXAMPLE rule set, not a company's real criteria; data demo$/m);
    expect(out).toMatch(/^ {2}- Criteria last updated 2023-02-01, 1,154 days before the data's end \(2026-03-31\): overdue for review/m);
    expect(out).toMatch(/^ {2}- Never fire on this history: public sector\.$/m);
    expect(out).toMatch(/^ {2}- Fire on more than 95\.0% of leads \(they separate nothing\): email on file\.$/m);
    expect(out).toMatch(/^ {2}group +leads +share of leads +won +win rate/m);
    expect(out).toMatch(/^ {2}webinar attendee +30 +source = webinar +573 /m);
    expect(out).toMatch(/^points vs what the model learned/m);
    expect(out).toMatch(/^funnel: lead → qualified → won → active → valuable/m);
    expect(out).toMatch(/^by source:$/m);
    expect(out).toMatch(/^by cohort \(month the lead was created\), qualified path:$/m);
    expect(out).toMatch(/^warning: rule "public sector": industry is never "government" in the data/m);
  });

  it('--report writes the audit and the funnel as JSON (NaN spelled "NaN", as in the model file; was null)', () => {
    const report = JSON.parse(readFileSync(join(dir, 'audit.json'), 'utf8'));
    expect(report.audit.groups.map((g: { group: string }) => g.group)).toEqual(['qualified', 'not qualified', 'all']);
    expect(report.audit.staleness.neverFire).toEqual(['public sector']);
    expect(report.audit.rules[5].winLift.estimate).toBe('NaN');
    expect(report.funnel.by).toEqual({ feature: 'source', stage: 'lead', startsAt: 'lead' });
    expect(report.warnings).toHaveLength(1);
  });

  it('--help lists the options; leadvalue --help lists the command', () => {
    const r = cli(['audit', '--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^usage: leadvalue audit --rules <rules\.json> --config <config\.json>/);
    for (const o of ['--rules', '--config', '--by', '--top', '--model', '--report', '--resamples', '--markdown']) expect(r.stdout).toMatch(new RegExp(`^  ${o} `, 'm'));
    expect(cli(['--help']).stdout).toMatch(/^ {2}audit +audit today's qualification rules/m);
    expect(cli(['funnel', '--help']).stdout).toMatch(/^usage: leadvalue funnel --config <config\.json>/);
  });

  it('counts in words: 1 rule, 4000 leads (singular for exactly one)', () => {
    const path = join(dir, 'one.json');
    writeFileSync(path, JSON.stringify({ name: 'one', qualify: { match: 'any' }, rules: [{ name: 'webinar', when: { feature: 'source', in: ['webinar'] } }] }));
    const r = cli(['audit', '--rules', path, '--config', DEMO_CONFIG, '--resamples', '20']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^ {2}rules \S*one\.json: 1 rule, qualify when any rules; owner \(not given\)/m);
    expect(r.stdout).toMatch(/^rules \(lift = .*, 20 resamples shared by all rules\):$/m);
    expect(r.stderr).toMatch(/^ {2}loaded 4000 leads, 593 outcomes, 4084 revenue rows in \d+\.\d s$/m);
    expect(r.stderr).toMatch(/^ {2}fit demo on all 4000 leads to compare with the rules in /m);
  }, 60_000);

  it('--rules is required', () => {
    const r = cli(['audit', '--config', DEMO_CONFIG]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^leadvalue: --rules is required; see leadvalue audit --help/); // said once: no doubled "leadvalue"
  });

  it('a bad rule file exits 2 and names the field', () => {
    const path = join(dir, 'bad.json');
    writeFileSync(path, JSON.stringify({ qualify: { minPoints: 10 }, rules: [{ name: 'a', when: { feature: 'source', in: ['webinar'] }, points: 'ten' }] }));
    const r = cli(['audit', '--rules', path, '--config', DEMO_CONFIG, '--quiet']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/bad\.json, field rules\[0\]\.points: not a number \(got "ten"\)/);
  });

  it('a rule on a deal-stage field exits 2 (leakage)', () => {
    const path = join(dir, 'deal.json');
    writeFileSync(path, JSON.stringify({ qualify: { match: 'any' }, rules: [{ name: 'enterprise', when: { feature: 'plan', in: ['enterprise'] } }] }));
    const r = cli(['audit', '--rules', path, '--config', DEMO_CONFIG, '--quiet']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/deal\.json, field rules\[0\]\.when\.feature: rule "enterprise" uses plan, which is known only at the deal stage/);
  });
});

describe('leadvalue funnel', () => {
  it('by a deal-stage field starts at won, and says so; --markdown prints pipe tables', () => {
    const r = cli(['funnel', '--config', DEMO_CONFIG, '--by', 'plan', '--markdown', '--quiet']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^by plan \(deal-stage field: from the won stage on\):$/m);
    expect(r.stdout).toMatch(/^\| plan \| won \| active \| active\/won \| valuable \| valuable\/active \| value\/won \| days to win \| days to 1st revenue \|$/m);
    expect(r.stdout).toMatch(/plan is a deal-stage field/);
  });

  it('an unknown --by names the flag (the library names options.by)', () => {
    const r = cli(['funnel', '--config', DEMO_CONFIG, '--by', 'sorce', '--quiet']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/funnel --by: not a feature of the data \(got "sorce"\); use one of /);
  });
});
