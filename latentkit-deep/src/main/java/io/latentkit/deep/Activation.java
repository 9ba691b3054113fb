package io.latentkit.deep;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.internal.NDArrayEx;

/** The activation of hidden layers (PyTorch's definitions; leaky ReLU with slope 0.01, ELU with alpha 1). */
public enum Activation {
    RELU, LEAKY_RELU, ELU, SELU, TANH, SIGMOID, GELU;

    NDArray apply(NDArray x) {
        NDArrayEx ex = x.getNDArrayInternal();
        return switch (this) {
            case RELU -> ex.relu();
            case LEAKY_RELU -> ex.leakyRelu(0.01f);
            case ELU -> ex.elu(1f);
            case SELU -> ex.selu();
            case TANH -> ex.tanh();
            case SIGMOID -> ex.sigmoid();
            case GELU -> ex.gelu();
        };
    }

    /** The lower-case name used in configs and saved models ("relu", "leaky_relu", ...). */
    public String id() {
        return Specs.id(this);
    }

    public static Activation of(String id) {
        return Specs.parse(Activation.class, id, "activation");
    }
}
