"""The scikit-learn baseline beside Sheshim's classifier on KZgovData.

Reads the splits that `sheshim eval kzgovdata --export DIR` wrote (DIR/<split>/train.csv
and test.csv, columns text,label), so both systems see exactly the same rows, trains
TF-IDF over word 1-2-grams and character 2-5-grams (within word boundaries, sublinear term
frequency) with a linear SVM, and prints one CSV line per split:
split,system,accuracy,macro_f1. A benchmark only: scikit-learn is never part of Sheshim.
"""

import csv
import sys
from pathlib import Path

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import accuracy_score, f1_score
from sklearn.pipeline import make_pipeline, make_union
from sklearn.svm import LinearSVC


def read(path):
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return [row["text"] for row in rows], [row["label"] for row in rows]


def model():
    features = make_union(
        TfidfVectorizer(analyzer="word", ngram_range=(1, 2), sublinear_tf=True, lowercase=True),
        TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, lowercase=True),
    )
    return make_pipeline(features, LinearSVC(C=1.0))


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: sklearn_baseline.py SPLITS_DIR")
    root = Path(sys.argv[1])
    splits = sorted(p for p in root.iterdir() if (p / "train.csv").is_file())
    if not splits:
        sys.exit(f"no splits in {root}")
    print("split,system,accuracy,macro_f1")
    for split in splits:
        train_x, train_y = read(split / "train.csv")
        test_x, test_y = read(split / "test.csv")
        predicted = model().fit(train_x, train_y).predict(test_x)
        accuracy = accuracy_score(test_y, predicted)
        macro = f1_score(test_y, predicted, average="macro")
        print(f"{split.name},scikit-learn,{accuracy:.4f},{macro:.4f}")


if __name__ == "__main__":
    main()
