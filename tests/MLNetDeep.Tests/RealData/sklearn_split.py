"""Exports a scikit-learn data set (bundled with python3-sklearn, not in this repository) as train/test CSV files with a
fixed split, and prints scikit-learn's MLP on the same split as JSON: the anchor MLNetDeep's RealDataTests compare to.

usage: /usr/bin/python3 sklearn_split.py breast_cancer|wine|digits|diabetes OUTPUT_FOLDER
"""
import json
import os
import sys
import warnings

import numpy as np
from sklearn import datasets
from sklearn.metrics import accuracy_score, r2_score
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier, MLPRegressor
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

name, folder = sys.argv[1], sys.argv[2]
loaders = {"breast_cancer": datasets.load_breast_cancer, "wine": datasets.load_wine,
           "digits": datasets.load_digits, "diabetes": datasets.load_diabetes}
x, y = loaders[name](return_X_y=True)
regression = name == "diabetes"
x_train, x_test, y_train, y_test = train_test_split(x, y, test_size=0.25, random_state=0, stratify=None if regression else y)
os.makedirs(folder, exist_ok=True)
header = ",".join([f"F{i}" for i in range(x.shape[1])] + ["Label"])
for part, (xs, ys) in {"train": (x_train, y_train), "test": (x_test, y_test)}.items():
    np.savetxt(os.path.join(folder, f"{part}.csv"), np.column_stack([xs, ys]), delimiter=",", header=header, comments="", fmt="%.9g")

warnings.filterwarnings("ignore")  # ConvergenceWarning: the anchor is scikit-learn's default MLP (max_iter 200) as it is
scores = []
for seed in range(3):
    if regression:
        # scikit-learn's advice for MLPs: standardize the inputs and the target.
        mean, sd = y_train.mean(), y_train.std()
        model = make_pipeline(StandardScaler(), MLPRegressor(random_state=seed)).fit(x_train, (y_train - mean) / sd)
        scores.append(r2_score(y_test, model.predict(x_test) * sd + mean))
    else:
        model = make_pipeline(StandardScaler(), MLPClassifier(random_state=seed)).fit(x_train, y_train)
        scores.append(accuracy_score(y_test, model.predict(x_test)))
print(json.dumps({"dataset": name, "rows": int(x.shape[0]), "features": int(x.shape[1]), "metric": "r2" if regression else "accuracy",
                  "sklearn": float(np.mean(scores)), "sklearn_seeds": [float(s) for s in scores]}))
