package io.latentkit.deep;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Adam over a list of parameters, in PyTorch's form: m = b1 m + (1 - b1) g, v = b2 v + (1 - b2) g^2,
 * w -= lr / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps). The state (step t, m, v) is ours, so a checkpoint
 * restores it exactly; the per-parameter arithmetic is the engine's fused in-place update, one native call, with the
 * bias corrections folded into its step size and epsilon. Weight decay is L2 (g += wd w) or decoupled (AdamW:
 * w -= lr wd w before the step). Each update also zeroes the gradients for the next step.
 */
final class Adam {
    private final Training training;
    private final NDArray[] params;
    final NDArray[] m;
    final NDArray[] v;
    long step;
    double learningRate;

    /** Fresh state for {@code params} (the trainable tensors), held in {@code manager}. */
    Adam(Training training, NDArray[] params, NDManager manager) {
        this.training = training;
        this.params = params;
        this.m = new NDArray[params.length];
        this.v = new NDArray[params.length];
        for (int i = 0; i < params.length; i++) {
            m[i] = manager.zeros(params[i].getShape());
            v[i] = manager.zeros(params[i].getShape());
        }
        this.learningRate = training.learningRate();
    }

    void update() {
        step++;
        double bc1 = 1 - Math.pow(training.beta1(), step);
        double rootBc2 = Math.sqrt(1 - Math.pow(training.beta2(), step));
        float stepSize = (float) (learningRate * rootBc2 / bc1);
        float eps = (float) (training.epsilon() * rootBc2);
        boolean decoupled = training.weightDecayMode() == Training.WeightDecay.DECOUPLED;
        for (int i = 0; i < params.length; i++) {
            PtNDArray w = (PtNDArray) params[i];
            try (PtNDArray g = w.getGradient()) {
                JniUtils.adamUpdate(w, g, (PtNDArray) m[i], (PtNDArray) v[i], (float) learningRate, stepSize,
                        (float) training.weightDecay(), 1f, -1f, (float) training.beta1(), (float) training.beta2(), eps,
                        decoupled);
            }
            JniUtils.zeroGrad(w);
        }
    }
}
