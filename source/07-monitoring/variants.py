"""Graded variants of each exercise in module 07, used by the tests and by `curriculum demo`.

For every exercise: `alternatives` are other correct answers that must score full points;
`mistakes` are (code, words the feedback must contain) pairs that must score zero with that message;
`mistakes_alone` likewise, for a mistake that changes what later exercises read (a shared table or model):
graded on its own, never inside a demo learner. The reference solution is the notebook's own solution
cell. Instructor-side only: never released.
"""

_GUARD = (
    "def predict_employment(rows):\n"
    "    for c in FEATURES:\n"
    "        if c not in rows.columns:\n"
    "            raise ValueError(f'column {c} is missing')\n"
    "{middle}"
    "    return model.predict(rows[FEATURES])\n"
)
_TYPE = ("    if rows['AGEP'].dtype.kind not in 'iuf':\n"
         "        raise ValueError('AGEP must be numeric')\n")
_NA = ("    for c in FEATURES:\n"
       "        if rows[c].isnull().sum() > 0:\n"
       "            raise ValueError(f'{c}: missing values')\n")
_RANGE = ("    if (rows['AGEP'] < 0).any() or (rows['AGEP'] > 120).any():\n"
          "        raise ValueError('AGEP out of range: is it in years?')\n")
_CODES = ("    for c in CODES:\n"
          "        bad = ~rows[c].isin(KNOWN_CODES[c])\n"
          "        if bad.any():\n"
          "            raise ValueError(f'unknown {c} code(s): {rows.loc[bad, c].unique()}')\n")

_PSI = (
    "def psi(expected, actual, edges):\n"
    "    e = np.histogram(expected, bins=edges)[0] / len(expected)\n"
    "    a = np.histogram(actual, bins=edges)[0] / len(actual)\n"
    "{body}"
)

_PSI_OK = _PSI.format(body="    e = np.clip(e, 0.0001, None)\n    a = np.clip(a, 0.0001, None)\n"
                           "    return float(np.sum((a - e) * np.log(a / e)))\n")

_ACC = ("accuracy_by_month = stream.groupby('month').apply(\n"
        "    lambda g: accuracy_score(g['employed'], model.predict(g[FEATURES])))\n")

_AGE = (_PSI_OK + "age_psi = pd.Series({m: psi(reference.AGEP, g.AGEP, AGE_EDGES) for m, g in stream.groupby('month')})\n")

_RETRAIN = ("recent = stream[stream['month'].between(*RECENT)]\n"
            "newest = stream[stream['month'].between(*NEWEST)]\n")

VARIANTS = {
    "q701_save_load": {
        "alternatives": [
            "import tempfile, os\npath = os.path.join(tempfile.mkdtemp(), 'model-copy.skops')\nsio.dump(model, path)\nuntrusted = list(sio.get_untrusted_types(file=path))\n"
            "loaded_model = sio.load(path, trusted=untrusted)",
            "blob = sio.dumps(model)\nuntrusted = sio.get_untrusted_types(data=blob)\n"
            "loaded_model = sio.loads(blob, trusted=untrusted)",
        ],
        "mistakes": [
            ("blob = sio.dumps(model)\nuntrusted = []\nloaded_model = sio.loads(blob, trusted=sio.get_untrusted_types(data=blob))",
             "`untrusted` is empty"),
            ("untrusted = sio.get_untrusted_types(data=sio.dumps(model))\nloaded_model = clone(model)",
             "not fitted"),
            ("untrusted = sio.get_untrusted_types(data=sio.dumps(model))\n"
             "loaded_model = clone(model).fit(reference[FEATURES], reference['employed'])",
             "does not predict like `model`"),
        ],
    },
    "q702_predict": {
        "alternatives": [
            _GUARD.replace("{middle}", _TYPE + _NA + _RANGE + _CODES),
            # one message listing every problem, raised at the end
            "def predict_employment(rows):\n"
            "    problems = [f'missing column {c}' for c in FEATURES if c not in rows]\n"
            "    if problems:\n"
            "        raise ValueError('; '.join(problems))\n"
            "    if not pd.api.types.is_numeric_dtype(rows['AGEP']):\n"
            "        raise ValueError('AGEP is not numeric')\n"
            "    problems += [f'{c} has missing values' for c in FEATURES if rows[c].isna().any()]\n"
            "    if not problems and not rows['AGEP'].between(0, 120).all():\n"
            "        problems.append('AGEP outside 0-120 years')\n"
            "    problems += [f'{c} has unseen codes' for c in CODES if not rows[c].dropna().isin(KNOWN_CODES[c]).all()]\n"
            "    if problems:\n"
            "        raise ValueError('; '.join(problems))\n"
            "    return model.predict(rows[FEATURES])",
        ],
        "mistakes": [
            # silently repairs: fills blanks, converts text ages, clips the range
            ("def predict_employment(rows):\n"
             "    rows = rows.copy()\n"
             "    rows['AGEP'] = pd.to_numeric(rows['AGEP'], errors='coerce').clip(0, 120).fillna(40)\n"
             "    rows = rows.fillna('16')\n"
             "    return model.predict(rows.reindex(columns=FEATURES))", "silently coerces"),
            # no range check: ages in months pass
            (_GUARD.replace("{middle}", _TYPE + _NA + _CODES), "ages in months"),
            # too strict: a whole-number age is refused
            (_GUARD.replace("{middle}", "    if rows['AGEP'].dtype != 'float64':\n"
                                  "        raise ValueError('AGEP must be float')\n" + _NA + _RANGE + _CODES),
             "whole-number ages"),
            # lets pandas fail with a KeyError instead of a clear ValueError
            ("def predict_employment(rows):\n"
             "    X = rows[FEATURES]\n"
             "    if not pd.api.types.is_numeric_dtype(X['AGEP']):\n"
             "        raise ValueError('AGEP must be numeric')\n"
             "    if X.isna().any().any():\n"
             "        raise ValueError('missing values in ' + str(list(X.columns[X.isna().any()])))\n"
             "    if not X['AGEP'].between(0, 120).all():\n"
             "        raise ValueError('AGEP out of range')\n"
             "    return model.predict(X)", "KeyError"),
            # a message that does not say which column
            (_GUARD.replace("{middle}", _TYPE + _NA + _RANGE + "    for c in CODES:\n"
                                  "        if not rows[c].isin(KNOWN_CODES[c]).all():\n"
                                  "            raise ValueError('bad input')\n"),
             "does not name the column"),
        ],
    },
    "q703_accuracy_by_month": {
        "alternatives": [
            "right = model.predict(stream[FEATURES]) == stream['employed']\n"
            "accuracy_by_month = right.groupby(stream['month']).mean()\n"
            "drop_months = [m for m in MONTHS if accuracy_by_month[m] < accuracy_by_month[:6].mean() - 0.1]",
            _ACC + "accuracy_by_month = accuracy_by_month.round(3)\n"
            "base = accuracy_by_month.head(6).mean()\n"
            "drop_months = accuracy_by_month[accuracy_by_month < base - 0.10].index.tolist()",
        ],
        "mistakes": [
            ("wrong = model.predict(stream[FEATURES]) != stream['employed']\n"
             "accuracy_by_month = wrong.groupby(stream['month']).mean()\n"
             "drop_months = ['2025-10']", "error rate"),
            (_ACC + "drop_months = list(accuracy_by_month[accuracy_by_month < accuracy_by_month.mean() - 0.10].index)",
             "nor with the mean of the whole stream"),
            (_ACC + "drop_months = list(accuracy_by_month[accuracy_by_month.diff() < -0.10].index)",
             "not with the month before"),
            (_ACC + "base = accuracy_by_month.loc[REFERENCE_MONTHS].mean()\n"
             "drop_months = list(accuracy_by_month[accuracy_by_month > base - 0.10].index)",
             "held up"),
        ],
    },
    "q704_psi": {
        "alternatives": [
            # adds the epsilon where a share is zero only, with np.where
            _PSI.format(body="    e = np.where(e == 0, 0.0001, e)\n    a = np.where(a == 0, 0.0001, a)\n"
                             "    return float(((a - e) * np.log(a / e)).sum())\n"),
            # pandas cut (bins closed on the right): whole numbers never sit on these edges
            "def psi(expected, actual, edges):\n"
            "    e = pd.cut(pd.Series(expected), edges).value_counts(normalize=True, sort=False).clip(lower=1e-4)\n"
            "    a = pd.cut(pd.Series(actual), edges).value_counts(normalize=True, sort=False).clip(lower=1e-4)\n"
            "    return float(((a - e) * np.log(a / e)).sum())",
        ],
        "mistakes": [
            (_PSI.format(body="    return float(np.sum((a - e) * np.log(a / e)))\n"), "empty bin"),
            (_PSI.format(body="    e = np.clip(e, 0.0001, None)\n    a = np.clip(a, 0.0001, None)\n"
                              "    return float(np.sum(a * np.log(a / e)))\n"), "(actual - expected)"),
            ("def psi(expected, actual, edges):\n"
             "    e = np.clip(np.histogram(expected, bins=edges)[0], 0.0001, None)\n"
             "    a = np.clip(np.histogram(actual, bins=edges)[0], 0.0001, None)\n"
             "    return float(np.sum((a - e) * np.log(a / e)))", "not counts"),
            (_PSI.format(body="    keep = (e > 0) & (a > 0)\n"
                              "    return float(np.sum((a[keep] - e[keep]) * np.log(a[keep] / e[keep])))\n"),
             "leaves out the empty bins"),
        ],
    },
    "q705_age_drift": {
        "alternatives": [
            _AGE + "age_ks = pd.Series({m: ks_2samp(reference.AGEP, g.AGEP)[0] for m, g in stream.groupby('month')})",
            _AGE + "age_psi = age_psi.round(3)\n"
            "age_ks = pd.Series({m: round(ks_2samp(reference['AGEP'], stream.loc[stream.month == m, 'AGEP']).statistic, 3)"
            " for m in MONTHS})",
        ],
        "mistakes": [
            (_AGE + "age_ks = pd.Series({m: ks_2samp(reference.AGEP, g.AGEP).pvalue for m, g in stream.groupby('month')})",
             "p-values"),
            (_PSI_OK + "age_psi = stream.groupby('month')['AGEP'].apply(lambda x: psi(stream['AGEP'], x, AGE_EDGES))\n"
             "age_ks = stream.groupby('month')['AGEP'].apply(lambda x: ks_2samp(stream['AGEP'], x).statistic)",
             "not with the whole stream"),
            (_PSI_OK + "age_psi = stream.groupby('month')['AGEP'].apply(lambda x: psi(reference['AGEP'], x, 5))\n"
             "age_ks = stream.groupby('month')['AGEP'].apply(lambda x: ks_2samp(reference['AGEP'], x).statistic)",
             "`age_ks` is right but `age_psi` is not"),
        ],
    },
    "q706_alarms": {
        "alternatives": [
            _AGE + "alarm_months = [m for m in MONTHS if age_psi[m] > 0.1]",
            "from scipy.stats import ks_2samp\n"
            "ks = stream.groupby('month')['AGEP'].apply(lambda x: ks_2samp(reference['AGEP'], x).statistic)\n"
            "alarm_months = list(ks[ks > 0.05].index)",
            _AGE + "alarm_months = list(age_psi[age_psi > 0.25].index)",
        ],
        "mistakes": [
            (_AGE + "alarm_months = list(age_psi[age_psi >= 0].index)", "means nothing"),
            (_AGE + "alarm_months = list(age_psi[age_psi > 1].index)", "caught 1 of the 2"),
            (_AGE + "alarm_months = list(age_psi[age_psi > 0.0015].index)", "false alarm"),
        ],
    },
    "q707_quality": {
        "alternatives": [
            "unit_switch_months = sorted(stream.loc[stream.AGEP > 120, 'month'].unique())\n"
            "missing_burst_month = stream.assign(blank=stream.SCHL.isna()).groupby('month').blank.mean().idxmax()\n"
            "new_relp_code = str(stream.loc[~stream.RELP.isin(KNOWN_CODES['RELP']) & stream.RELP.notna(), 'RELP'].iloc[0])",
            "unit_switch_months = [m for m, g in stream.groupby('month') if (g.AGEP > 120).any()]\n"
            "missing_burst_month = stream[FEATURES].isna().groupby(stream['month']).mean().max(axis=1).idxmax()\n"
            "new_relp_code = [c for c in stream.RELP.dropna().unique() if c not in KNOWN_CODES['RELP']][0]",
        ],
        "mistakes": [
            ("mean_age = stream.groupby('month').AGEP.mean()\n"
             "unit_switch_months = list(mean_age[mean_age > 50].index)\n"
             "missing_burst_month = stream.loc[stream.SCHL.isna(), 'month'].iloc[0]\n"
             "new_relp_code = sorted(set(stream.RELP.dropna()) - set(KNOWN_CODES['RELP']))[0]", "older"),
            ("unit_switch_months = sorted(stream.loc[stream.AGEP > 120, 'month'].unique())\n"
             "missing_burst_month = stream.loc[stream.SCHL.isna(), 'month'].iloc[0]\n"
             "new_relp_code = stream.loc[stream.month == MONTHS[-1], 'RELP'].value_counts().index[0]",
             "already used in 2015"),
            ("unit_switch_months = sorted(stream.loc[stream.AGEP > 120, 'month'].unique())\n"
             "missing_burst_month = stream.isna().sum().idxmax()\n"
             "new_relp_code = sorted(set(stream.RELP.dropna()) - set(KNOWN_CODES['RELP']))[0]", "one month"),
        ],
    },
    "q708_label_delay": {
        "alternatives": ["blind_spot = '(c)'", "blind_spot = 'C.'"],
        "mistakes": [("blind_spot = 'a'", "ages in months"), ("blind_spot = 'd'", "new code")],
    },
    "q709_retrain": {
        "alternatives": [
            _RETRAIN + "new_model = clone(model)\nnew_model.fit(recent[FEATURES], recent['employed'])\n"
            "old_accuracy = model.score(newest[FEATURES], newest['employed'])\n"
            "new_accuracy = new_model.score(newest[FEATURES], newest['employed'])",
            _RETRAIN + "from sklearn.base import clone as copy_model\n"
            "fresh = copy_model(model).fit(recent[FEATURES], recent.employed)\n"
            "old_accuracy = round((model.predict(newest[FEATURES]) == newest.employed).mean(), 3)\n"
            "new_accuracy = round((fresh.predict(newest[FEATURES]) == newest.employed).mean(), 3)",
        ],
        "mistakes": [
            (_RETRAIN + "new_model = clone(model).fit(recent[FEATURES], recent['employed'])\n"
             "old_accuracy = accuracy_score(newest['employed'], model.predict(newest[FEATURES]))\n"
             "new_accuracy = accuracy_score(recent['employed'], new_model.predict(recent[FEATURES]))",
             "trained on"),
            (_RETRAIN + "new_model = clone(model).fit(newest[FEATURES], newest['employed'])\n"
             "old_accuracy = accuracy_score(newest['employed'], model.predict(newest[FEATURES]))\n"
             "new_accuracy = accuracy_score(newest['employed'], new_model.predict(newest[FEATURES]))",
             "`new_accuracy` is not"),
        ],
        # refits the shared `model` in place: graded alone, never inside a demo learner
        "mistakes_alone": [
            (_RETRAIN + "new_model = model.fit(recent[FEATURES], recent['employed'])\n"
             "old_accuracy = accuracy_score(newest['employed'], model.predict(newest[FEATURES]))\n"
             "new_accuracy = accuracy_score(newest['employed'], new_model.predict(newest[FEATURES]))",
             "works in place"),
        ],
    },
}
