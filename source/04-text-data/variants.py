"""Graded variants of each exercise in module 04, used by the tests and by `curriculum demo`.

For every exercise: `alternatives` are other correct answers that must score full points;
`mistakes` are (code, words the feedback must contain) pairs that must score zero with that message;
`mistakes_alone` likewise, for a mistake that changes what later exercises read (a shared table).
Each runs after the setup cell only, so it must not rely on another exercise's answer.
The reference solution is the notebook's own solution cell. Instructor-side only: never released.
"""

_WORD = "make_pipeline(TfidfVectorizer(), LogisticRegression(C=10, solver='liblinear'))"
_FIT = f"m = {_WORD}.fit(train_texts, train_labels)\n"
_PRED = _FIT + "p = m.predict(test_texts)\n"
_RAW_SPLIT = ("rtr, rte, rtry, rtey = train_test_split(sms['text'], sms['label'], test_size=0.25, "
              "stratify=sms['label'], random_state=0)\n")
_CLEAN_F1 = f"clean = f1_score(test_labels, {_WORD}.fit(train_texts, train_labels).predict(test_texts), pos_label='spam')\n"
_RAW_F1 = f"raw = f1_score(rtey, {_WORD}.fit(rtr, rtry).predict(rte), pos_label='spam')\n"
_PROBA = _FIT + "proba = pd.Series(m.predict_proba(test_texts)[:, 1], index=test_texts.index)\n"
_CHAR = "make_pipeline(TfidfVectorizer(analyzer='char_wb', ngram_range=(2, 4)), LogisticRegression(C=10, solver='liblinear'))"

VARIANTS = {
    "q401_clean_messages": {
        "alternatives": [
            "messages = sms.copy()\n"
            "messages['text'] = [' '.join(html.unescape(t).split()) for t in messages['text']]\n"
            "messages = messages[~messages.duplicated()].reset_index(drop=True)",
            "messages = sms.assign(text=sms['text'].map(html.unescape)\n"
            "                      .str.replace(r'\\s+', ' ', regex=True).str.strip())\n"
            "messages = messages.drop_duplicates(subset=['label', 'text'], keep='first')",
            "import re\n"
            "def tidy(t):\n"
            "    return re.sub(r'\\s+', ' ', html.unescape(t)).strip()\n"
            "messages = sms.copy()\n"
            "messages['text'] = messages['text'].apply(tidy)\n"
            "messages = messages.drop_duplicates(subset='text')",
        ],
        "mistakes": [
            ("messages = sms.copy()\nmessages['text'] = messages['text'].map(lambda t: ' '.join(html.unescape(t).split()))",
             "the duplicates are still there"),
            ("messages = sms.drop_duplicates()", "HTML entities"),
            ("messages = sms.copy()\n"
             "messages['text'] = messages['text'].map(lambda t: ' '.join(html.unescape(t).split()))\n"
             "messages = messages.drop_duplicates(keep=False)", "the first one too"),
            ("messages = sms.copy()\n"
             "messages['text'] = messages['text'].map(lambda t: ' '.join(html.unescape(t).split()).lower())\n"
             "messages = messages.drop_duplicates()", "changed the case"),
            ("messages = sms.copy()\n"
             "messages['text'] = messages['text'].map(html.unescape)\n"
             "messages = messages.drop_duplicates()", "runs of spaces"),
        ],
        # changes sms, which later cells read: graded on its own, never inside a demo learner's notebook
        "mistakes_alone": [
            ("messages = sms\n"
             "messages['text'] = messages['text'].map(lambda t: ' '.join(html.unescape(t).split()))\n"
             "messages = messages.drop_duplicates()", "`sms` is no longer the table that was loaded"),
        ],
    },
    "q402_vocabulary": {
        "alternatives": [
            "v = CountVectorizer()\nv.fit(train_texts)\nX = v.transform(test_texts)\n"
            "vocab_size = len(v.get_feature_names_out())\ntest_sparsity = round(float((X.toarray() == 0).mean()), 5)",
            "v = CountVectorizer().fit(train_texts)\nX = v.transform(test_texts)\n"
            "vocab_size = X.shape[1]\ntest_sparsity = 1 - X.count_nonzero() / np.prod(X.shape)",
        ],
        "mistakes": [
            ("v = CountVectorizer().fit(pd.concat([train_texts, test_texts]))\nX = v.transform(test_texts)\n"
             "vocab_size = len(v.vocabulary_)\ntest_sparsity = 1 - X.nnz / np.prod(X.shape)",
             "fitted on all the texts"),
            ("v = CountVectorizer().fit(train_texts)\nX = v.fit_transform(test_texts)\n"
             "vocab_size = X.shape[1]\ntest_sparsity = 1 - X.nnz / np.prod(X.shape)",
             "`fit_transform` on the test texts"),
            ("v = CountVectorizer().fit(train_texts)\nX = v.transform(test_texts)\n"
             "vocab_size = len(v.vocabulary_)\ntest_sparsity = 100 * (1 - X.nnz / np.prod(X.shape))",
             "looks like a percentage"),
            ("v = CountVectorizer().fit(train_texts)\nX = v.transform(test_texts)\n"
             "vocab_size = len(v.vocabulary_)\ntest_sparsity = X.nnz / np.prod(X.shape)",
             "the density"),
            ("v = CountVectorizer().fit(train_texts)\nX = v.transform(train_texts)\n"
             "vocab_size = len(v.vocabulary_)\ntest_sparsity = 1 - X.nnz / np.prod(X.shape)",
             "sparsity of the training matrix"),
        ],
    },
    "q403_row_meaning": {
        "alternatives": ["row_meaning = ' (B) '", "row_meaning = 'b.'"],
        "mistakes": [
            ("row_meaning = 'a'", "That would be a column"),
            ("row_meaning = 'c'", "keeps no order"),
            ("row_meaning = 'd'", "The labels are not in the matrix"),
        ],
    },
    "q404_spam_pipeline": {
        "alternatives": [
            "from sklearn.pipeline import Pipeline\n"
            "spam_model = Pipeline([('tfidf', TfidfVectorizer()), ('clf', LogisticRegression(C=10.0, solver='liblinear'))])\n"
            "spam_model.fit(train_texts.tolist(), train_labels.to_numpy())",
            "spam_model = make_pipeline(TfidfVectorizer(lowercase=True), LogisticRegression(C=10, max_iter=1000))"
            ".fit(train_texts, train_labels)",
        ],
        "mistakes": [
            (f"spam_model = {_WORD}", "not fitted yet"),
            (f"spam_model = {_WORD}.fit(pd.concat([train_texts, test_texts]), pd.concat([train_labels, test_labels]))",
             "learned from the test texts too"),
            ("v = TfidfVectorizer().fit(train_texts)\n"
             "spam_model = LogisticRegression(C=10, solver='liblinear').fit(v.transform(train_texts), train_labels)",
             "Put the vectorizer and the classifier in one pipeline"),
            ("spam_model = make_pipeline(TfidfVectorizer(), LogisticRegression()).fit(train_texts, train_labels)",
             "`C=10`"),
            ("spam_model = make_pipeline(CountVectorizer(), LogisticRegression(C=10, solver='liblinear'))"
             ".fit(train_texts, train_labels)", "should start with a `TfidfVectorizer`"),
        ],
    },
    "q405_spam_metrics": {
        "alternatives": [
            _PRED + "spam_precision = round(precision_score(test_labels, p, pos_label='spam'), 3)\n"
            "spam_recall = round(recall_score(test_labels, p, pos_label='spam'), 3)\n"
            "lost_real = confusion_matrix(test_labels, p, labels=['ham', 'spam'])[0, 1]",
            _PRED + "truth = test_labels.to_numpy()\n"
            "tp = ((p == 'spam') & (truth == 'spam')).sum()\n"
            "spam_precision = tp / (p == 'spam').sum()\n"
            "spam_recall = tp / (truth == 'spam').sum()\n"
            "lost_real = int(((p == 'spam') & (truth == 'ham')).sum())",
        ],
        "mistakes": [
            (_PRED + "spam_precision = accuracy_score(test_labels, p)\nspam_recall = recall_score(test_labels, p, pos_label='spam')\n"
             "lost_real = int(((p == 'spam') & (test_labels == 'ham')).sum())", "accuracy alone"),
            (_PRED + "spam_precision = precision_score(test_labels, p, pos_label='ham')\n"
             "spam_recall = recall_score(test_labels, p, pos_label='ham')\n"
             "lost_real = int(((p == 'spam') & (test_labels == 'ham')).sum())", "`pos_label=\"spam\"`"),
            (_PRED + "spam_precision = 100 * precision_score(test_labels, p, pos_label='spam')\n"
             "spam_recall = 100 * recall_score(test_labels, p, pos_label='spam')\n"
             "lost_real = int(((p == 'spam') & (test_labels == 'ham')).sum())", "looks like a percentage"),
            (_PRED + "spam_precision = precision_score(p, test_labels, pos_label='spam')\n"
             "spam_recall = recall_score(p, test_labels, pos_label='spam')\n"
             "lost_real = int(((p == 'spam') & (test_labels == 'ham')).sum())", "are swapped"),
            (_PRED + "spam_precision = precision_score(test_labels, p, pos_label='spam')\n"
             "spam_recall = recall_score(test_labels, p, pos_label='spam')\n"
             "lost_real = int(((p == 'ham') & (test_labels == 'spam')).sum())", "the spam that got through"),
            (_PRED + "spam_precision = precision_score(test_labels, p, pos_label='spam')\n"
             "spam_recall = recall_score(test_labels, p, pos_label='spam')\n"
             "lost_real = int((p == 'spam').sum())", "the real spam too"),
            (_FIT + "p = m.predict(train_texts)\n"
             "spam_precision = precision_score(train_labels, p, pos_label='spam')\n"
             "spam_recall = recall_score(train_labels, p, pos_label='spam')\n"
             "lost_real = int(((p == 'spam') & (train_labels == 'ham')).sum())", "measured on the training texts"),
        ],
    },
    "q406_ship_metric": {
        "alternatives": ["ship_metric = 'B'", "ship_metric = '(b)'"],
        "mistakes": [
            ("ship_metric = 'a'", "accuracy alone hides"),
            ("ship_metric = 'c'", "every real message flagged on the way is lost"),
            ("ship_metric = 'd'", "describes the data, not the filter"),
        ],
    },
    "q407_duplicate_inflation": {
        "alternatives": [
            _RAW_SPLIT + "shared_test = int(rte.isin(set(rtr)).sum())\n" + _RAW_F1 + _CLEAN_F1
            + "f1_gap = round(raw - clean, 3)",
            _RAW_SPLIT + "seen = set(rtr)\nshared_test = sum(t in seen for t in rte)\n" + _RAW_F1 + _CLEAN_F1
            + "f1_gap = float(raw - clean)",
        ],
        "mistakes": [
            (_RAW_SPLIT + "shared_test = int(rte[rte.isin(rtr)].nunique())\n" + _RAW_F1 + _CLEAN_F1
             + "f1_gap = raw - clean", "copies included"),
            (_RAW_SPLIT + "shared_test = int(rtr.isin(rte).sum())\n" + _RAW_F1 + _CLEAN_F1
             + "f1_gap = raw - clean", "the other way round"),
            (_RAW_SPLIT + "shared_test = int(rte.isin(rtr).sum())\n" + _RAW_F1 + _CLEAN_F1
             + "f1_gap = clean - raw", "not the other way round"),
            (_RAW_SPLIT + "shared_test = int(rte.isin(rtr).sum())\n"
             f"raw = accuracy_score(rtey, {_WORD}.fit(rtr, rtry).predict(rte))\n"
             f"clean = accuracy_score(test_labels, {_WORD}.fit(train_texts, train_labels).predict(test_texts))\n"
             "f1_gap = raw - clean", "accuracy alone hides"),
            ("shared_test = int(test_texts.isin(train_texts).sum())\nf1_gap = 0.0", "did you look in the clean split"),
            ("shared_test = int(sms.duplicated().sum())\nf1_gap = 0.0", "duplicate rows in the whole table"),
            ("rtr, rte, rtry, rtey = train_test_split(sms['text'], sms['label'], test_size=0.25, random_state=0)\n"
             "shared_test = int(rte.isin(rtr).sum())\n" + _RAW_F1 + _CLEAN_F1 + "f1_gap = raw - clean",
             "another split of the raw table"),
        ],
    },
    "q408_spam_words": {
        "alternatives": [
            _FIT + "words = m[0].get_feature_names_out()\n"
            "order = np.argsort(m[-1].coef_[0])[::-1]\nspam_words = list(words[order[:10]])",
            _FIT + "c = pd.Series(m.named_steps['logisticregression'].coef_.ravel(), "
            "index=m.named_steps['tfidfvectorizer'].get_feature_names_out())\n"
            "spam_words = np.array(c.nlargest(10).index)",
        ],
        "mistakes": [
            (_FIT + "c = pd.Series(m[-1].coef_[0], index=m[0].get_feature_names_out())\n"
             "spam_words = c.nsmallest(10).index.tolist()", "towards ham"),
            (_FIT + "c = pd.Series(m[-1].coef_[0], index=m[0].get_feature_names_out())\n"
             "spam_words = c.nlargest(10).index.tolist()[::-1]", "in the wrong order"),
            (_FIT + "spam_words = np.sort(m[-1].coef_[0])[::-1][:10]", "should hold words"),
            ("m = make_pipeline(CountVectorizer(), LogisticRegression(C=10, solver='liblinear')).fit(train_texts, train_labels)\n"
             "c = pd.Series(m[-1].coef_[0], index=m[0].get_feature_names_out())\n"
             "spam_words = c.nlargest(10).index.tolist()", "comes from a `CountVectorizer` pipeline"),
        ],
    },
    "q409_false_alarm": {
        "alternatives": [
            _PROBA + "worst_index = proba.where(test_labels == 'ham').idxmax()\n"
            "x = m[0].transform([test_texts[worst_index]]).toarray().ravel()\n"
            "alarm_words = list(m[0].get_feature_names_out()[np.argsort(x * m[-1].coef_[0])[-3:]])",
            _PROBA + "worst_index = int(proba[test_labels.to_numpy() == 'ham'].sort_values().index[-1])\n"
            "words = m[0].build_analyzer()(test_texts.loc[worst_index])\n"
            "vocab = m[0].vocabulary_\n"
            "x = m[0].transform([test_texts.loc[worst_index]]).toarray()[0]\n"
            "contrib = {w: x[vocab[w]] * m[-1].coef_[0][vocab[w]] for w in set(words) if w in vocab}\n"
            "alarm_words = sorted(contrib, key=contrib.get, reverse=True)[:3]",
        ],
        "mistakes": [
            (_PROBA + "worst_index = int(np.argmax(np.where(test_labels == 'ham', proba, -1)))\n"
             "alarm_words = ['a', 'b', 'c']", "a position"),
            (_PROBA + "worst_index = int(proba.idxmax())\nalarm_words = ['a', 'b', 'c']", "is a spam message"),
            (_PROBA + "worst_index = int(proba[test_labels == 'spam'].idxmin())\nalarm_words = ['a', 'b', 'c']",
             "is a spam message"),
            (_PROBA + "worst_index = int(proba[test_labels == 'ham'].idxmax())\n"
             "x = m[0].transform([test_texts.loc[worst_index]]).toarray()[0]\n"
             "c = pd.Series(m[-1].coef_[0], index=m[0].get_feature_names_out())[x > 0]\n"
             "alarm_words = c.nlargest(3).index.tolist()", "coefficient alone"),
            (_PROBA + "worst_index = int(proba[test_labels == 'ham'].idxmax())\n"
             "x = pd.Series(m[0].transform([test_texts.loc[worst_index]]).toarray()[0], "
             "index=m[0].get_feature_names_out())\n"
             "alarm_words = x.nlargest(3).index.tolist()", "TF-IDF value alone"),
        ],
    },
    "q410_char_ngrams": {
        "alternatives": [
            f"w = {_WORD}.fit(train_texts, train_labels)\nc = {_CHAR}.fit(train_texts, train_labels)\n"
            "word_caught = list(w.predict(OBFUSCATED_SPAM)).count('spam')\n"
            "char_caught = list(c.predict(OBFUSCATED_SPAM)).count('spam')",
            "def caught(vectorizer):\n"
            "    m = make_pipeline(vectorizer, LogisticRegression(C=10, max_iter=1000)).fit(train_texts, train_labels)\n"
            "    return int(sum(m.predict(pd.Series(OBFUSCATED_SPAM)) == 'spam'))\n"
            "word_caught = caught(TfidfVectorizer())\n"
            "char_caught = caught(TfidfVectorizer(analyzer='char_wb', ngram_range=(2, 4)))",
        ],
        "mistakes": [
            (f"w = {_WORD}.fit(train_texts, train_labels)\nc = {_CHAR}.fit(train_texts, train_labels)\n"
             "word_caught = int((w.predict(OBFUSCATED_SPAM) == 'ham').sum())\n"
             "char_caught = int((c.predict(OBFUSCATED_SPAM) == 'ham').sum())", "got through"),
            (f"w = {_WORD}.fit(train_texts, train_labels)\n"
             "c = make_pipeline(TfidfVectorizer(analyzer='char_wb'), LogisticRegression(C=10, solver='liblinear'))"
             ".fit(train_texts, train_labels)\n"
             "word_caught = int((w.predict(OBFUSCATED_SPAM) == 'spam').sum())\n"
             "char_caught = int((c.predict(OBFUSCATED_SPAM) == 'spam').sum())", "single characters"),
            ("w = make_pipeline(CountVectorizer(), LogisticRegression(C=10, solver='liblinear')).fit(train_texts, train_labels)\n"
             f"c = {_CHAR}.fit(train_texts, train_labels)\n"
             "word_caught = int((w.predict(OBFUSCATED_SPAM) == 'spam').sum())\n"
             "char_caught = int((c.predict(OBFUSCATED_SPAM) == 'spam').sum())", "comes from a `CountVectorizer`"),
            (f"w = {_WORD}.fit(train_texts, train_labels)\n"
             "c = make_pipeline(TfidfVectorizer(ngram_range=(2, 4)), LogisticRegression(C=10, solver='liblinear'))"
             ".fit(train_texts, train_labels)\n"
             "word_caught = int((w.predict(OBFUSCATED_SPAM) == 'spam').sum())\n"
             "char_caught = int((c.predict(OBFUSCATED_SPAM) == 'spam').sum())", "runs of 2 to 4 *words*"),
        ],
    },
}
