"""Graded variants of each exercise in module 00, used by the tests and by `curriculum demo`.

For every exercise: `alternatives` are other correct answers that must score full points;
`mistakes` are (code, words the feedback must contain) pairs that must score zero with that message.
Instructor-side only (solutions inside): never released.
"""

VARIANTS = {
    "q01_predict_mean": {
        "alternatives": ["predicted_mean = (4 + 10) / 2"],
        "mistakes": [("predicted_mean = (4 + 0 + 10) / 3", "treats the missing value as 0")],
    },
    "q02_shape": {
        "alternatives": ["n_rows = len(penguins)\nn_columns = len(penguins.columns)"],
        "mistakes": [("n_columns, n_rows = penguins.shape", "did you swap them?")],
    },
    "q03_missing": {
        "alternatives": ["missing_per_column = len(penguins) - penguins.count()"],
        "mistakes": [
            ("missing_per_column = penguins.count()", "*present*"),
            ("missing_per_column = penguins.isna().sum().sum()", "should be a pandas Series"),
            ("missing_per_column = penguins.isna().sum() + 0.5", "wrong counts"),
        ],
    },
    "q04_filter": {
        "alternatives": ["heavy_gentoo = penguins.query(\"species == 'Gentoo' and body_mass_g > 5000\")"],
        "mistakes": [
            ("heavy_gentoo = penguins[(penguins['species'] == 'Gentoo') | (penguins['body_mass_g'] > 5000)]",
             "use & (and)"),
            ("heavy_gentoo = penguins[(penguins['species'] == 'Gentoo') & (penguins['body_mass_g'] >= 5000)]",
             "`> 5000`"),
            ("heavy_gentoo = penguins[['species', 'body_mass_g']]", "[WRONG SHAPE]"),
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
        ],
    },
    "q06_read_script": {
        "alternatives": ["script_reading = ' B '"],
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
        ],
        "mistakes": [
            ("def mean_mass_kg(df, species):\n"
             "    rows = df[df['species'] == species]\n"
             "    return rows['body_mass_g'].mean() * 1000", "divide"),
            ("def mean_mass_kg(df, species):\n"
             "    rows = df[df['species'] == species]\n"
             "    return rows['body_mass_g'].mean() / 100", "10 times too large"),
            ("def mean_mass_kg(df, species):\n"
             "    rows = penguins[penguins['species'] == species]\n"
             "    return rows['body_mass_g'].mean() / 1000", "only the `df` it is given"),
        ],
    },
    "q08_change_line": {
        "alternatives": [
            "longest_flipper_island = penguins.groupby('island')['flipper_length_mm'].mean().sort_values().index[-1]"
        ],
        "mistakes": [
            ("longest_flipper_island = penguins.groupby('species')['flipper_length_mm'].mean().idxmax()",
             "group by `island`"),
            ("longest_flipper_island = penguins.groupby('island')['flipper_length_mm'].mean().idxmin()",
             "*shortest*"),
        ],
    },
    "q09_scatter": {
        "alternatives": [
            "ax = penguins.plot.scatter(x='flipper_length_mm', y='body_mass_g', title='Bigger flippers, heavier birds')\n"
            "ax.set_xlabel('Flipper length [mm]')\nax.set_ylabel('Body mass [g]')\nfig = ax.get_figure()"
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
        ],
    },
}
