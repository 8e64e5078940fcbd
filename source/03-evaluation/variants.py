"""Graded variants of each exercise in module 03, used by the tests and by `curriculum demo`.

For every exercise: `alternatives` are other correct answers that must score full points;
`mistakes` are (code, words the feedback must contain) pairs that must score zero with that message.
Each runs after the setup cell only, so it must not rely on another exercise's answer.
The reference solution is the notebook's own solution cell. Instructor-side only: never released.
"""

_CHANCE = "chance = caravan_model.predict_proba(caravan_X_test)[:, 1]\n"
_CALLS = _CHANCE + "calls = (chance >= CALL_AT).astype(int)\n"

_COST = (
    "def cost(y, p, t):\n"
    "    y = np.asarray(y)\n"
    "    return COST_APPROVE_BAD * ((y == 1) & (p < t)).sum() + COST_REFUSE_GOOD * ((y == 0) & (p >= t)).sum()\n"
    "pv = credit_model.predict_proba(credit_X_valid)[:, 1]\n"
    "pt = credit_model.predict_proba(credit_X_test)[:, 1]\n"
)

_FOLDS = "folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=0)\n"
_FRESH = "fresh = make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000))\n"

def _mf(group: str) -> str:
    """A MetricFrame of the two rates on the German credit test rows, by `group`."""
    return ("mf = MetricFrame(metrics={'false_positive_rate': false_positive_rate, "
            "'false_negative_rate': false_negative_rate},\n"
            "                 y_true=credit_y_test, y_pred=credit_model.predict(credit_X_test),\n"
            f"                 sensitive_features=credit_groups_test[{group!r}])\n")


VARIANTS = {
    "q301_accuracy_paradox": {
        "alternatives": [
            "dummy_accuracy = (caravan_y_test == caravan_y_train.mode()[0]).mean()\n"
            "model_accuracy = accuracy_score(caravan_y_test, caravan_model.predict(caravan_X_test))",
            "d = DummyClassifier(strategy='most_frequent').fit(caravan_X_train, caravan_y_train)\n"
            "dummy_accuracy = round(accuracy_score(caravan_y_test, d.predict(caravan_X_test)), 4)\n"
            "model_accuracy = round(caravan_model.score(caravan_X_test, caravan_y_test), 4)",
        ],
        "mistakes": [
            ("d = DummyClassifier(strategy='most_frequent').fit(caravan_X_train, caravan_y_train)\n"
             "dummy_accuracy = d.score(caravan_X_train, caravan_y_train)\n"
             "model_accuracy = caravan_model.score(caravan_X_train, caravan_y_train)",
             "you evaluated on the rows the model learned from"),
            ("d = DummyClassifier(strategy='most_frequent').fit(caravan_X_train, caravan_y_train)\n"
             "dummy_accuracy = 100 * d.score(caravan_X_test, caravan_y_test)\n"
             "model_accuracy = 100 * caravan_model.score(caravan_X_test, caravan_y_test)",
             "looks like a percentage"),
            ("d = DummyClassifier(strategy='stratified', random_state=0).fit(caravan_X_train, caravan_y_train)\n"
             "dummy_accuracy = d.score(caravan_X_test, caravan_y_test)\n"
             "model_accuracy = caravan_model.score(caravan_X_test, caravan_y_test)",
             "strategy='most_frequent'"),
            ("d = DummyClassifier(strategy='most_frequent').fit(caravan_X_train, caravan_y_train)\n"
             "model_accuracy = d.score(caravan_X_test, caravan_y_test)\n"
             "dummy_accuracy = caravan_model.score(caravan_X_test, caravan_y_test)",
             "are swapped"),
            ("d = DummyClassifier(strategy='most_frequent').fit(caravan_X_train, caravan_y_train)\n"
             "dummy_accuracy = round(d.score(caravan_X_test, caravan_y_test), 2)\n"
             "model_accuracy = round(caravan_model.score(caravan_X_test, caravan_y_test), 2)",
             "keep at least 4 decimals"),
        ],
    },
    "q302_what_94_means": {
        "alternatives": ["paradox_reading = 'B'", "paradox_reading = '(b).'"],
        "mistakes": [
            ("paradox_reading = 'a'", "cannot tell a useful model from a useless one"),
            ("paradox_reading = 'c'", "not from memorising the training rows"),
            ("paradox_reading = 'd'", "Scoring on the training rows flatters"),
        ],
    },
    "q303_confusion_matrix": {
        "alternatives": [
            _CALLS + "calls_cm = pd.crosstab(caravan_y_test, calls).to_numpy()",
            _CHANCE + "calls = chance >= CALL_AT\n"
            "y = caravan_y_test.to_numpy() == 1\n"
            "calls_cm = np.array([[(~y & ~calls).sum(), (~y & calls).sum()], [(y & ~calls).sum(), (y & calls).sum()]])",
            _CALLS + "calls_cm = confusion_matrix(caravan_y_test, calls, labels=[0, 1])",
        ],
        "mistakes": [
            (_CALLS + "calls_cm = confusion_matrix(calls, caravan_y_test)", "is transposed"),
            ("calls_cm = confusion_matrix(caravan_y_test, caravan_model.predict(caravan_X_test))",
             "uses `predict`"),
            ("p = caravan_model.predict_proba(caravan_X_test)[:, 0]\n"
             "calls_cm = confusion_matrix(caravan_y_test, (p >= CALL_AT).astype(int))",
             "The positive class is inverted"),
            (_CALLS + "calls_cm = confusion_matrix(caravan_y_test, calls, labels=[1, 0])", "in the order 1, 0"),
            ("p = caravan_model.predict_proba(caravan_X_train)[:, 1]\n"
             "calls_cm = confusion_matrix(caravan_y_train, (p >= CALL_AT).astype(int))",
             "counts the training rows"),
            (_CALLS + "calls_cm = confusion_matrix(caravan_y_test, calls, normalize='all')", "holds fractions"),
        ],
    },
    "q304_precision_recall": {
        "alternatives": [
            _CALLS + "cm = confusion_matrix(caravan_y_test, calls)\n"
            "call_precision = cm[1, 1] / cm[:, 1].sum()\n"
            "call_recall = cm[1, 1] / cm[1, :].sum()",
            _CALLS + "hits = ((calls == 1) & (caravan_y_test.to_numpy() == 1)).sum()\n"
            "call_precision = round(hits / calls.sum(), 3)\n"
            "call_recall = round(hits / caravan_y_test.sum(), 3)",
        ],
        "mistakes": [
            (_CALLS + "call_recall = precision_score(caravan_y_test, calls)\n"
             "call_precision = recall_score(caravan_y_test, calls)", "are swapped"),
            (_CALLS + "call_precision = precision_score(caravan_y_test, calls, pos_label=0)\n"
             "call_recall = recall_score(caravan_y_test, calls, pos_label=0)", "the positive class is inverted"),
            ("p = caravan_model.predict_proba(caravan_X_train)[:, 1]\n"
             "calls = (p >= CALL_AT).astype(int)\n"
             "call_precision = precision_score(caravan_y_train, calls)\n"
             "call_recall = recall_score(caravan_y_train, calls)", "measured on the training rows"),
            ("calls = caravan_model.predict(caravan_X_test)\n"
             "call_precision = precision_score(caravan_y_test, calls)\n"
             "call_recall = recall_score(caravan_y_test, calls)", "use `predict`"),
            (_CALLS + "call_precision = 100 * precision_score(caravan_y_test, calls)\n"
             "call_recall = 100 * recall_score(caravan_y_test, calls)", "looks like a percentage"),
        ],
    },
    "q305_curve_areas": {
        "alternatives": [
            _CHANCE + "from sklearn.metrics import auc\n"
            "f, t, _ = roc_curve(caravan_y_test, chance)\n"
            "roc_auc = auc(f, t)\n"
            "avg_precision = round(average_precision_score(caravan_y_test, chance), 3)",
            "score = caravan_model.decision_function(caravan_X_test)\n"
            "roc_auc = roc_auc_score(caravan_y_test, score)\n"
            "avg_precision = average_precision_score(caravan_y_test, score)",
        ],
        "mistakes": [
            (_CALLS + "roc_auc = roc_auc_score(caravan_y_test, calls)\n"
             "avg_precision = average_precision_score(caravan_y_test, calls)", "computed from 0/1 decisions"),
            ("p = caravan_model.predict_proba(caravan_X_test)[:, 0]\n"
             "roc_auc = roc_auc_score(caravan_y_test, p)\n"
             "avg_precision = average_precision_score(caravan_y_test, p)", "the positive class is inverted"),
            ("p = caravan_model.predict_proba(caravan_X_train)[:, 1]\n"
             "roc_auc = roc_auc_score(caravan_y_train, p)\n"
             "avg_precision = average_precision_score(caravan_y_train, p)", "measured on the training rows"),
            (_CHANCE + "avg_precision = roc_auc_score(caravan_y_test, chance)\n"
             "roc_auc = average_precision_score(caravan_y_test, chance)", "are swapped"),
        ],
    },
    "q306_which_curve": {
        "alternatives": ["curve_choice = 'b'", "curve_choice = ' (B) '"],
        "mistakes": [
            ("curve_choice = 'a'", "different scales"),
            ("curve_choice = 'c'", "tell different stories"),
            ("curve_choice = 'd'", "accuracy paradox"),
        ],
    },
    "q307_stratified_cv": {
        "alternatives": [
            "from sklearn.model_selection import cross_validate\n" + _FOLDS + _FRESH
            + "r = cross_validate(fresh, caravan_X_train, caravan_y_train, cv=folds, scoring='average_precision')\n"
              "fold_scores = r['test_score']\n"
              "fold_spread = round(max(fold_scores) - min(fold_scores), 3)",
            _FOLDS
            + "fold_scores = []\n"
              "for fit_rows, score_rows in folds.split(caravan_X_train, caravan_y_train):\n"
              "    m = make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000))\n"
              "    m.fit(caravan_X_train.iloc[fit_rows], caravan_y_train.iloc[fit_rows])\n"
              "    p = m.predict_proba(caravan_X_train.iloc[score_rows])[:, 1]\n"
              "    fold_scores.append(average_precision_score(caravan_y_train.iloc[score_rows], p))\n"
              "fold_spread = np.ptp(fold_scores)",
        ],
        "mistakes": [
            ("folds = KFold(n_splits=5, shuffle=True, random_state=0)\n" + _FRESH
             + "fold_scores = cross_val_score(fresh, caravan_X_train, caravan_y_train, cv=folds,\n"
               "                              scoring='average_precision')\n"
               "fold_spread = fold_scores.max() - fold_scores.min()", "come from plain `KFold`"),
            (_FOLDS + _FRESH + "fold_scores = cross_val_score(fresh, caravan_X_train, caravan_y_train, cv=folds)\n"
             "fold_spread = fold_scores.max() - fold_scores.min()", "accuracy on imbalanced data"),
            (_FOLDS + _FRESH
             + "fold_scores = cross_val_score(fresh, caravan_X, caravan_y, cv=folds, scoring='average_precision')\n"
               "fold_spread = fold_scores.max() - fold_scores.min()", "the test rows too"),
            (_FOLDS + _FRESH
             + "fold_scores = cross_val_score(fresh, caravan_X_train, caravan_y_train, cv=folds,\n"
               "                              scoring='average_precision')\n"
               "fold_spread = fold_scores.std()", "standard deviation"),
            (_FRESH + "fold_scores = cross_val_score(fresh, caravan_X_train, caravan_y_train, cv=5, "
             "scoring='average_precision')\nfold_spread = fold_scores.max() - fold_scores.min()",
             "not shuffled"),
            (_FOLDS + _FRESH
             + "fold_scores = cross_val_score(fresh, caravan_X_train, caravan_y_train, cv=folds, scoring='roc_auc')\n"
               "fold_spread = fold_scores.max() - fold_scores.min()", "areas under the ROC curve"),
        ],
    },
    "q308_cost_threshold": {
        "alternatives": [
            _COST + "costs = pd.Series([cost(credit_y_valid, pv, t) for t in THRESHOLDS], index=THRESHOLDS)\n"
            "best_threshold = costs.idxmin()\n"
            "test_cost = cost(credit_y_test, pt, best_threshold)",
            "pv = credit_model.predict_proba(credit_X_valid)[:, 1]\n"
            "pt = credit_model.predict_proba(credit_X_test)[:, 1]\n"
            "best_threshold, best = None, None\n"
            "for t in np.linspace(0.05, 0.95, 19):\n"
            "    tn, fp, fn, tp = confusion_matrix(credit_y_valid, (pv >= t).astype(int), labels=[0, 1]).ravel()\n"
            "    c = 5 * fn + 1 * fp\n"
            "    if best is None or c < best:\n"
            "        best_threshold, best = t, c\n"
            "decisions = (pt >= best_threshold).astype(int)\n"
            "tn, fp, fn, tp = confusion_matrix(credit_y_test, decisions, labels=[0, 1]).ravel()\n"
            "test_cost = int(5 * fn + fp)",
        ],
        "mistakes": [
            (_COST + "best_threshold = THRESHOLDS[int(np.argmin([cost(credit_y_test, pt, t) for t in THRESHOLDS]))]\n"
             "test_cost = int(cost(credit_y_test, pt, best_threshold))", "tuned on the test rows"),
            (_COST.replace("COST_APPROVE_BAD * ((y == 1)", "COST_REFUSE_GOOD * ((y == 1)")
             .replace("COST_REFUSE_GOOD * ((y == 0)", "COST_APPROVE_BAD * ((y == 0)")
             + "best_threshold = THRESHOLDS[int(np.argmin([cost(credit_y_valid, pv, t) for t in THRESHOLDS]))]\n"
               "test_cost = int(cost(credit_y_test, pt, best_threshold))", "swapped costs"),
            (_COST.replace("[:, 1]", "[:, 0]")
             + "best_threshold = THRESHOLDS[int(np.argmin([cost(credit_y_valid, pv, t) for t in THRESHOLDS]))]\n"
               "test_cost = int(cost(credit_y_test, pt, best_threshold))", "positive class is inverted"),
            (_COST + "best_threshold = THRESHOLDS[int(np.argmin([cost(credit_y_valid, pv, t) for t in THRESHOLDS]))]\n"
             "test_cost = int(cost(credit_y_valid, pv, best_threshold))", "the cost on the validation rows"),
            (_COST + "best_threshold = 0.5\ntest_cost = int(cost(credit_y_test, pt, 0.5))", "the default of `predict`"),
            (_COST + "best_threshold = int(np.argmin([cost(credit_y_valid, pv, t) for t in THRESHOLDS]))\n"
             "test_cost = int(cost(credit_y_test, pt, THRESHOLDS[best_threshold]))", "not its position"),
        ],
    },
    "q309_rates_by_sex": {
        "alternatives": [
            _mf("sex") + "rates_by_sex = mf.by_group.round(3)",
            "pred = pd.Series(credit_model.predict(credit_X_test), index=credit_X_test.index)\n"
            "t = pd.DataFrame({'y': credit_y_test, 'pred': pred, 'sex': credit_groups_test['sex']})\n"
            "rates_by_sex = t.groupby('sex').apply(lambda g: pd.Series({\n"
            "    'false_positive_rate': ((g.pred == 1) & (g.y == 0)).sum() / (g.y == 0).sum(),\n"
            "    'false_negative_rate': ((g.pred == 0) & (g.y == 1)).sum() / (g.y == 1).sum()}))",
        ],
        "mistakes": [
            ("mf = MetricFrame(metrics={'false_positive_rate': false_positive_rate, "
             "'false_negative_rate': false_negative_rate},\n"
             "                 y_true=1 - credit_y_test, y_pred=1 - credit_model.predict(credit_X_test),\n"
             "                 sensitive_features=credit_groups_test['sex'])\n"
             "rates_by_sex = mf.by_group", "the positive class is inverted"),
            ("mf = MetricFrame(metrics={'false_positive_rate': false_negative_rate, "
             "'false_negative_rate': false_positive_rate},\n"
             "                 y_true=credit_y_test, y_pred=credit_model.predict(credit_X_test),\n"
             "                 sensitive_features=credit_groups_test['sex'])\n"
             "rates_by_sex = mf.by_group", "the columns are swapped"),
            (_mf("sex") + "rates_by_sex = mf.by_group * 100", "fractions between 0 and 1"),
            (_mf("age_band") + "rates_by_sex = mf.by_group", "[WRONG SHAPE]"),
            ("mf = MetricFrame(metrics={'false_positive_rate': false_positive_rate, "
             "'false_negative_rate': false_negative_rate},\n"
             "                 y_true=credit_model.predict(credit_X_test), y_pred=credit_y_test,\n"
             "                 sensitive_features=credit_groups_test['sex'])\n"
             "rates_by_sex = mf.by_group", "`y_true` and `y_pred` are swapped"),
            ("chance = credit_model.predict_proba(credit_X_test)[:, 1]\n"
             "mf = MetricFrame(metrics={'false_positive_rate': false_positive_rate, "
             "'false_negative_rate': false_negative_rate},\n"
             "                 y_true=credit_y_test, y_pred=(chance >= 0.15).astype(int),\n"
             "                 sensitive_features=credit_groups_test['sex'])\n"
             "rates_by_sex = mf.by_group", "the threshold of Exercise 8"),
            ("mf = MetricFrame(metrics={'false_positive_rate': false_positive_rate, "
             "'false_negative_rate': false_negative_rate},\n"
             "                 y_true=credit_y_test, y_pred=(credit_model.predict_proba(credit_X_test)[:, 1] >= 0.3),\n"
             "                 sensitive_features=credit_groups_test['sex'])\n"
             "rates_by_sex = mf.by_group", "`credit_model.predict`"),
        ],
    },
    "q310_age_gap": {
        "alternatives": [
            _mf("age_band") + "r = mf.by_group['false_positive_rate']\n"
            "age_fpr_gap = round(r.max() - r.min(), 3)",
            "good = credit_y_test == 0\n"
            "refused = pd.Series(credit_model.predict(credit_X_test), index=credit_X_test.index) == 1\n"
            "rate = refused[good].groupby(credit_groups_test['age_band'][good]).mean()\n"
            "age_fpr_gap = abs(rate['under 25'] - rate['25 and over'])",
        ],
        "mistakes": [
            (_mf("age_band") + "age_fpr_gap = mf.difference()['false_negative_rate']",
             "false-negative rate"),
            (_mf("age_band") + "age_fpr_gap = mf.ratio()['false_positive_rate']", "is a ratio"),
            (_mf("sex") + "age_fpr_gap = mf.difference()['false_positive_rate']",
             "gap between the sexes"),
            (_mf("age_band") + "r = mf.by_group['false_positive_rate']\n"
             "age_fpr_gap = r['25 and over'] - r['under 25']", "is negative"),
            (_mf("age_band") + "age_fpr_gap = 100 * mf.difference()['false_positive_rate']",
             "looks like a percentage"),
        ],
    },
}
