"""Graded variants of each exercise in module 02, used by the tests and by `curriculum demo`.

For every exercise: `alternatives` are other correct answers that must score full points;
`mistakes` are (code, words the feedback must contain) pairs that must score zero with that message.
Each runs after the setup cell only, so it must not rely on another exercise's answer.
Instructor-side only (solutions inside): never released.
"""

_SGD_LOOP = (
    "losses = []\n"
    "for epoch in range(20):\n"
    "    sgd.partial_fit(X_std, bike_y_train)\n"
    "    losses.append(mean_squared_error(bike_y_train, sgd.predict(X_std)))\n"
)
_LOSS_FIGURE = (
    "fig_loss, ax = plt.subplots()\n"
    "ax.plot(range(1, 21), losses, marker='o')\n"
    "ax.set_title('The loss falls, then levels off')\n"
    "ax.set_xlabel('Epoch')\n"
    "ax.set_ylabel('MSE (bikers^2)')\n"
)
_CURVE = (
    "depths = list(range(1, 16))\n"
    "tr, va = validation_curve(DecisionTreeRegressor(random_state=0), bike_X_train, bike_y_train,\n"
    "                          param_name='max_depth', param_range=depths, cv=5,\n"
    "                          scoring='neg_mean_absolute_error')\n"
)

VARIANTS = {
    "q201_baseline_accuracy": {
        "alternatives": [
            "b = DummyClassifier(strategy='most_frequent').fit(penguin_X_train, penguin_y_train)\nbaseline_accuracy = round(b.score(penguin_X_test, penguin_y_test), 3)",
            "most_common = penguin_y_train.value_counts().idxmax()\n"
            "baseline_accuracy = (penguin_y_test == most_common).mean()",
            "guess = DummyClassifier(strategy='most_frequent').fit(penguin_X_train, penguin_y_train)\n"
            "baseline_accuracy = accuracy_score(penguin_y_test, guess.predict(penguin_X_test))",
        ],
        "mistakes": [
            ("b = DummyClassifier(strategy='most_frequent').fit(penguin_X_train, penguin_y_train)\nbaseline_accuracy = int((b.predict(penguin_X_test) == penguin_y_test).sum())", 'count of right guesses'),
            ("baseline = DummyClassifier(strategy='most_frequent').fit(penguin_X_train, penguin_y_train)\n"
             "baseline_accuracy = baseline.score(penguin_X_train, penguin_y_train)",
             "you scored the model on the data it was trained on"),
            ("baseline_accuracy = 0", "the accuracy of the baseline is not 0"),
            ("baseline = DummyClassifier(strategy='most_frequent').fit(penguin_X_train, penguin_y_train)\n"
             "baseline_accuracy = 100 * baseline.score(penguin_X_test, penguin_y_test)",
             "looks like a percentage"),
            ("baseline = DummyClassifier(strategy='uniform', random_state=0).fit(penguin_X_train, penguin_y_train)\n"
             "baseline_accuracy = baseline.score(penguin_X_test, penguin_y_test)",
             "did you guess at random"),
        ],
    },
    "q202_penguin_tree": {
        "alternatives": [
            'depth_options = np.arange(1, 5)\ntree = DecisionTreeClassifier(max_depth=depth_options[1], random_state=0).fit(penguin_X_train, penguin_y_train)',
            "tree = make_pipeline(StandardScaler(), DecisionTreeClassifier(max_depth=2, random_state=0))\n"
            "tree.fit(penguin_X_train, penguin_y_train)",
            "tree = DecisionTreeClassifier(max_depth=2, criterion='entropy', random_state=0)"
            ".fit(penguin_X_train.to_numpy(), penguin_y_train)",
        ],
        "mistakes": [
            ("tree = DecisionTreeClassifier(max_depth=2, random_state=0)", "not fitted yet"),
            ("tree = DecisionTreeClassifier(max_depth=2, random_state=0).fit(\n"
             "    pd.concat([penguin_X_train, penguin_X_test]), pd.concat([penguin_y_train, penguin_y_test]))",
             "the test rows leaked into training"),
            ("tree = DecisionTreeClassifier(random_state=0).fit(penguin_X_train, penguin_y_train)",
             "no depth limit"),
            ("tree = DecisionTreeClassifier(max_depth=2, random_state=0).fit(penguin_X_test, penguin_y_test)",
             "trained on the test rows"),
            ("from sklearn.linear_model import LogisticRegression\n"
             "tree = LogisticRegression(max_iter=1000).fit(penguin_X_train, penguin_y_train)",
             "should be a decision tree"),
        ],
    },
    "q203_read_rules": {
        "alternatives": [
            "new = pd.DataFrame([[41.0, 18.0, 210.0, 4300.0]], columns=PENGUIN_FEATURES)\n"
            "rule_species = DecisionTreeClassifier(max_depth=2, random_state=0)"
            ".fit(penguin_X_train, penguin_y_train).predict(new)[0]",
            "rule_species = ' Chinstrap '",
        ],
        "mistakes": [
            ("rule_species = 'Adelie'", "first question sends it down the `>` branch"),
            ("rule_species = 'Gentoo'", "is a bill 18.0 mm deep smaller than or equal to 17.65 mm?"),
            ("rule_species = 'chinstrap penguin'", "spelled as in the data"),
        ],
    },
    "q204_linear_mae": {
        "alternatives": [
            'd = DummyRegressor().fit(bike_X_train, bike_y_train)\nl = LinearRegression().fit(bike_X_train, bike_y_train)\nbaseline_mae = round(mean_absolute_error(bike_y_test, d.predict(bike_X_test)), 1)\nlinear_mae = round(mean_absolute_error(bike_y_test, l.predict(bike_X_test)), 1)',
            "baseline_mae = (bike_y_test - bike_y_train.mean()).abs().mean()\n"
            "fitted = LinearRegression().fit(bike_X_train, bike_y_train)\n"
            "linear_mae = np.mean(np.abs(bike_y_test - fitted.predict(bike_X_test)))",
            "pipe = make_pipeline(StandardScaler(), LinearRegression()).fit(bike_X_train, bike_y_train)\n"
            "linear_mae = mean_absolute_error(bike_y_test, pipe.predict(bike_X_test))\n"
            "baseline_mae = mean_absolute_error(bike_y_test, DummyRegressor(strategy='mean')"
            ".fit(bike_X_train, bike_y_train).predict(bike_X_test))",
        ],
        "mistakes": [
            ('d = DummyRegressor().fit(bike_X_train, bike_y_train)\nl = LinearRegression().fit(bike_X_train, bike_y_train)\nbaseline_mae = d.score(bike_X_test, bike_y_test)\nlinear_mae = l.score(bike_X_test, bike_y_test)', 'R² score'),
            ("dummy = DummyRegressor().fit(bike_X_train, bike_y_train)\n"
             "linear = LinearRegression().fit(bike_X_train, bike_y_train)\n"
             "baseline_mae = mean_absolute_error(bike_y_train, dummy.predict(bike_X_train))\n"
             "linear_mae = mean_absolute_error(bike_y_train, linear.predict(bike_X_train))",
             "you scored the model on the data it was trained on"),
            ("dummy = DummyRegressor().fit(bike_X_train, bike_y_train)\n"
             "linear = LinearRegression().fit(bike_X_train, bike_y_train)\n"
             "baseline_mae = mean_squared_error(bike_y_test, dummy.predict(bike_X_test))\n"
             "linear_mae = mean_squared_error(bike_y_test, linear.predict(bike_X_test))",
             "mean *squared* error"),
            ("dummy = DummyRegressor().fit(bike_X_test, bike_y_test)\n"
             "linear = LinearRegression().fit(bike_X_train, bike_y_train)\n"
             "baseline_mae = mean_absolute_error(bike_y_test, dummy.predict(bike_X_test))\n"
             "linear_mae = mean_absolute_error(bike_y_test, linear.predict(bike_X_test))",
             "uses the mean of the *test* rows"),
        ],
    },
    "q205_std_coefs": {
        "alternatives": [
            "pipe = make_pipeline(StandardScaler(), LinearRegression()).fit(bike_X_train, bike_y_train)\n"
            "std_coefs = pd.Series(pipe[-1].coef_, index=BIKE_FEATURES)",
            "raw = LinearRegression().fit(bike_X_train, bike_y_train)\n"
            "std_coefs = pd.Series(raw.coef_, index=BIKE_FEATURES) * bike_X_train.std()",
        ],
        "mistakes": [
            ("sc = StandardScaler().fit(bike_X_train)\nm = LinearRegression().fit(sc.transform(bike_X_train), bike_y_train)\nstd_coefs = pd.Series(list(m.coef_) + [m.intercept_], index=BIKE_FEATURES + ['intercept'])", '[WRONG SHAPE]'),
            ("std_coefs = pd.Series(LinearRegression().fit(bike_X_train, bike_y_train).coef_, index=BIKE_FEATURES)",
             "you read the raw coefficients without standardising"),
            ("pipe = make_pipeline(StandardScaler(), LinearRegression()).fit(bike_X_train, bike_y_train)\n"
             "std_coefs = pd.Series(pipe[-1].coef_, index=BIKE_FEATURES).abs()",
             "Keep the sign"),
        ],
    },
    "q206_pulls_down_most": {
        "alternatives": [
            "pipe = make_pipeline(StandardScaler(), LinearRegression()).fit(bike_X_train, bike_y_train)\n"
            "pulls_down_most = pd.Series(pipe[-1].coef_, index=BIKE_FEATURES).idxmin()",
        ],
        "mistakes": [
            ("raw = LinearRegression().fit(bike_X_train, bike_y_train)\n"
             "pulls_down_most = pd.Series(raw.coef_, index=BIKE_FEATURES).idxmin()",
             "you read the raw coefficient without standardising"),
            ("pipe = make_pipeline(StandardScaler(), LinearRegression()).fit(bike_X_train, bike_y_train)\n"
             "pulls_down_most = pd.Series(pipe[-1].coef_, index=BIKE_FEATURES).abs().idxmax()",
             "its sign is positive"),
            ("pulls_down_most = 'humidity'", "spelled as in `BIKE_FEATURES`"),
        ],
    },
    "q207_hour_categories": {
        "alternatives": [
            "enc = make_column_transformer((OneHotEncoder(handle_unknown='ignore'), ['hr']), remainder='passthrough')\nm = make_pipeline(enc, LinearRegression()).fit(bike_X_train, bike_y_train)\nhour_mae = round(mean_absolute_error(bike_y_test, m.predict(bike_X_test)), 1)",
            "train_d = pd.get_dummies(bike_X_train, columns=['hr'])\n"
            "test_d = pd.get_dummies(bike_X_test, columns=['hr']).reindex(columns=train_d.columns, fill_value=0)\n"
            "hour_mae = mean_absolute_error(bike_y_test, LinearRegression().fit(train_d, bike_y_train).predict(test_d))",
            "from sklearn.compose import ColumnTransformer\n"
            "others = [f for f in BIKE_FEATURES if f != 'hr']\n"
            "ct = ColumnTransformer([('hour', OneHotEncoder(drop='first'), ['hr']), ('rest', 'passthrough', others)])\n"
            "m = make_pipeline(ct, LinearRegression()).fit(bike_X_train, bike_y_train)\n"
            "hour_mae = mean_absolute_error(bike_y_test, m.predict(bike_X_test))",
        ],
        "mistakes": [
            # every feature one-hot encoded, not only the hour
            ("m = make_pipeline(OneHotEncoder(handle_unknown='ignore'), LinearRegression())"
             ".fit(bike_X_train, bike_y_train)\n"
             "hour_mae = mean_absolute_error(bike_y_test, m.predict(bike_X_test))", "keep the five other features as numbers"),
            ("m = LinearRegression().fit(bike_X_train, bike_y_train)\n"
             "hour_mae = mean_absolute_error(bike_y_test, m.predict(bike_X_test))",
             "with `hr` still a plain number"),
            ("enc = make_column_transformer((OneHotEncoder(), ['hr']), remainder='passthrough')\n"
             "m = make_pipeline(enc, LinearRegression()).fit(bike_X_train, bike_y_train)\n"
             "hour_mae = mean_absolute_error(bike_y_train, m.predict(bike_X_train))",
             "you scored the model on the data it was trained on"),
            ("enc = make_column_transformer((OneHotEncoder(), ['hr']))\n"
             "m = make_pipeline(enc, LinearRegression()).fit(bike_X_train, bike_y_train)\n"
             "hour_mae = mean_absolute_error(bike_y_test, m.predict(bike_X_test))",
             "`remainder='passthrough'`"),
        ],
    },
    "q208_loss_curve": {
        "alternatives": [
            "X_std = StandardScaler().fit_transform(bike_X_train)\nsgd = SGDRegressor(eta0=0.001, random_state=0)\nlosses = []\nfor epoch in range(20):\n    sgd.partial_fit(X_std, bike_y_train)\n    losses.append(mean_squared_error(bike_y_train, sgd.predict(X_std)))\nfig_loss, ax = plt.subplots()\nax.scatter(range(1, 21), losses)\nfig_loss.suptitle('The loss goes down')\nax.set_xlabel('Epoch')\nax.set_ylabel('MSE (bikers²)')",
            "X_std = ((bike_X_train - bike_X_train.mean()) / bike_X_train.std()).to_numpy()\n"
            "sgd = SGDRegressor(eta0=0.001, random_state=0)\n" + _SGD_LOOP
            + "ax = pd.Series(losses, index=range(1, 21)).plot(style='o-', title='Learning: the loss goes down')\n"
              "ax.set_xlabel('epoch number')\nax.set_ylabel('Training MSE [bikers²]')\nfig_loss = ax.figure",
            "X_std = StandardScaler().fit_transform(bike_X_train)\n"
            "sgd = SGDRegressor(eta0=0.001, random_state=0, max_iter=1, tol=None, warm_start=True)\n"
            "losses = []\n"
            "for epoch in range(20):\n"
            "    sgd.fit(X_std, bike_y_train)\n"
            "    losses.append(np.mean((bike_y_train - sgd.predict(X_std)) ** 2))\n" + _LOSS_FIGURE,
        ],
        "mistakes": [
            ("X_std = StandardScaler().fit_transform(bike_X_train)\nlosses = []\nfor epoch in range(20):\n    sgd = SGDRegressor(eta0=0.001, random_state=0)\n    sgd.partial_fit(X_std, bike_y_train)\n    losses.append(mean_squared_error(bike_y_train, sgd.predict(X_std)))\nfig_loss, ax = plt.subplots()\nax.plot(range(1, 21), losses)\nax.set_title('Loss')\nax.set_xlabel('Epoch')\nax.set_ylabel('MSE (bikers^2)')", 'Create the `SGDRegressor` once'),
            ("sc = StandardScaler().fit(bike_X_train)\nX_std = sc.transform(bike_X_train)\nsgd = SGDRegressor(eta0=0.001, random_state=0)\nlosses = []\nfor epoch in range(20):\n    sgd.partial_fit(X_std, bike_y_train)\n    losses.append(mean_squared_error(bike_y_train, sgd.predict(bike_X_train.to_numpy())))\nfig_loss, ax = plt.subplots()\nax.plot(range(1, 21), losses)\nax.set_title('Loss')\nax.set_xlabel('Epoch')\nax.set_ylabel('MSE (bikers^2)')", 'scored on other rows than it learns from'),
            ("X_std = StandardScaler().fit_transform(bike_X_train)\nsgd = SGDRegressor(eta0=0.001, random_state=0)\nlosses = []\nfor epoch in range(20):\n    sgd.partial_fit(X_std, bike_y_train)\n    losses.append(mean_squared_error(bike_y_train, sgd.predict(X_std)))\nlosses = np.array(losses).reshape(-1, 1)\nfig_loss, ax = plt.subplots()\nax.plot(range(1, 21), losses)\nax.set_title('Loss')\nax.set_xlabel('Epoch')\nax.set_ylabel('MSE (bikers^2)')", '[WRONG SHAPE]'),
            ("X_std = StandardScaler().fit_transform(bike_X_train)\n"
             "sgd = SGDRegressor(eta0=0.001, random_state=0)\n"
             "losses = []\n"
             "for epoch in range(20):\n"
             "    sgd.fit(X_std, bike_y_train)\n"
             "    losses.append(mean_squared_error(bike_y_train, sgd.predict(X_std)))\n" + _LOSS_FIGURE,
             "starts from scratch each time"),
            ("X_std = bike_X_train.to_numpy()\n"
             "sgd = SGDRegressor(eta0=0.001, random_state=0)\n" + _SGD_LOOP + _LOSS_FIGURE,
             "did you forget to standardise?"),
            ("X_std = bike_X_train.to_numpy()\n"
             "sgd = SGDRegressor(random_state=0)\n" + _SGD_LOOP + _LOSS_FIGURE,
             "explodes to huge values"),
            ("scaler = StandardScaler().fit(bike_X_train)\n"
             "X_std = scaler.transform(bike_X_train)\n"
             "sgd = SGDRegressor(eta0=0.001, random_state=0)\n"
             "losses = []\n"
             "for epoch in range(20):\n"
             "    sgd.partial_fit(X_std, bike_y_train)\n"
             "    losses.append(mean_squared_error(bike_y_test, sgd.predict(scaler.transform(bike_X_test))))\n"
             + _LOSS_FIGURE,
             "loss on the test rows"),
            ("X_std = StandardScaler().fit_transform(bike_X_train)\n"
             "sgd = SGDRegressor(eta0=0.001, random_state=0)\n" + _SGD_LOOP
             + "fig_loss, ax = plt.subplots()\nax.plot(losses)",
             "`fig_loss` has no title"),
            ("X_std = StandardScaler().fit_transform(bike_X_train)\n"
             "sgd = SGDRegressor(eta0=0.001, random_state=0)\n"
             "losses = []\n"
             "for epoch in range(20):\n"
             "    sgd.partial_fit(X_std, bike_y_train)\n"
             "    losses.append(sgd.score(X_std, bike_y_train))\n" + _LOSS_FIGURE,
             "a score from `sgd.score()`"),
            ("X_std = StandardScaler().fit_transform(bike_X_train)\n"
             "sgd = SGDRegressor(eta0=0.001, random_state=0)\n" + _SGD_LOOP
             + "plt.plot(range(1, 21), losses)\n"
               "plt.title('The loss falls, then levels off')\n"
               "plt.xlabel('Epoch')\n"
               "plt.ylabel('MSE (bikers^2)')\n"
               "plt.show()\n"
               "plt.close()  # what plt.show() does in Jupyter; here the tests draw off screen\n"
               "fig_loss = plt.gcf()",
             "`plt.show()` closed that figure"),
        ],
    },
    "q209_validation_curve": {
        "alternatives": [
            _CURVE + "train_mae = -tr.mean(axis=1)\nvalid_mae = -va.mean(axis=1)\n"
            "best_depth = depths[int(np.argmin(valid_mae))]",
            "from sklearn.model_selection import cross_validate\n"
            "train_mae, valid_mae = [], []\n"
            "for d in range(1, 16):\n"
            "    r = cross_validate(DecisionTreeRegressor(max_depth=d, random_state=0), bike_X_train, bike_y_train,\n"
            "                       cv=5, scoring='neg_mean_absolute_error', return_train_score=True)\n"
            "    train_mae.append(-r['train_score'].mean())\n"
            "    valid_mae.append(-r['test_score'].mean())\n"
            "best_depth = int(np.argmin(valid_mae)) + 1",
        ],
        "mistakes": [
            ("tr, va = validation_curve(DecisionTreeRegressor(random_state=0), bike_X_train, bike_y_train,\n                          param_name='max_depth', param_range=range(1, 16), cv=5)\ntrain_mae, valid_mae = -tr.mean(axis=1), -va.mean(axis=1)\nbest_depth = int(np.argmin(valid_mae)) + 1", 'R² scores'),
            ("tr, va = validation_curve(DecisionTreeRegressor(random_state=0), bike_X_train, bike_y_train,\n                          param_name='max_depth', param_range=range(1, 16), cv=5, scoring='neg_mean_absolute_error')\ntrain_mae, valid_mae = (-tr.mean(axis=1)).astype(str), (-va.mean(axis=1)).astype(str)\nbest_depth = 11", 'holds text'),
            (_CURVE + "train_mae = tr.mean(axis=1)\nvalid_mae = va.mean(axis=1)\n"
             "best_depth = depths[int(np.argmax(valid_mae))]",
             "Flip the sign"),
            (_CURVE + "train_mae = -tr.mean(axis=1)\nvalid_mae = -va.mean(axis=1)\n"
             "best_depth = depths[int(np.argmin(train_mae))]",
             "the depth with the lowest *training* error"),
            (_CURVE + "train_mae = -tr.mean(axis=1)\nvalid_mae = -va.mean(axis=1)\n"
             "best_depth = int(np.argmin(valid_mae))",
             "positions start at 0"),
            (_CURVE + "train_mae = -tr\nvalid_mae = -va\nbest_depth = 11",
             "average the 5 folds"),
            ("from sklearn.model_selection import train_test_split\n"
             "fit_X, val_X, fit_y, val_y = train_test_split(bike_X_train, bike_y_train, test_size=0.2, random_state=0)\n"
             "train_mae, valid_mae = [], []\n"
             "for d in range(1, 16):\n"
             "    m = DecisionTreeRegressor(max_depth=d, random_state=0).fit(fit_X, fit_y)\n"
             "    train_mae.append(mean_absolute_error(fit_y, m.predict(fit_X)))\n"
             "    valid_mae.append(mean_absolute_error(val_y, m.predict(val_X)))\n"
             "best_depth = int(np.argmin(valid_mae)) + 1",
             "does not match 5-fold cross-validation"),
        ],
    },
    "q210_diagnose_fit": {
        "alternatives": [
            "fit_diagnosis = 'b.'","fit_diagnosis = '(B)'"],
        "mistakes": [
            ("fit_diagnosis = 'a'", "high error on *both*"),
            ("fit_diagnosis = 'c'", "rows it has not seen"),
            ("fit_diagnosis = 'd'", "does not mean doing better on new rows"),
        ],
    },
}
