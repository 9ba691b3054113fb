"""scikit-learn's side of bench/sweep.sh: PCA-50 of Fashion-MNIST, then KMeans (n_init=1, seed 0) and the exact
silhouette, Calinski-Harabasz and Davies-Bouldin for each k, each timed alone. Writes DIR/pca50.npy (which
latentkit's side reads) and DIR/peer.json."""
import argparse
import json
import os

from benchlib import limited_threads, load_fashion_mnist, log, timed  # first: it sizes the thread pools

import numpy as np
from sklearn.cluster import KMeans
from sklearn.decomposition import PCA
from sklearn.metrics import calinski_harabasz_score, davies_bouldin_score, silhouette_score


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", required=True)
    parser.add_argument("--ks", required=True, help="comma-separated k values")
    args = parser.parse_args()
    ks = [int(k) for k in args.ks.split(",")]
    x, _ = load_fashion_mnist(False)
    with limited_threads():
        z = PCA(n_components=50, random_state=0).fit(x).transform(x).astype(np.float32)
        np.save(os.path.join(args.out, "pca50.npy"), z)
        z64 = z.astype(np.float64)
        runs = []
        for k in ks:
            km, kmeans_s = timed(lambda: KMeans(n_clusters=k, n_init=1, random_state=0).fit(z64))
            sil, sil_s = timed(lambda: silhouette_score(z64, km.labels_))
            _, chdb_s = timed(lambda: (calinski_harabasz_score(z64, km.labels_), davies_bouldin_score(z64, km.labels_)))
            runs.append({"k": k, "kmeans_seconds": kmeans_s, "silhouette_seconds": sil_s, "ch_db_seconds": chdb_s,
                         "silhouette": float(sil), "inertia": float(km.inertia_)})
            log(f"k={k}: kmeans {kmeans_s:.1f} s, silhouette {sil_s:.1f} s")
    with open(os.path.join(args.out, "peer.json"), "w") as f:
        json.dump({"rows": int(z.shape[0]), "runs": runs}, f, indent=2)


if __name__ == "__main__":
    main()
