"""scikit-learn and xgboost side of `npm run bench:models`.

    /usr/bin/python3 bench/models/python-models.py <prepared folder> <output folder>

Reads the prepared files the TypeScript side wrote (data.csv, meta.json), fits
for each task LogisticRegression / Ridge, HistGradientBoosting and xgboost on
the training rows, and writes the test-row predictions to <output>/<task>.csv
(one column per model) and fit seconds to <output>/<task>.json. Metrics are
computed by leadvalue's TypeScript functions, not here.

Designs: the linear models see leadvalue's encoding (log1p where declared,
z-scores, missing -> mean plus an indicator, one-hot categories with missing
as a level); the tree models see raw numbers (NaN = missing) and categories as
codes of their training levels, native categorical support in both.
"""
import json
import os
import sys
import time
import warnings

import numpy as np
import pandas as pd
import sklearn
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import HistGradientBoostingClassifier, HistGradientBoostingRegressor
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import FunctionTransformer, OneHotEncoder, StandardScaler

try:
    import xgboost
    XGB_ERROR = None
except Exception as error:  # absent or broken: the TypeScript side prints one message
    xgboost, XGB_ERROR = None, f'{type(error).__name__}: {error}'

THREADS = os.cpu_count() or 1
MAX_CATEGORIES = 255  # HistGradientBoosting's native categories must fit its 255 bins


def linear_design(meta):
    """leadvalue's encoding, as a scikit-learn transformer."""
    logs = [c for c in meta['numeric'] if c in meta['log1p']]
    plain = [c for c in meta['numeric'] if c not in meta['log1p']]
    numbers = lambda *first: make_pipeline(*first, SimpleImputer(strategy='mean', add_indicator=True), StandardScaler())
    parts = [('log1p', numbers(FunctionTransformer(np.log1p)), logs), ('numbers', numbers(), plain),
             ('categories', OneHotEncoder(handle_unknown='ignore'), meta['categorical'])]
    return ColumnTransformer([p for p in parts if p[2]])


def category_codes(df, meta, train):
    """Each category as codes of its most frequent training levels, the rest pooled in one code; NaN = missing."""
    out = df[meta['numeric']].copy()
    for c in meta['categorical']:
        keep = list(df.loc[train, c].value_counts().index[:MAX_CATEGORIES - 1])
        codes = pd.Series(pd.Categorical(df[c], categories=keep).codes, index=df.index).astype(float)
        codes[(codes < 0) & df[c].notna()] = len(keep)
        codes[df[c].isna()] = np.nan
        out[c] = codes
    return out


class LogRidge:
    """Ridge on log1p(value), mapped back with Duan's smearing so the level is a mean, not a median."""

    def __init__(self, meta):
        self.model = make_pipeline(linear_design(meta), Ridge(alpha=1.0))

    def fit(self, x, y):
        target = np.log1p(y)
        self.model.fit(x, target)
        self.smear = np.mean(np.exp(target - self.model.predict(x)))
        return self

    def predict(self, x):
        return np.maximum(np.exp(self.model.predict(x)) * self.smear - 1, 0)


def families(meta, codes):
    """Per model family: name, design (which frame it reads), classifier factory, value-regressor factory."""
    mask = [c in meta['categorical'] for c in codes.columns]
    rows = [
        ('linear', 'scikit-learn LogisticRegression', 'scikit-learn Ridge (log1p value)', 'raw',
         lambda: make_pipeline(linear_design(meta), LogisticRegression(C=1.0, max_iter=5000)), lambda: LogRidge(meta)),
        ('hgb', 'scikit-learn HistGradientBoosting', 'scikit-learn HistGradientBoosting (Poisson)', 'codes',
         lambda: HistGradientBoostingClassifier(categorical_features=mask, random_state=0),
         lambda: HistGradientBoostingRegressor(loss='poisson', categorical_features=mask, random_state=0)),
    ]
    if xgboost:
        options = dict(tree_method='hist', enable_categorical=True, n_jobs=THREADS, random_state=0)
        rows.append(('xgb', 'xgboost', 'xgboost (count:poisson)', 'categories',
                     lambda: xgboost.XGBClassifier(**options), lambda: xgboost.XGBRegressor(objective='count:poisson', **options)))
    return rows


def main(folder, out):
    t0 = time.perf_counter()
    meta = json.load(open(os.path.join(folder, 'meta.json')))
    df = pd.read_csv(os.path.join(folder, 'data.csv'), dtype={**{c: str for c in meta['categorical']}, 'split': str},
                     keep_default_na=False, na_values=[''])
    train = (df['split'] == 'train').to_numpy()
    codes = category_codes(df, meta, train)
    categories = codes.astype({c: 'category' for c in meta['categorical']})  # xgboost reads pandas categories
    designs = {'raw': df[meta['numeric'] + meta['categorical']], 'codes': codes, 'categories': categories}
    read_seconds = time.perf_counter() - t0
    os.makedirs(out, exist_ok=True)
    # Warm-up, not timed: the first fit in a process pays one-off costs (lazy imports, thread pools; ~2 s for a Poisson HistGB).
    for _, _, _, design, classifier, regressor in families(meta, codes):
        x = designs[design][train][:300]
        classifier().fit(x, np.arange(len(x)) % 2)
        regressor().fit(x, np.arange(len(x)) % 3)
    for task in meta['tasks']:
        label = df[task['label']].to_numpy(dtype=float)
        known = ~np.isnan(label)
        test = ~train & known
        predictions, report = {}, {'models': [], 'xgboostError': XGB_ERROR}
        for model_id, classifier_name, regressor_name, design, classifier, regressor in families(meta, codes):
            x = designs[design]
            t0 = time.perf_counter()  # fit seconds: preprocessing (one-hot, scaling, binning) and fit
            if task['kind'] == 'conversion':
                name, model = classifier_name, classifier().fit(x[train], label[train])
                seconds = time.perf_counter() - t0
                prediction = model.predict_proba(x[test])[:, 1]
            elif task.get('winLabel'):
                # Two-part, as leadvalue's: P(win) on all training rows × E[value | won] on won rows with known value.
                won = df[task['winLabel']].to_numpy(dtype=float)
                win = classifier().fit(x[train], won[train])
                value_rows = train & known & (won == 1)
                value = regressor().fit(x[value_rows], label[value_rows])
                seconds = time.perf_counter() - t0
                name = TWO_PART[model_id]
                prediction = win.predict_proba(x[test])[:, 1] * value.predict(x[test])
            else:
                name, model = regressor_name, regressor().fit(x[train & known], label[train & known])
                seconds = time.perf_counter() - t0
                prediction = model.predict(x[test])
            predictions[model_id] = prediction
            report['models'].append({'id': model_id, 'name': name, 'seconds': seconds})
        pd.DataFrame(predictions).to_csv(os.path.join(out, f"{task['id']}.csv"), index=False, float_format='%.9g')
        json.dump(report, open(os.path.join(out, f"{task['id']}.json"), 'w'))
    json.dump({'python': sys.version.split()[0], 'sklearn': sklearn.__version__, 'xgboost': xgboost.__version__ if xgboost else None,
               'numpy': np.__version__, 'pandas': pd.__version__, 'threads': THREADS, 'readSeconds': read_seconds},
              open(os.path.join(out, 'run.json'), 'w'))


TWO_PART = {'linear': 'scikit-learn LogisticRegression × Ridge (log1p value)',
            'hgb': 'scikit-learn HistGradientBoosting, classifier × Poisson',
            'xgb': 'xgboost, classifier × count:poisson'}


if __name__ == '__main__':
    warnings.filterwarnings('ignore', category=FutureWarning)
    main(sys.argv[1], sys.argv[2])
