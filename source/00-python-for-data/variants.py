"""Graded variants of each exercise in module 00, used by the tests and by `curriculum demo`.

For every exercise: `alternatives` are other correct answers that must score full points;
`mistakes` are (code, words the feedback must contain) pairs that must score zero with that message.
Instructor-side only (solutions inside): never released.
"""

VARIANTS = {
    "q01_predict_mean": {
        "alternatives": ["predicted_mean = (4 + 10) / 2", "predicted_mean = 7"],
        "mistakes": [("predicted_mean = (4 + 0 + 10) / 3", "treats the missing value as 0"),
                     # rounded to one decimal, as the exercise allows: still the same mistake
                     ("predicted_mean = 4.7", "treats the missing value as 0")],
    },
    "q02_shape": {
        "alternatives": ["n_rows = len(penguins)\nn_columns = len(penguins.columns)",
                         "n_rows, n_columns = (int(n) for n in penguins.shape)"],
        "mistakes": [("n_columns, n_rows = penguins.shape", "did you swap them?"),
                     ("n_rows = len(penguins.dropna())\nn_columns = penguins.shape[1]",
                      "`n_rows` is not the number of rows"),
                     # the numbers printed above, typed by hand (the audit's case): grading reruns the cell
                     ("n_rows = 344\nn_columns = 8", "typed by hand"),
                     ("n_rows = len(penguins)\nn_columns = 8", "`n_columns` stayed the same")],
    },
    "q03_missing": {
        "alternatives": ["missing_per_column = len(penguins) - penguins.count()"],
        "mistakes": [
            ("missing_per_column = penguins.count()", "*present*"),
            ("missing_per_column = penguins.isna().sum().sum()", "should be a pandas Series"),
            ("missing_per_column = penguins.isna().sum() + 0.5", "wrong counts"),
            ("missing_per_column = penguins.isna().mean()", "holds shares"),
            # counted per row, not per column: the index is the row numbers
            ("missing_per_column = penguins.isna().sum(axis=1)", "count along each row"),
        ],
    },
    "q04_filter": {
        "alternatives": [
            "heavy_gentoo = penguins.query(\"species == 'Gentoo' and body_mass_g > 4500\")",
            # a fresh index is harmless: the rows are the same
            "heavy_gentoo = penguins[penguins.species.eq('Gentoo') & penguins.body_mass_g.gt(4500)].reset_index()",
        ],
        "mistakes": [
            ("heavy_gentoo = pd.DataFrame({c: ['Gentoo'] * 106 for c in penguins.columns})", 'should hold numbers'),
            ("heavy_gentoo = penguins[(penguins['species'] == 'Gentoo') | (penguins['body_mass_g'] > 4500)]",
             "Use & (and)"),
            ("heavy_gentoo = penguins[(penguins['species'] == 'Gentoo') & (penguins['body_mass_g'] >= 4500)]",
             "`> 4500`"),
            ("heavy_gentoo = penguins[['species', 'body_mass_g']]", "[WRONG SHAPE]"),
            # one condition forgotten: every heavy penguin, whatever its species
            ("heavy_gentoo = penguins[penguins['body_mass_g'] > 4500]", "the species condition is missing"),
            ("heavy_gentoo = penguins[penguins['species'] == 'Gentoo']", "the mass condition is missing"),
        ],
    },
    "q05_group": {
        "alternatives": [
            "mean_mass_by_species = penguins.pivot_table(index='species', values='body_mass_g', aggfunc='mean')['body_mass_g']",
            # rounded answers are right too: the exercise accepts means within 1 g
            "mean_mass_by_species = penguins.groupby('species')['body_mass_g'].mean().round(1)",
            "mean_mass_by_species = penguins.groupby('species')['body_mass_g'].mean().round()",
        ],
        "mistakes": [
            ("mean_mass_by_species = penguins.groupby('species')['body_mass_g'].median()", "medians"),
            ("mean_mass_by_species = penguins.groupby('species')['body_mass_g'].count()", "counts"),
            ("mean_mass_by_species = penguins.groupby('species')['body_mass_g'].mean() / 1000", "kilograms"),
            # rounded to tens: 4 g off for Gentoo, more than the 1 g the exercise allows
            ("mean_mass_by_species = penguins.groupby('species')['body_mass_g'].mean().round(-1)",
             "over all the penguins"),
        ],
    },
    "q06_read_script": {
        "alternatives": ["script_reading = ' B '", "script_reading = 'b.'"],
        "mistakes": [("script_reading = 'a'", "never counts penguins"),
                     ("script_reading = 'c'", "returns a label")],
    },
    "q07_fix_bug": {
        "alternatives": [
            "def mean_mass_kg(df, species):\n"
            "    return df.loc[df.species == species, 'body_mass_g'].div(1000).mean()",
            # rounded to 0.01 kg: the exercise accepts results within 0.01 kg
            "def mean_mass_kg(df, species):\n"
            "    return round(df.loc[df.species == species, 'body_mass_g'].mean() / 1000, 2)",
            "def mean_mass_kg(df, species):\n"
            "    return float(np.nanmean(df[df['species'] == species]['body_mass_g'].to_numpy())) / 1000",
        ],
        "mistakes": [
            # changes the table it is given: right the first time, wrong the second (issue 17's audit)
            ("def mean_mass_kg(df, species):\n"
             "    df['body_mass_g'] = df['body_mass_g'] / 1000\n"
             "    return df[df['species'] == species]['body_mass_g'].mean()", "changed the table it was given"),
            ("def mean_mass_kg(df, species):\n"
             "    rows = df[df['species'] == species]\n"
             "    return rows['body_mass_g'].mean() * 1000", "divide"),
            ("def mean_mass_kg(df, species):\n"
             "    rows = df[df['species'] == species]\n"
             "    return rows['body_mass_g'].mean() / 100", "10 times too large"),
            ("def mean_mass_kg(df, species):\n"
             "    rows = penguins[penguins['species'] == species]\n"
             "    return rows['body_mass_g'].mean() / 1000", "only the `df` it is given"),
            ("def mean_mass_kg(df, species):\n"
             "    return df[df['species'] == species]['body_mass_g'].values.mean() / 1000", "plain NumPy mean"),
            ("def mean_mass_kg(df, species):\n"
             "    return df[df['species'] == species]['body_mass_g'].mean()", "returns grams"),
            ("def mean_mass_kg(df, species):\n"
             "    return round(df[df['species'] == species]['body_mass_g'].mean() / 1000, 1)",
             "round to 2 decimals at most"),
        ],
    },
    "q08_change_line": {
        "alternatives": [
            "deepest_bill_island = penguins.groupby('island')['bill_depth_mm'].mean().sort_values().index[-1]",
            "deepest_bill_island = str(penguins.pivot_table(index='island', values='bill_depth_mm').squeeze().idxmax())",
        ],
        "mistakes": [
            ("deepest_bill_island = penguins.groupby('species')['bill_depth_mm'].mean().idxmax()",
             "group by `island`"),
            ("deepest_bill_island = penguins.groupby('island')['bill_depth_mm'].mean().idxmin()",
             "*shallowest*"),
            # only the grouping changed: the column is still body mass
            ("deepest_bill_island = penguins.groupby('island')['body_mass_g'].mean().idxmax()",
             "heaviest penguins"),
        ],
    },
    "q09_scatter": {
        "alternatives": [
            "ax = penguins.plot.scatter(x='flipper_length_mm', y='body_mass_g', title='Bigger flippers, heavier birds')\n"
            "ax.set_xlabel('Flipper length [mm]')\nax.set_ylabel('Body mass [g]')\nfig = ax.get_figure()",
            # a figure title instead of an axes title; weight in spelled-out grams
            "fig, ax = plt.subplots()\nax.scatter(penguins.flipper_length_mm, penguins.body_mass_g)\n"
            "fig.suptitle('Longer flippers, heavier penguins')\nax.set_xlabel('Flipper length (millimetres)')\n"
            "ax.set_ylabel('Weight (grams)')",
            # dots drawn with plot(), coloured by bill length with a colour bar beside them
            "fig, ax = plt.subplots()\nax.plot(penguins.flipper_length_mm, penguins.body_mass_g, 'o')\n"
            "ax.set_title('Flippers and mass')\nax.set_xlabel('Flipper length (mm)')\nax.set_ylabel('Body mass (g)')",
            "fig, ax = plt.subplots()\n"
            "dots = ax.scatter(penguins.flipper_length_mm, penguins.body_mass_g, c=penguins.bill_length_mm)\n"
            "fig.colorbar(dots, ax=ax, label='Bill length (mm)')\n"
            "ax.set_title('Flippers and mass')\nax.set_xlabel('Flipper length (mm)')\nax.set_ylabel('body_mass_g')",
        ],
        "mistakes": [
            ("fig, ax = plt.subplots()\nax.scatter(penguins['flipper_length_mm'], penguins['body_mass_g'])",
             "no title"),
            ("fig, ax = plt.subplots()\nax.scatter(penguins['body_mass_g'], penguins['flipper_length_mm'])\n"
             "ax.set_title('Mass and flippers')\nax.set_xlabel('Body mass (g)')\nax.set_ylabel('Flipper length (mm)')",
             "swapped"),
            # the data swapped but the labels right: only the plotted ranges give it away
            ("fig, ax = plt.subplots()\nax.scatter(penguins['body_mass_g'], penguins['flipper_length_mm'])\n"
             "ax.set_title('Mass and flippers')\nax.set_xlabel('Flipper length (mm)')\nax.set_ylabel('Body mass (g)')",
             "takes the x values first"),
            # 400 made-up points with the right labels
            ("rng = np.random.default_rng(0)\nfig, ax = plt.subplots()\nax.scatter(rng.uniform(0, 1, 400), rng.uniform(0, 1, 400))\n"
             "ax.set_title('Mass and flippers')\nax.set_xlabel('Flipper length (mm)')\nax.set_ylabel('Body mass (g)')",
             "do not span"),
            # each column sorted on its own: the dots no longer belong to one penguin each
            ("fig, ax = plt.subplots()\n"
             "ax.scatter(penguins.flipper_length_mm.sort_values(), penguins.body_mass_g.sort_values())\n"
             "ax.set_title('Mass and flippers')\nax.set_xlabel('Flipper length (mm)')\nax.set_ylabel('Body mass (g)')",
             "do not pair"),
            ("fig, ax = plt.subplots()\nax.scatter(penguins.flipper_length_mm, penguins.body_mass_g)\n"
             "ax.set_title('Mass and flippers')\nax.set_xlabel('Flipper length (mm)')\nax.set_ylabel('Body mass (kg)')",
             "says kilograms"),
        ],
    },
}
