package io.latentkit.deep;

import ai.djl.ndarray.NDArray;

/** The activation of the reconstruction: none for real-valued features, sigmoid for features scaled to [0, 1]. */
public enum OutputActivation {
    LINEAR, SIGMOID;

    NDArray apply(NDArray x) {
        return this == SIGMOID ? x.getNDArrayInternal().sigmoid() : x;
    }

    public String id() {
        return Specs.id(this);
    }

    public static OutputActivation of(String id) {
        return Specs.parse(OutputActivation.class, id, "output");
    }
}
