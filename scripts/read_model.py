#!/usr/bin/env python3
"""Read a leadvalue model file with nothing but the standard library.

  python3 scripts/read_model.py models/demo/1.4.0.json '{"source": "referral", "employees": "250", ...}'

Checks the format major version, the checksum and that no feature is listed
twice (warning on stderr about a newer minor format), then prints P(win) of the
lead (a JSON object, or a list of them) under a GLM win part, reading and
refusing values as leadvalue's scoreLead does; a refusal is one line on stderr
(`where: what (got X); how to fix`) and exit status 1. The checksum is
sha256 over canonical JSON as src/core/canonical-json.ts writes it: keys
sorted by UTF-16 code units, no whitespace, strings as JSON.stringify escapes
them, numbers in JavaScript's shortest round-trip form. json.dumps(sort_keys=True,
separators=(',', ':'), ensure_ascii=False) often gives the same bytes, but not
always: Python writes 1e-07, 1.5e-05 and 1e+16 where JavaScript writes 1e-7,
0.000015 and 10000000000000000, and 2.0 for a float JavaScript writes 2; it
sorts keys by code point and leaves lone surrogates unescaped. canonical()
below is exact (tested against leadvalue's canonicalJson on 10 000 random doubles).
"""
import hashlib, json, math, re, sys
from datetime import datetime, timedelta

# The model file format this reader knows (src/scoring/load-model.ts, MODEL_FORMAT): 1.3 added params.calibration.
READER_FORMAT = '1.3.0'


def js_number(x):
    """A number as JavaScript's Number.prototype.toString writes it (ECMA-262 Number::toString)."""
    x = float(x)
    if x == 0:
        return '0'  # also -0
    mantissa, _, exp = repr(abs(x)).partition('e')  # repr: the shortest round-trip digits, as JavaScript's
    whole, _, frac = mantissa.partition('.')
    digits = (whole + frac).lstrip('0')
    n = len(whole) + int(exp or 0) - (len(whole + frac) - len(digits))  # x = 0.digits × 10^n
    digits = digits.rstrip('0')
    k, sign = len(digits), '-' if x < 0 else ''
    if k <= n <= 21:
        return sign + digits + '0' * (n - k)
    if 0 < n <= 21:
        return sign + digits[:n] + '.' + digits[n:]
    if -6 < n <= 0:
        return sign + '0.' + '0' * -n + digits
    e = ('e+' if n - 1 >= 0 else 'e-') + str(abs(n - 1))
    return sign + digits[0] + ('.' + digits[1:] if k > 1 else '') + e


def canonical(v):
    """Canonical JSON text, byte for byte as leadvalue's canonicalJson."""
    if v is None or isinstance(v, bool):
        return json.dumps(v)
    if isinstance(v, (int, float)):
        return '"NaN"' if v != v else '"Infinity"' if v == math.inf else '"-Infinity"' if v == -math.inf else js_number(v)
    if isinstance(v, str):  # JSON.stringify escapes lone surrogates; json.dumps would leave them raw
        return re.sub('[\ud800-\udfff]', lambda m: '\\u%04x' % ord(m.group()), json.dumps(v, ensure_ascii=False))
    if isinstance(v, list):
        return '[' + ','.join(canonical(x) for x in v) + ']'
    keys = sorted(v, key=lambda k: k.encode('utf-16-be', 'surrogatepass'))
    return '{' + ','.join(canonical(k) + ':' + canonical(v[k]) for k in keys) + '}'


def problem(where, what, got=None, fix=None):
    """leadvalue's one message format: `where: what (got X); how to fix`."""
    return f'{where}: {what}' + ('' if got is None else f' (got {got})') + (f'; {fix}' if fix else '')


def js_string(v):
    """String(v) in JavaScript, for what JSON holds (null is '' only inside a list, as in JavaScript)."""
    if isinstance(v, bool):
        return 'true' if v else 'false'
    if isinstance(v, (int, float)):
        return js_number(v) if math.isfinite(v) else 'NaN' if v != v else 'Infinity' if v > 0 else '-Infinity'
    if isinstance(v, list):
        return ','.join('' if x is None else js_string(x) for x in v)
    return '[object Object]' if isinstance(v, dict) else v


def shown(v):
    """A value in a message: JSON, cut to 60 characters."""
    text = js_string(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else canonical(v)
    return text if len(text) <= 60 else text[:57] + '...'


def json_text(text, parse=json.loads):
    """JSON as JavaScript's JSON.parse reads it: every number a double (1e400 is Infinity), no NaN or Infinity literals."""
    def refuse(name):
        raise ValueError(f'{name} is not JSON')
    return parse(text, parse_int=float, parse_constant=refuse)


def read_json(path):
    """The model file's JSON; exits with a message naming the file when it cannot be read or is not JSON."""
    try:
        with open(path, encoding='utf-8') as f:
            return json_text(f, json.load)
    except OSError as e:
        sys.exit(problem(path, f'cannot read the model file: {e.strerror or e}', fix='check the path, e.g. models/demo/1.4.0.json'))
    except ValueError as e:  # also text that is not UTF-8
        sys.exit(problem(path, f'not a JSON model file: {e}', fix='pass a model file written by leadvalue, e.g. models/demo/1.4.0.json'))


def read_model(path):
    model = read_json(path)
    fmt = model.get('format') if isinstance(model, dict) else None
    if not isinstance(fmt, dict) or fmt.get('name') != 'leadvalue-model' or str(fmt.get('version')).split('.')[0] != '1':
        sys.exit(f'{path}: format {fmt} is not leadvalue-model 1.x; this reader knows format 1.x only')
    content = {k: v for k, v in model.items() if k != 'checksum'}
    if hashlib.sha256(canonical(content).encode('utf-8', 'surrogatepass')).hexdigest() != model.get('checksum'):
        sys.exit(f'{path}: checksum does not match the content: the file was changed after export')
    # Terms are keyed by feature name: a feature listed twice would add its term twice (the loader refuses it too).
    features = model.get('features') if isinstance(model.get('features'), list) else []
    first = {}
    for i, f in enumerate(features):
        name = f.get('name') if isinstance(f, dict) else None
        if isinstance(name, str) and name in first:
            sys.exit(problem(f'{path}, field features[{i}].name', f'a feature name already given at features[{first[name]}]: its term would count twice',
                             shown(name), 'each feature is listed once; re-export the model with leadvalue train'))
        if isinstance(name, str):
            first[name] = i
    warning = newer_format_warning(model, path)
    if warning:
        print(f'warning: {warning}', file=sys.stderr)
    return model


def newer_format_warning(model, path):
    """The loader's warning for a file of a newer minor format than this reader's (read, as the loader reads it), or None."""
    version = str(model['format'].get('version'))
    try:
        minor = int(version.split('.')[1])
    except (IndexError, ValueError):
        return None
    if minor <= int(READER_FORMAT.split('.')[1]):
        return None
    producer = (model.get('model') or {}).get('producer') or {}
    wrote = f" (leadvalue {producer['version']} wrote it)" if isinstance(producer, dict) and isinstance(producer.get('version'), str) else ''
    return (f"{path}: model file format {version} is newer than this reader's {READER_FORMAT}: a newer minor version can change what a field means, "
            f"so the scores may not be what its writer computes; read it with a leadvalue that knows format {'.'.join(version.split('.')[:2])}{wrote}, "
            "or re-export the model with this one")


ISO = re.compile(r'(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?(Z|[+-]00:?00)?', re.A)
SLASHED = re.compile(r'(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?', re.A)
MONTHS, WEEKDAYS = 'jan feb mar apr may jun jul aug sep oct nov dec'.split(), 'mon tue wed thu fri sat sun'.split()


def read_date(raw, fmt, where):
    """A date as src/core/dates.ts parses it (UTC); ISO 8601 is always accepted too."""
    text = js_string(raw).strip(JS_SPACE)
    for f in ([fmt, 'iso'] if fmt != 'iso' else ['iso']):
        m = (ISO if f == 'iso' else SLASHED if '/' in f else re.compile(r'(\d{4})(\d{2})(\d{2})', re.A)).fullmatch(text)
        if not m:
            continue
        g = [int(x) if x and x.isdigit() else 0 for x in m.groups()[:6]]
        y, mo, d = (g[0], g[1], g[2]) if f in ('iso', 'yyyymmdd') else (g[2], g[1], g[0]) if f == 'dd/mm/yyyy' else (g[2], g[0], g[1])
        try:
            day = datetime(y + 1900 if y < 100 else y, mo, d)  # JavaScript's Date.UTC reads years 0-99 as 1900-1999
        except ValueError:
            continue
        t = day + timedelta(hours=g[3], minutes=g[4], seconds=g[5])
        if g[3] <= 23 and g[4] <= 59 and g[5] <= 60 and t.day == day.day:
            return t
    use = 'ISO 8601 (YYYY-MM-DD or YYYY-MM-DD HH:mm:ss, in UTC: no offset, Z or +00:00)' if fmt == 'iso' else f'{fmt} or ISO 8601'
    raise ValueError(problem(where, 'not a date', shown(raw), f'use {use}'))


def epoch_date(ms, where):
    """Epoch milliseconds as a UTC datetime with the same month, weekday and hour, as readDate takes them."""
    if not abs(ms) <= 8.64e15:
        raise ValueError(problem(where, 'not a date: epoch milliseconds beyond ±8.64e15', js_string(ms), 'pass epoch milliseconds (Date.getTime())'))
    ms = int(ms)  # fractions truncated toward 0, as Date does
    # The Gregorian calendar repeats every 400 years (146097 days, whole weeks): stay inside datetime's years 1-9999.
    return datetime(1970, 1, 1) + timedelta(days=ms // 86400000 % 146097, milliseconds=ms % 86400000)


JS_SPACE = ' \t\n\v\f\r\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff'
PLAIN_DECIMAL = re.compile(r'[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?', re.A)


def feature_value(spec, raw, where):
    """The lead's value for a feature, as the scorer reads it: a number or a category level, None when missing."""
    if raw is None or raw == '' or raw != raw:  # NaN too, as scoreLead
        return None
    if spec.get('derive'):  # a date part; a number is epoch milliseconds
        t = epoch_date(raw, where) if isinstance(raw, (int, float)) and not isinstance(raw, bool) else read_date(raw, spec.get('dateFormat', 'iso'), where)
        part = spec['derive']
        if spec['kind'] == 'category':
            return {'month': MONTHS[t.month - 1], 'weekday': WEEKDAYS[t.weekday()], 'quarter': f'q{(t.month - 1) // 3 + 1}', 'hour': f'{t.hour:02d}'}[part]
        return {'month': t.month, 'weekday': t.weekday(), 'quarter': (t.month - 1) // 3 + 1, 'hour': t.hour}[part]
    if spec['kind'] == 'category':
        return js_string(raw).strip(JS_SPACE) or None
    return read_number(spec, raw, where)


def read_number(spec, raw, where):
    """A number field as scoreLead reads it: a plain decimal (as text or a number), finite; true and false are 1 and 0."""
    if isinstance(raw, str):
        text = raw.strip(JS_SPACE)
        if text == '':
            return None
        x = float(text) if PLAIN_DECIMAL.fullmatch(text) else math.nan
        if not math.isfinite(x):
            raise ValueError(problem(where, 'not a number', shown(raw), 'send a plain decimal number, or leave it empty when unknown'))
    elif isinstance(raw, (bool, int, float)):
        x = float(raw)
        if not math.isfinite(x):
            raise ValueError(problem(where, 'not a finite number', js_string(x), 'send a finite number, or leave it empty when unknown'))
    else:
        raise ValueError(problem(where, 'not a number', shown(raw), 'send a plain decimal number, or leave it empty when unknown'))
    if spec['transform'] == 'log1p' and x <= -1:
        raise ValueError(problem(where, 'must be above -1 (the model takes log1p of it)', js_string(x), 'send a value above -1, or leave it empty when unknown'))
    return x


def p_win(model, lead, where='lead', label='model file'):
    """P(win) of one lead (a dict keyed by source column names) under a GLM win part; label names the model file in messages."""
    win, value, specs = model['params']['win'], model['params']['value'], model['features']
    if win['kind'] != 'glm':
        kind = {'ebm': 'an EBM', 'ziln': 'a ZILN'}.get(win['kind'], f"of kind {shown(win['kind'])}")
        sys.exit(problem(f'{label}, field params.win', f'the win part is {kind}; this reader computes P(win) of GLM win parts only',
                         fix='score this model with scoreLead from leadvalue/scoring, or leadvalue serve'))
    if not isinstance(lead, dict):
        raise ValueError(problem(where, 'not a lead', shown(lead), 'pass an object keyed by the source column names'))
    values = [feature_value(spec, lead.get(spec['column']), f"{where}, field {spec['column']}") for spec in specs]
    eta, terms = glm_eta(win, specs, values)
    p = calibrated(model['params'].get('calibration'), eta)
    # scoreLead refuses a lead whose outputs are not finite; E[value | won] too, checked here when the value part is a GLM.
    value_eta, value_terms = glm_eta(value, specs, values) if value['kind'] == 'glm' else (0, [])
    if not (math.isfinite(p) and math.isfinite(exp(value_eta))):
        raise ValueError(not_finite(where, {'pWin': p, 'valueIfWon': exp(value_eta)}, terms, value_terms))
    return p


def glm_eta(part, specs, values):
    """A GLM part's linear predictor (intercept + Σ terms), and its terms as (feature, value, contribution)."""
    eta, terms = part['intercept'], []
    for spec, x in zip(specs, values):
        term = part['terms'][spec['name']]
        if spec['kind'] == 'number':
            z = None if x is None else ((math.log1p(x) if spec['transform'] == 'log1p' else x) - spec['center']) / spec['scale']
            c = term['missing'] if z is None else term['weight'] * z + term['offset']
        else:  # slots: the levels, then (other) for levels never seen, then (missing)
            levels = spec['levels']
            c = term['values'][len(levels) + 1 if x is None else levels.index(x) if x in levels else len(levels)]
        eta += c
        terms.append((spec['name'], x, c))
    return eta, terms


def exp(x):
    """e^x as JavaScript's Math.exp: Infinity where math.exp raises OverflowError."""
    try:
        return math.exp(x)
    except OverflowError:
        return math.inf


def calibrated(cal, eta):
    """P(win) of the win part's log-odds, as calibrateProbability: Platt or isotonic if the file has a calibration."""
    if cal and cal['kind'] == 'platt':
        eta = cal['a'] * eta + cal['b']
    p = 1 / (1 + exp(-eta))
    if cal and cal['kind'] == 'isotonic':  # piecewise linear through (x, y), flat outside
        xs, ys = cal['x'], cal['y']
        if not p > xs[0]:
            return ys[0]
        if p >= xs[-1]:
            return ys[-1]
        i = max(j for j in range(len(xs)) if xs[j] <= p)
        return ys[i] + (p - xs[i]) / (xs[i + 1] - xs[i]) * (ys[i + 1] - ys[i])
    return p


def not_finite(where, outputs, win_terms, value_terms):
    """scoreLead's refusal of an output that is not a finite number, naming the term that contributed most."""
    name, v = next((k, v) for k, v in outputs.items() if not math.isfinite(v))
    terms, scale = (win_terms, 'the log-odds of winning') if math.isfinite(outputs['valueIfWon']) else (value_terms, 'log value if won')
    top = None
    for t in terms:  # the first largest in absolute value; NaN counts as larger (as scoreLead's nonFinite)
        if top is None or not abs(t[2]) <= abs(top[2]):
            top = t
    feature, x, c = top
    blame = f"; field {feature} = {'(missing)' if x is None else js_string(x)} contributes {to_precision3(c)} to {scale}"
    return problem(where, f'{name} is not a finite number{blame}', js_string(v), 'check the value: it is far outside what the model was trained on (a typo or a unit?)')


def to_precision3(x):
    """JavaScript's x.toPrecision(3)."""
    if not math.isfinite(x):
        return js_string(x)
    digits, e = f'{x:.2e}'.split('e')
    return f'{digits}e{int(e):+d}' if not -6 <= int(e) < 3 else f'{x:.{2 - int(e)}f}'


def read_leads(text):
    """The lead argument: a JSON object, or a list of them."""
    try:
        return json_text(text)
    except ValueError as e:
        sys.exit(problem('lead', f'not JSON: {e}', shown(text), 'pass a JSON object keyed by the source column names, e.g. \'{"employees": 250}\', or a list of them'))


if __name__ == '__main__':
    if len(sys.argv) not in (2, 3):
        sys.exit('usage: python3 scripts/read_model.py MODEL_FILE [LEAD], LEAD a JSON object keyed by the source column names, or a list of them')
    model = read_model(sys.argv[1])
    leads = read_leads(sys.argv[2]) if len(sys.argv) > 2 else []
    try:
        p = [p_win(model, lead, f'lead {i + 1}', sys.argv[1]) for i, lead in enumerate(leads)] if isinstance(leads, list) else p_win(model, leads, 'lead', sys.argv[1])
    except ValueError as e:
        sys.exit(str(e))
    print(json.dumps({'format': model['format']['version'], 'checksum': 'ok', 'pWin': p}))
