"""Graded variants of each exercise in module 01, used by the tests and by `curriculum demo`.

For every exercise: `alternatives` are other correct answers that must score full points;
`mistakes` are (code, words the feedback must contain) pairs that must score zero with that message;
`mistakes_alone` likewise, for a mistake that changes what later exercises read (a shared table):
graded on its own (tests/test_exercises.py, tests/test_pipeline.py), never inside a demo learner.
Instructor-side only (solutions inside): never released.
"""

_STRIP_ALL = (
    "adult = adult_raw.copy()\n"
    "for column in adult.select_dtypes('str').columns:\n"
    "    adult[column] = adult[column].str.strip()\n"
)

_PIPE_DATA = (
    "adult_unique = adult_raw.drop_duplicates()\n"
    "X = adult_unique.drop(columns='income')\n"
    "y = adult_unique['income'].str.strip() == '>50K'\n"
    "X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.25, random_state=0)\n"
)


def _pipe(numeric_steps: str, category_steps: str, fit: bool = True,
          fit_on: str = "X_train, y_train", data: str = _PIPE_DATA) -> str:
    code = (data
            + f"prepare = ColumnTransformer([('numbers', {numeric_steps}, NUMERIC),\n"
            + f"                             ('categories', {category_steps}, CATEGORICAL)])\n"
            + "pipe = make_pipeline(prepare, LogisticRegression(max_iter=1000))\n")
    return code + (f"pipe.fit({fit_on})\n" if fit else "")


_NUM_SPLIT = ("X_train_num, X_test_num = train_test_split(adult_raw.drop_duplicates()[NUMERIC],\n"
              "                                          test_size=0.25, random_state=0)\n")

_GOOD_NUMERIC = "make_pipeline(SimpleImputer(strategy='median'), StandardScaler())"
_GOOD_CATEGORIES = "OneHotEncoder(handle_unknown='ignore')"

_GARBAGE = """\
birds = penguins_raw.dropna(subset=MEASUREMENTS)
birds_train, birds_test, species_train, species_test = train_test_split(
    birds[MEASUREMENTS], birds["Species"], test_size=0.5, random_state=0, stratify=birds["Species"])

def new_model():
    return make_pipeline(SimpleImputer(strategy="median"), StandardScaler(),
                         LogisticRegression(max_iter=1000))

clean_model = new_model().fit(birds_train, species_train)
rng = np.random.default_rng(0)
rows = []
for share in [0, 0.2, 0.4, 0.6, 0.8]:
    X_missing = birds_test.mask(rng.random(birds_test.shape) < share)
    X_units = birds_test.copy()
    in_kg = rng.random(len(X_units)) < share
    X_units.loc[in_kg, "Body Mass (g)"] = X_units.loc[in_kg, "Body Mass (g)"] / 1000
    species_noisy = species_train.copy()
    relabel = rng.random(len(species_noisy)) < share
    species_noisy[relabel] = rng.choice(np.array(species_train.unique()), relabel.sum())
    noisy_model = new_model().fit(birds_train, species_noisy)
    rows.append({"share": share,
                 "missing values": clean_model.score(MISSING_ROWS, species_test),
                 "unit error": clean_model.score(X_units, species_test),
                 "label noise": LABEL_SCORE})
damage = pd.DataFrame(rows).set_index("share")

fig_damage, ax = plt.subplots()
for column, colour, marker in zip(damage.columns, PALETTE, MARKERS):
    ax.plot(100 * damage.index, 100 * damage[column], color=colour, marker=marker, label=column)
ax.set_title("A unit error in new rows does the most damage")
ax.set_xlabel("Share of the data corrupted (%)")
ax.set_ylabel("Test accuracy (%)")
ax.legend(title="Kind of garbage")
plt.show()
"""


_TO_KG = 'X_units.loc[in_kg, "Body Mass (g)"] = X_units.loc[in_kg, "Body Mass (g)"] / 1000'


def _garbage(missing_rows: str = "X_missing",
             label_score: str = "noisy_model.score(birds_test, species_test)", to_kg: str = _TO_KG) -> str:
    code = _GARBAGE.replace("MISSING_ROWS", missing_rows).replace("LABEL_SCORE", label_score)
    assert _TO_KG in code
    return code.replace(_TO_KG, to_kg)


_GARBAGE_TABLE = _garbage().split("\nfig_damage, ax")[0] + "\n"

# The same table, drawn in other correct ways.
_GARBAGE_PANELS = _GARBAGE_TABLE + """\
fig_damage, axes = plt.subplots(1, 3, sharey=True, figsize=(10, 3))
for ax, column, colour, marker in zip(axes, damage.columns, PALETTE, MARKERS):
    ax.plot(100 * damage.index, 100 * damage[column], color=colour, marker=marker)
    ax.set_title(column)
    ax.set_xlabel("Share corrupted (%)")
axes[0].set_ylabel("Test accuracy (%)")
fig_damage.suptitle("Wrong units do the most damage")
"""

_GARBAGE_DOTS = _GARBAGE_TABLE + """\
fig_damage, ax = plt.subplots()
for column, colour, marker in zip(damage.columns, PALETTE, MARKERS):
    ax.scatter(100 * damage.index, 100 * damage[column], color=colour, marker=marker, label=column)
ax.set_xlabel("Share of the data corrupted (%)")
ax.set_ylabel("Birds identified right (%)")
fig_damage.suptitle("A unit error in new rows does the most damage")
fig_damage.legend()
"""


# Another correct route: percentages stored in the table, masses times 0.001, a pandas plot.
_GARBAGE_ALTERNATIVE = """\
birds = penguins_raw.dropna(subset=MEASUREMENTS)
birds_train, birds_test, species_train, species_test = train_test_split(
    birds[MEASUREMENTS], birds["Species"], test_size=0.5, random_state=0, stratify=birds["Species"])
clean_model = make_pipeline(SimpleImputer(strategy="median"), StandardScaler(),
                            LogisticRegression(max_iter=1000)).fit(birds_train, species_train)
rng = np.random.default_rng(42)
table = {}
for share in [0, 0.2, 0.4, 0.6, 0.8]:
    holes = birds_test.where(rng.random(birds_test.shape) >= share)
    kg = birds_test.copy()
    hit = rng.random(len(kg)) < share
    kg["Body Mass (g)"] = np.where(hit, kg["Body Mass (g)"] * 0.001, kg["Body Mass (g)"])
    noisy = species_train.copy()
    flip = rng.random(len(noisy)) < share
    noisy[flip] = rng.choice(np.array(sorted(species_train.unique())), flip.sum())
    refit = make_pipeline(SimpleImputer(strategy="median"), StandardScaler(),
                          LogisticRegression(max_iter=1000)).fit(birds_train, noisy)
    table[100 * share] = {"missing values": 100 * clean_model.score(holes, species_test),
                          "unit error": 100 * clean_model.score(kg, species_test),
                          "label noise": 100 * refit.score(birds_test, species_test)}
damage = pd.DataFrame(table).T
ax = damage.plot(style=["o-", "s--", "^:"], title="Wrong units hurt most, wrong labels least")
ax.set_xlabel("Corrupted share of the data [%]")
ax.set_ylabel("Accuracy on clean test rows [%]")
fig_damage = ax.get_figure()
"""

VARIANTS = {
    "q101_question_marks": {
        "alternatives": ["question_marks = adult_raw.apply(lambda s: (s.astype(str).str.strip() == '?').sum())"],
        "mistakes": [
            ("question_marks = (adult_raw == '?').sum()", "leading"),
            ("question_marks = adult_raw.isna().sum()", "does not know"),
        ],
    },
    "q102_clean_adult": {
        "alternatives": [
            "adult = adult_raw.apply(lambda s: s.str.strip() if s.dtype == 'str' else s).replace('?', np.nan)",
            "adult = adult_raw.replace(' ?', np.nan)\n"
            "for c in CATEGORICAL + ['education', 'income']:\n"
            "    adult[c] = adult[c].str.strip()",
        ],
        "mistakes": [
            ("adult = adult_raw.replace(' ?', np.nan)", "starts (or ends) with a space"),
            (_STRIP_ALL, "still holds '?'"),
            (_STRIP_ALL + "adult = adult.replace('?', np.nan).dropna()", "you dropped rows"),
            ("adult = adult_raw.astype(str).apply(lambda s: s.str.strip()).replace('?', np.nan)",
             "not numbers any more"),
        ],
        # changes adult_raw, which every later exercise reads: graded on its own (test_pipeline), never
        # inside a demo learner's notebook, where it would change the later answers too
        "mistakes_alone": [
            # no copy (the audit's case): the same table under a second name, so adult_raw is cleaned too
            ("adult = adult_raw\nfor c in adult.select_dtypes('str').columns:\n    adult[c] = adult[c].str.strip()\n"
             "adult = adult.replace('?', np.nan)", "`adult_raw` is no longer the table that was loaded"),
        ],
    },
    "q103_duplicates": {
        "alternatives": [
            "n_duplicates = len(adult_raw) - len(adult_raw.drop_duplicates())\n"
            "adult_unique = adult_raw[~adult_raw.duplicated()]",
            "adult_unique = adult_raw.drop_duplicates(keep='last').sort_index()\n"
            "n_duplicates = int(adult_raw.duplicated(keep='last').sum())",
        ],
        "mistakes": [
            ("n_duplicates = int(adult_raw.duplicated(keep=False).sum())\n"
             "adult_unique = adult_raw.drop_duplicates(keep=False)", "the first one too"),
            ("n_duplicates = int(adult_raw['age'].duplicated().sum())\n"
             "adult_unique = adult_raw.drop_duplicates('age')", "one column"),
            ("n_duplicates = int(adult_raw.duplicated().sum())\n"
             "adult_unique = adult_raw.drop_duplicates(keep=False)", "the first one too"),
            ("n_duplicates = int(adult_raw.duplicated().sum())\n"
             "adult_unique = adult_raw.copy()", "still has every row"),
            ("n_duplicates = len(adult_raw.drop_duplicates())\n"
             "adult_unique = adult_raw.drop_duplicates()", "unique rows"),
            (_STRIP_ALL + "adult = adult.replace('?', np.nan)\n"
             "n_duplicates = int(adult_raw.duplicated().sum())\n"
             "adult_unique = adult.drop_duplicates()", "start from `adult_raw`"),
        ],
    },
    "q104_duplicate_choice": {
        "alternatives": ["duplicate_decision = ' (C) '"],
        "mistakes": [
            ("duplicate_decision = 'a'", "flatters the score"),
            ("duplicate_decision = 'b'", "keep one copy"),
            ("duplicate_decision = 'd'", "before the split"),
        ],
    },
    "q105_missing_income": {
        "alternatives": [
            "known = adult_raw['occupation'] != ' ?'\n"
            "shares = adult_raw['income'].eq(' >50K').groupby(known).mean()\n"
            "high_income_missing = shares[False]\n"
            "high_income_known = shares[True]",
            # rounded to 3 decimals, as the notebook allows
            "is_high = adult_raw['income'] == ' >50K'\n"
            "missing = adult_raw['occupation'] == ' ?'\n"
            "high_income_missing = round(is_high[missing].mean(), 3)\n"
            "high_income_known = round(is_high[~missing].mean(), 3)",
        ],
        "mistakes": [
            ("is_high = adult_raw['income'] == '>50K'\n"
             "missing = adult_raw['occupation'] == ' ?'\n"
             "high_income_missing = is_high[missing].mean()\n"
             "high_income_known = is_high[~missing].mean()", "leading space"),
            ("is_high = adult_raw['income'] == ' >50K'\n"
             "missing = adult_raw['occupation'] == ' ?'\n"
             "high_income_missing = is_high[~missing].mean()\n"
             "high_income_known = is_high[missing].mean()", "swapped"),
            ("is_high = adult_raw['income'] == ' >50K'\n"
             "missing = adult_raw['occupation'] == ' ?'\n"
             "high_income_missing = 100 * is_high[missing].mean()\n"
             "high_income_known = 100 * is_high[~missing].mean()", "not percentages"),
            ("is_high = adult_raw['income'] == ' >50K'\n"
             "missing = adult_raw['occupation'] == '?'\n"
             "high_income_missing = is_high[missing].mean()\n"
             "high_income_known = is_high[~missing].mean()", "NaN"),
            ("is_high = adult_raw['income'] == ' >50K'\n"
             "missing = adult_raw['occupation'] == ' ?'\n"
             "high_income_missing = is_high[missing].sum()\n"
             "high_income_known = is_high[~missing].sum()", "take the mean"),
            ("is_high = adult_raw['income'] == ' >50K'\n"
             "high_income_missing = round(is_high[adult_raw['occupation'] == ' ?'].mean(), 3)\n"
             "high_income_known = round(is_high.mean(), 3)", "over all rows"),
        ],
    },
    "q106_fix_types": {
        "alternatives": [
            "penguins = penguins_raw.assign(**{\n"
            "    'Date Egg': pd.to_datetime(penguins_raw['Date Egg'], format='%Y-%m-%d'),\n"
            "    'Clutch Completion': penguins_raw['Clutch Completion'].map({'Yes': True, 'No': False}),\n"
            "})",
            "penguins = penguins_raw.copy()\n"
            "penguins['Date Egg'] = pd.to_datetime(penguins['Date Egg'], utc=True)\n"
            "penguins['Clutch Completion'] = penguins['Clutch Completion'].eq('Yes')",
        ],
        "mistakes": [
            ("penguins = penguins_raw.copy()\n"
             "penguins['Date Egg'] = pd.to_datetime(penguins['Date Egg'])\n"
             "penguins['Clutch Completion'] = penguins['Clutch Completion'].astype(bool)", "astype(bool)"),
            ("penguins = penguins_raw.copy()\n"
             "penguins['Date Egg'] = pd.to_datetime(penguins['Date Egg'])\n"
             "penguins['Clutch Completion'] = penguins['Clutch Completion'] == 'yes'", "capital letter"),
            ("penguins = penguins_raw.copy()\n"
             "penguins['Clutch Completion'] = penguins['Clutch Completion'] == 'Yes'", "pd.to_datetime"),
            ("penguins = penguins_raw.copy()\n"
             "penguins['Date Egg'] = pd.to_datetime(penguins['Date Egg']).dt.date\n"
             "penguins['Clutch Completion'] = penguins['Clutch Completion'] == 'Yes'", ".dt.date"),
            ("penguins = penguins_raw[['Date Egg', 'Clutch Completion']].copy()\n"
             "penguins['Date Egg'] = pd.to_datetime(penguins['Date Egg'])\n"
             "penguins['Clutch Completion'] = penguins['Clutch Completion'] == 'Yes'", "every column"),
        ],
    },
    "q107_impute_mass": {
        "alternatives": [
            "body_mass_filled = penguins_raw.groupby('Species')['Body Mass (g)'].transform("
            "lambda s: s.fillna(s.median()))",
            "body_mass_filled = penguins_raw.groupby('Species')['Body Mass (g)'].transform("
            "lambda s: s.fillna(s.mean()))",
        ],
        "mistakes": [
            ("body_mass_filled = penguins_raw['Body Mass (g)'].fillna(penguins_raw['Body Mass (g)'].mean())",
             "one value for all penguins"),
            ("body_mass_filled = penguins_raw['Body Mass (g)'].fillna(0)", "0 g"),
            ("body_mass_filled = penguins_raw['Body Mass (g)'].dropna()", "you dropped"),
            ("body_mass_filled = penguins_raw.groupby('Species')['Body Mass (g)'].median()",
             "one median per species"),
        ],
    },
    "q109_one_hot": {
        "alternatives": [
            "encoder = OneHotEncoder(sparse_output=False)\n"
            "island_onehot = pd.DataFrame(encoder.fit_transform(penguins_raw[['Island']]),\n"
            "                             columns=encoder.get_feature_names_out())"
        ],
        "mistakes": [
            ("island_onehot = penguins_raw['Island'].astype('category').cat.codes.to_frame('Island')",
             "order and a distance"),
            ("island_onehot = pd.get_dummies(penguins_raw)", "other columns of `penguins_raw`"),
            ("island_onehot = pd.get_dummies(penguins_raw, columns=['Island'])", "the `Island` column alone"),
        ],
    },
    "q110_split_then_scale": {
        "alternatives": [
            "train_part, test_part = train_test_split(adult_raw.drop_duplicates()[NUMERIC], test_size=0.25,\n"
            "                                         random_state=0)\n"
            "mean, std = train_part.mean(), train_part.std()\n"
            "X_train_scaled = ((train_part - mean) / std).to_numpy()\n"
            "X_test_scaled = ((test_part - mean) / std).to_numpy()",
            # rounded, or stored in half precision: within the tolerance the notebook states
            _NUM_SPLIT + "scaler = StandardScaler().fit(X_train_num)\n"
            "X_train_scaled = scaler.transform(X_train_num).round(3)\n"
            "X_test_scaled = scaler.transform(X_test_num).round(3)",
            _NUM_SPLIT + "scaler = StandardScaler().fit(X_train_num)\n"
            "X_train_scaled = scaler.transform(X_train_num).astype(np.float16)\n"
            "X_test_scaled = scaler.transform(X_test_num).astype(np.float16)",
        ],
        "mistakes": [
            ("scaled = StandardScaler().fit_transform(adult_raw.drop_duplicates()[NUMERIC])\n"
             "X_train_scaled, X_test_scaled = train_test_split(scaled, test_size=0.25, random_state=0)",
             "the test rows leaked into the mean"),
            ("X_train_num, X_test_num = train_test_split(adult_raw.drop_duplicates()[NUMERIC], test_size=0.25,\n"
             "                                         random_state=0)\n"
             "X_train_scaled = StandardScaler().fit_transform(X_train_num)\n"
             "X_test_scaled = StandardScaler().fit_transform(X_test_num)",
             "fitted the scaler again on the test rows"),
            ("X_train_num, X_test_num = train_test_split(adult_raw[NUMERIC], test_size=0.25, random_state=0)\n"
             "scaler = StandardScaler().fit(X_train_num)\n"
             "X_train_scaled = scaler.transform(X_train_num)\n"
             "X_test_scaled = scaler.transform(X_test_num)",
             "duplicate rows still in"),
            ("from sklearn.preprocessing import MinMaxScaler\n" + _NUM_SPLIT
             + "scaler = MinMaxScaler().fit(X_train_num)\n"
             "X_train_scaled = scaler.transform(X_train_num)\n"
             "X_test_scaled = scaler.transform(X_test_num)",
             "MinMaxScaler"),
        ],
    },
    "q111_pipeline": {
        "alternatives": [
            "from sklearn.compose import make_column_transformer\n"
            "from sklearn.pipeline import Pipeline\n"
            + _PIPE_DATA
            + "pipe = Pipeline([\n"
              "    ('prepare', make_column_transformer(\n"
              "        (make_pipeline(SimpleImputer(strategy='median'), StandardScaler()), NUMERIC),\n"
              "        (make_pipeline(SimpleImputer(missing_values=' ?', strategy='constant', fill_value='missing'),\n"
              "                       OneHotEncoder(handle_unknown='ignore')), CATEGORICAL))),\n"
              "    ('model', LogisticRegression(max_iter=1000)),\n"
              "]).fit(X_train, y_train)",
            # the target as the raw text labels, and the columns chosen by dtype
            "from sklearn.compose import make_column_selector\n"
            "adult_unique = adult_raw.drop_duplicates()\n"
            "X_train, X_test, y_train, y_test = train_test_split(\n"
            "    adult_unique.drop(columns=['income', 'fnlwgt', 'education']), adult_unique['income'],\n"
            "    test_size=0.25, random_state=0)\n"
            "prepare = ColumnTransformer([\n"
            "    ('numbers', make_pipeline(SimpleImputer(strategy='median'), StandardScaler()),\n"
            "     make_column_selector(dtype_include='number')),\n"
            "    ('categories', OneHotEncoder(handle_unknown='ignore'),\n"
            "     make_column_selector(dtype_include='str')),\n"
            "])\n"
            "pipe = make_pipeline(prepare, LogisticRegression(max_iter=1000)).fit(X_train, y_train)",
        ],
        "mistakes": [
            (_pipe(_GOOD_NUMERIC, "OneHotEncoder()"), "never saw in training"),
            (_pipe("StandardScaler()", _GOOD_CATEGORIES), "missing number"),
            (_pipe(_GOOD_NUMERIC, _GOOD_CATEGORIES, fit=False), "not fitted"),
            (_STRIP_ALL + "adult = adult.replace('?', np.nan)\n"
             + _pipe(_GOOD_NUMERIC, _GOOD_CATEGORIES).replace(
                 _PIPE_DATA, "X = adult.drop(columns='income')\ny = adult['income'] == '>50K'\n"
                 "X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.25, random_state=0)\n"),
             "trained on stripped text"),
            (_PIPE_DATA
             + "pipe = make_pipeline(SimpleImputer(strategy='median'), StandardScaler(),\n"
               "                     LogisticRegression(max_iter=1000)).fit(X_train[NUMERIC], y_train)",
             "no ColumnTransformer"),
            (_pipe(_GOOD_NUMERIC, _GOOD_CATEGORIES, fit_on="X, y"), "fitted on all rows"),
            (_pipe(_GOOD_NUMERIC, _GOOD_CATEGORIES, fit_on="X_test, y_test"), "fitted on the test rows"),
            (_pipe(_GOOD_NUMERIC, _GOOD_CATEGORIES, data=_PIPE_DATA.replace(
                "adult_unique = adult_raw.drop_duplicates()", "adult_unique = adult_raw")),
             "duplicate rows kept"),
            (_pipe("SimpleImputer(strategy='median')", _GOOD_CATEGORIES), "no StandardScaler"),
            (_pipe(_GOOD_NUMERIC, _GOOD_CATEGORIES, data=_PIPE_DATA.replace("== '>50K'", "== '<=50K'")),
             "inverted"),
            # the label without its leading space matches no row: one class, nothing to learn
            (_pipe(_GOOD_NUMERIC, _GOOD_CATEGORIES, data=_PIPE_DATA.replace(
                "adult_unique['income'].str.strip() == '>50K'", "adult_unique['income'] == '>50K'")),
             "the target has one class"),
        ],
    },
    "q112_garbage_in": {
        "alternatives": [_GARBAGE_ALTERNATIVE, _GARBAGE_PANELS, _GARBAGE_DOTS],
        "mistakes": [
            (_garbage(label_score="clean_model.score(birds_test, species_test)"),
             "never learned from the noisy labels"),
            (_garbage(label_score="noisy_model.score(birds_train, species_noisy)"), "falls very fast"),
            (_garbage(missing_rows="birds_test"), "hardly falls as more values go missing"),
            # scikit-learn's fit works in place: the "noisy" model is clean_model, refitted
            (_garbage().replace("noisy_model = new_model().fit(", "noisy_model = clean_model.fit("),
             "changes a model in place"),
            # pandas 3: a chained assignment writes into a temporary copy and X_units stays as it was
            (_garbage(to_kg='X_units["Body Mass (g)"][in_kg] = X_units["Body Mass (g)"][in_kg] / 1000'),
             "chained assignment"),
            (_garbage(to_kg='X_units.loc[in_kg, "Body Mass (g)"] = X_units.loc[in_kg, "Body Mass (g)"] * 1000'),
             "multiply the masses"),
        ],
    },
}
