#!/usr/bin/env python3
"""Read a leadvalue model file with nothing but the standard library.

  python3 scripts/read_model.py models/demo/1.3.0.json '{"source": "referral", "employees": "250", ...}'

Checks the format major version and the checksum, then prints P(win) of the
lead (a JSON object, or a list of them) under a GLM win part. The checksum is
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


def read_model(path):
    with open(path, encoding='utf-8') as f:
        model = json.load(f)
    if model['format']['name'] != 'leadvalue-model' or model['format']['version'].split('.')[0] != '1':
        sys.exit(f"{path}: format {model['format']} is not leadvalue-model 1.x")
    content = {k: v for k, v in model.items() if k != 'checksum'}
    if hashlib.sha256(canonical(content).encode('utf-8', 'surrogatepass')).hexdigest() != model['checksum']:
        sys.exit(f'{path}: checksum does not match the content: the file was changed after export')
    return model


ISO = re.compile(r'(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?(Z|[+-]00:?00)?', re.A)
SLASHED = re.compile(r'(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?', re.A)
MONTHS, WEEKDAYS = 'jan feb mar apr may jun jul aug sep oct nov dec'.split(), 'mon tue wed thu fri sat sun'.split()


def read_date(text, fmt):
    """A date as src/core/dates.ts parses it (UTC), or None when it is not one; ISO 8601 is always accepted too."""
    for f in ([fmt, 'iso'] if fmt != 'iso' else ['iso']):
        m = (ISO if f == 'iso' else SLASHED if '/' in f else re.compile(r'(\d{4})(\d{2})(\d{2})', re.A)).fullmatch(text)
        if not m:
            continue
        g = [int(x) if x and x.isdigit() else 0 for x in m.groups()[:6]]
        y, mo, d = (g[0], g[1], g[2]) if f in ('iso', 'yyyymmdd') else (g[2], g[1], g[0]) if f == 'dd/mm/yyyy' else (g[2], g[0], g[1])
        try:
            day = datetime(y, mo, d)
        except ValueError:
            continue
        t = day + timedelta(hours=g[3], minutes=g[4], seconds=g[5])
        if g[3] <= 23 and g[4] <= 59 and g[5] <= 60 and t.day == d:
            return t
    raise ValueError(f'not a date: {text!r}')


JS_SPACE = ' \t\n\v\f\r\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff'


def feature_value(spec, raw):
    """The lead's value for a feature, as the scorer reads it: a number or a category level, None when missing."""
    if raw is None or raw == '':
        return None
    if spec.get('derive'):  # a date part; a number is epoch milliseconds
        t = datetime(1970, 1, 1) + timedelta(milliseconds=raw) if isinstance(raw, (int, float)) else read_date(str(raw).strip(JS_SPACE), spec.get('dateFormat', 'iso'))
        part = spec['derive']
        if spec['kind'] == 'category':
            return {'month': MONTHS[t.month - 1], 'weekday': WEEKDAYS[t.weekday()], 'quarter': f'q{(t.month - 1) // 3 + 1}', 'hour': f'{t.hour:02d}'}[part]
        return {'month': t.month, 'weekday': t.weekday(), 'quarter': (t.month - 1) // 3 + 1, 'hour': t.hour}[part]
    raw = raw.strip(JS_SPACE) if isinstance(raw, str) else raw
    if raw == '':
        return None
    if spec['kind'] == 'category':
        return raw if isinstance(raw, str) else json.dumps(raw) if isinstance(raw, bool) else js_number(raw)
    if isinstance(raw, str) and not re.fullmatch(r'[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?', raw, re.A):
        raise ValueError(f"{spec['column']}: not a number: {raw!r}")
    return float(raw)


def p_win(model, lead):
    """P(win) of one lead (a dict keyed by source column names) under a GLM win part."""
    win = model['params']['win']
    if win['kind'] != 'glm':
        sys.exit(f"the win part is a {win['kind']}; this reader knows GLM parts only")
    eta = win['intercept']
    for spec in model['features']:
        term, x = win['terms'][spec['name']], feature_value(spec, lead.get(spec['column']))
        if spec['kind'] == 'number':
            z = None if x is None else ((math.log1p(x) if spec['transform'] == 'log1p' else x) - spec['center']) / spec['scale']
            eta += term['missing'] if z is None else term['weight'] * z + term['offset']
        else:  # slots: the levels, then (other) for levels never seen, then (missing)
            levels = spec['levels']
            eta += term['values'][len(levels) + 1 if x is None else levels.index(x) if x in levels else len(levels)]
    cal = model['params'].get('calibration')
    if cal and cal['kind'] == 'platt':
        eta = cal['a'] * eta + cal['b']
    p = 1 / (1 + math.exp(-eta))
    if cal and cal['kind'] == 'isotonic':  # piecewise linear through (x, y), flat outside
        xs, ys = cal['x'], cal['y']
        if not p > xs[0]:
            return ys[0]
        if p >= xs[-1]:
            return ys[-1]
        i = max(j for j in range(len(xs)) if xs[j] <= p)
        return ys[i] + (p - xs[i]) / (xs[i + 1] - xs[i]) * (ys[i + 1] - ys[i])
    return p


if __name__ == '__main__':
    model = read_model(sys.argv[1])
    leads = json.loads(sys.argv[2]) if len(sys.argv) > 2 else []
    try:
        p = [p_win(model, lead) for lead in leads] if isinstance(leads, list) else p_win(model, leads)
    except ValueError as e:
        sys.exit(f'lead: {e}')
    print(json.dumps({'format': model['format']['version'], 'checksum': 'ok', 'pWin': p}))
