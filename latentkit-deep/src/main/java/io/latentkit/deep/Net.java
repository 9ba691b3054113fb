package io.latentkit.deep;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * A network spec laid out for one input width: the ordered list of its tensors (weights, biases, batch-norm
 * parameters and running statistics) and the forward pass over them on the engine. The tensors themselves live
 * outside (the trainer's arrays, or a model's float arrays bound for inference), so one layout serves both.
 */
abstract sealed class Net permits Net.Dense, Net.Conv {
    /** What a tensor is; weights and biases are initialised like PyTorch's Linear and Conv2d. */
    enum Role {
        WEIGHT, BIAS, GAMMA, BETA, RUNNING_MEAN, RUNNING_VAR;

        boolean trainable() {
            return this != RUNNING_MEAN && this != RUNNING_VAR;
        }
    }

    /** One tensor of the network: its file-safe name, shape, role and the fan-in that sets its initial range. */
    record Tensor(String name, int[] shape, Role role, int fanIn) {
        int size() {
            int n = 1;
            for (int s : shape) {
                n = Math.multiplyExact(n, s);
            }
            return n;
        }
    }

    /** The outputs of a forward pass; {@code mu} and {@code logVar} only for variational networks. */
    record Pass(NDArray reconstruction, NDArray code, NDArray mu, NDArray logVar) {
    }

    private record Linear(int weight, int bias) {
    }

    private record Norm(int gamma, int beta, int mean, int var) {
    }

    /** PyTorch's batch norm momentum: running = 0.9 running + 0.1 batch. */
    private static final float NORM_MOMENTUM = 0.1f;
    private static final float NORM_EPS = 1e-5f;

    final int inputWidth;
    final int latent;
    final boolean variational;
    private final List<Tensor> tensors = new ArrayList<>();

    private Net(int inputWidth, int latent, boolean variational) {
        this.inputWidth = inputWidth;
        this.latent = latent;
        this.variational = variational;
    }

    /** The network of {@code spec} for rows of {@code inputWidth} features. */
    static Net of(NetworkSpec spec, int inputWidth, boolean variational) {
        spec.checkInputWidth(inputWidth);
        return switch (spec) {
            case DenseNetwork d -> new Dense(d, inputWidth, variational);
            case ConvNetwork c -> new Conv(c, inputWidth, variational);
        };
    }

    List<Tensor> tensors() {
        return Collections.unmodifiableList(tensors);
    }

    /** PyTorch's default initialisation from a Java generator: weights and biases U(-1/sqrt(fan_in), 1/sqrt(fan_in)). */
    float[][] initialValues(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[][] values = new float[tensors.size()][];
        for (int t = 0; t < tensors.size(); t++) {
            Tensor tensor = tensors.get(t);
            float[] v = new float[tensor.size()];
            switch (tensor.role()) {
                case WEIGHT, BIAS -> {
                    double bound = 1 / Math.sqrt(tensor.fanIn());
                    for (int i = 0; i < v.length; i++) {
                        v[i] = (float) ((2 * rng.nextDouble() - 1) * bound);
                    }
                }
                case GAMMA, RUNNING_VAR -> Arrays.fill(v, 1f);
                case BETA, RUNNING_MEAN -> { }
            }
            values[t] = v;
        }
        return values;
    }

    /** Copies values into float32 arrays of {@code manager}, in the order of {@link #tensors()}. */
    NDArray[] upload(NDManager manager, float[][] values) {
        NDArray[] p = new NDArray[tensors.size()];
        for (int t = 0; t < p.length; t++) {
            int[] shape = tensors.get(t).shape();
            long[] dims = new long[shape.length];
            for (int i = 0; i < shape.length; i++) {
                dims[i] = shape[i];
            }
            p[t] = manager.create(values[t], new Shape(dims));
        }
        return p;
    }

    /** Encoder and decoder; in training mode batch norm uses (and updates) batch statistics, dropout and sampling act. */
    abstract Pass forward(NDArray[] p, NDArray x, boolean training);

    /** The embedding in inference mode: the code, or mu for a variational network. */
    abstract NDArray embed(NDArray[] p, NDArray x);

    private int add(String name, Role role, int fanIn, int... shape) {
        tensors.add(new Tensor(name, shape, role, fanIn));
        return tensors.size() - 1;
    }

    Linear linear(String name, int in, int out) {
        return new Linear(add(name + ".weight", Role.WEIGHT, in, out, in), add(name + ".bias", Role.BIAS, in, out));
    }

    Linear conv(String name, int in, int out, int kernel) {
        int fanIn = in * kernel * kernel;
        return new Linear(add(name + ".weight", Role.WEIGHT, fanIn, out, in, kernel, kernel),
                add(name + ".bias", Role.BIAS, fanIn, out));
    }

    Norm norm(String name, int features) {
        return new Norm(add(name + ".gamma", Role.GAMMA, 0, features), add(name + ".beta", Role.BETA, 0, features),
                add(name + ".running_mean", Role.RUNNING_MEAN, 0, features),
                add(name + ".running_var", Role.RUNNING_VAR, 0, features));
    }

    static NDArray apply(NDArray[] p, Linear l, NDArray x) {
        return x.getNDArrayInternal().linear(x, p[l.weight], p[l.bias]).singletonOrThrow();
    }

    /**
     * Batch normalisation over the features of (n, c) rows or the channels of (n, c, h, w) maps, written out rather
     * than the engine's kernel, whose statistics for (n, c) input are summed per thread and so depend on the thread
     * count. Training uses the batch's mean and biased variance and moves the running statistics 0.1 of the way to
     * the batch's mean and unbiased variance (PyTorch's momentum); inference uses the running statistics.
     */
    static NDArray apply(NDArray[] p, Norm n, NDArray x, boolean training) {
        Shape shape = x.getShape();
        long channels = shape.get(1);
        Shape broadcast = shape.dimension() == 2 ? new Shape(1, channels) : new Shape(1, channels, 1, 1);
        NDArray mean;
        NDArray var;
        NDArray centered;
        if (training) {
            mean = channelMean(x);
            centered = x.sub(mean.reshape(broadcast));
            var = channelMean(centered.square());
            long count = shape.size() / channels;
            float unbiased = count > 1 ? (float) count / (count - 1) : 1f;
            p[n.mean].muli(1 - NORM_MOMENTUM).addi(mean.stopGradient().mul(NORM_MOMENTUM));
            p[n.var].muli(1 - NORM_MOMENTUM).addi(var.stopGradient().mul(NORM_MOMENTUM * unbiased));
        } else {
            centered = x.sub(p[n.mean].reshape(broadcast));
            var = p[n.var];
        }
        NDArray scale = var.add(Scalars.of(var, NORM_EPS)).sqrt().reshape(broadcast);
        return centered.div(scale).mul(p[n.gamma].reshape(broadcast)).add(p[n.beta].reshape(broadcast));
    }

    /** Per-channel means, one reduction per axis so that each output is summed by one thread in a fixed order. */
    private static NDArray channelMean(NDArray x) {
        Shape s = x.getShape();
        NDArray rows = s.dimension() == 2 ? x : x.reshape(s.get(0), s.get(1), s.get(2) * s.get(3)).mean(new int[] {2});
        return rows.mean(new int[] {0});
    }

    static NDArray convolve(NDArray[] p, Linear l, NDArray x, int kernel, int stride) {
        return x.getNDArrayInternal().convolution(x, p[l.weight], p[l.bias], new Shape(stride, stride),
                new Shape(kernel / 2, kernel / 2), new Shape(1, 1), 1).singletonOrThrow();
    }

    /** Splits a variational head's output into mu and log-variance, and samples the code in training mode. */
    Pass head(NDArray out, boolean training, Function<NDArray, NDArray> decoder) {
        if (!variational) {
            return new Pass(decoder.apply(out), out, null, null);
        }
        NDList halves = out.split(2, 1);
        NDArray mu = halves.get(0);
        NDArray logVar = halves.get(1);
        NDArray z = mu;
        if (training) {
            NDArray eps = mu.getManager().randomNormal(0f, 1f, mu.getShape(), DataType.FLOAT32);
            z = logVar.mul(Scalars.of(logVar, 0.5)).exp().mul(eps).add(mu);
        }
        return new Pass(decoder.apply(z), mu, mu, logVar);
    }

    NDArray mean(NDArray out) {
        return variational ? out.split(2, 1).get(0) : out;
    }

    /** Dense: d - hidden - latent - mirrored hidden - d. */
    static final class Dense extends Net {
        private final DenseNetwork spec;
        private final List<Linear> encoder = new ArrayList<>();
        private final List<Norm> encoderNorms = new ArrayList<>();
        private final Linear code;
        private final List<Linear> decoder = new ArrayList<>();
        private final List<Norm> decoderNorms = new ArrayList<>();
        private final Linear output;

        Dense(DenseNetwork spec, int inputWidth, boolean variational) {
            super(inputWidth, spec.latent(), variational);
            this.spec = spec;
            int prev = inputWidth;
            List<Integer> hidden = spec.hidden();
            for (int i = 0; i < hidden.size(); i++) {
                encoder.add(linear("encoder." + i, prev, hidden.get(i)));
                if (spec.batchNorm()) {
                    encoderNorms.add(norm("encoder." + i + ".bn", hidden.get(i)));
                }
                prev = hidden.get(i);
            }
            code = linear("encoder.code", prev, variational ? 2 * latent : latent);
            prev = latent;
            for (int i = 0; i < hidden.size(); i++) {
                int width = hidden.get(hidden.size() - 1 - i);
                decoder.add(linear("decoder." + i, prev, width));
                if (spec.batchNorm()) {
                    decoderNorms.add(norm("decoder." + i + ".bn", width));
                }
                prev = width;
            }
            output = linear("decoder.output", prev, inputWidth);
        }

        private NDArray hidden(NDArray[] p, List<Linear> layers, List<Norm> norms, NDArray h, boolean training) {
            for (int i = 0; i < layers.size(); i++) {
                h = apply(p, layers.get(i), h);
                if (spec.batchNorm()) {
                    h = apply(p, norms.get(i), h, training);
                }
                h = spec.activation().apply(h);
                if (spec.dropout() > 0 && training) {
                    h = h.getNDArrayInternal().dropout(h, (float) spec.dropout(), true).singletonOrThrow();
                }
            }
            return h;
        }

        @Override
        Pass forward(NDArray[] p, NDArray x, boolean training) {
            NDArray out = apply(p, code, hidden(p, encoder, encoderNorms, x, training));
            return head(out, training, z ->
                    spec.output().apply(apply(p, output, hidden(p, decoder, decoderNorms, z, training))));
        }

        @Override
        NDArray embed(NDArray[] p, NDArray x) {
            return mean(apply(p, code, hidden(p, encoder, encoderNorms, x, false)));
        }
    }

    /** Convolutional: stages of convolution and halving, a code, then upsampling and convolution back. */
    static final class Conv extends Net {
        private final ConvNetwork spec;
        private final List<Linear> encoder = new ArrayList<>();
        private final List<Norm> encoderNorms = new ArrayList<>();
        private final Linear code;
        private final Linear expand;
        private final List<Linear> decoder = new ArrayList<>();
        private final List<Norm> decoderNorms = new ArrayList<>();
        private final Linear output;
        private final int bottleneckHeight;
        private final int bottleneckWidth;

        Conv(ConvNetwork spec, int inputWidth, boolean variational) {
            super(inputWidth, spec.latent(), variational);
            if (variational && spec.embedding() == ConvNetwork.Embedding.GLOBAL_AVERAGE_POOL) {
                throw new IllegalArgumentException("a variational objective needs a dense embedding: global average "
                        + "pooling gives no mean and variance to sample from");
            }
            this.spec = spec;
            List<Integer> filters = spec.filters();
            int k = spec.kernel();
            int prev = spec.channels();
            for (int i = 0; i < filters.size(); i++) {
                encoder.add(conv("encoder." + i, prev, filters.get(i), k));
                if (spec.batchNorm()) {
                    encoderNorms.add(norm("encoder." + i + ".bn", filters.get(i)));
                }
                prev = filters.get(i);
            }
            bottleneckHeight = spec.paddedHeight() >> filters.size();
            bottleneckWidth = spec.paddedWidth() >> filters.size();
            if (spec.embedding() == ConvNetwork.Embedding.DENSE) {
                int flat = Math.multiplyExact(prev, Math.multiplyExact(bottleneckHeight, bottleneckWidth));
                code = linear("encoder.code", flat, variational ? 2 * latent : latent);
                expand = linear("decoder.expand", latent, flat);
            } else {
                code = null;
                expand = null;
            }
            for (int i = filters.size() - 1; i >= 0; i--) {
                int out = filters.get(Math.max(0, i - 1));
                decoder.add(conv("decoder." + (filters.size() - 1 - i), filters.get(i), out, k));
                if (spec.batchNorm()) {
                    decoderNorms.add(norm("decoder." + (filters.size() - 1 - i) + ".bn", out));
                }
            }
            output = conv("decoder.output", filters.getFirst(), spec.channels(), k);
        }

        private NDArray encode(NDArray[] p, NDArray x, boolean training) {
            long n = x.getShape().get(0);
            NDArray h = x.reshape(n, spec.channels(), spec.height(), spec.width());
            int padH = spec.paddedHeight() - spec.height();
            int padW = spec.paddedWidth() - spec.width();
            if (padH > 0 || padW > 0) {
                h = h.pad(new Shape(0, padW, 0, padH), 0);
            }
            boolean strided = spec.downsample() == ConvNetwork.Downsample.STRIDE;
            for (int i = 0; i < encoder.size(); i++) {
                h = convolve(p, encoder.get(i), h, spec.kernel(), strided ? 2 : 1);
                if (spec.batchNorm()) {
                    h = apply(p, encoderNorms.get(i), h, training);
                }
                h = spec.activation().apply(h);
                if (!strided) {
                    h = h.getNDArrayInternal().maxPool(new Shape(2, 2), new Shape(2, 2), new Shape(0, 0), false);
                }
            }
            return h;
        }

        private NDArray decode(NDArray[] p, NDArray maps, boolean training) {
            NDArray h = maps;
            for (int i = 0; i < decoder.size(); i++) {
                long[] size = {h.getShape().get(2) * 2, h.getShape().get(3) * 2};
                h = h.getNDArrayInternal().interpolation(size, 0, false);
                h = convolve(p, decoder.get(i), h, spec.kernel(), 1);
                if (spec.batchNorm()) {
                    h = apply(p, decoderNorms.get(i), h, training);
                }
                h = spec.activation().apply(h);
            }
            h = spec.output().apply(convolve(p, output, h, spec.kernel(), 1));
            if (spec.paddedHeight() != spec.height() || spec.paddedWidth() != spec.width()) {
                h = h.get(new NDIndex(":, :, :{}, :{}", spec.height(), spec.width()));
            }
            return h.reshape(h.getShape().get(0), inputWidth);
        }

        /** The mean of each feature map: (n, c, h, w) to (n, c). */
        private static NDArray averagePool(NDArray maps) {
            Shape s = maps.getShape();
            return maps.reshape(s.get(0), s.get(1), s.get(2) * s.get(3)).mean(new int[] {2});
        }

        @Override
        Pass forward(NDArray[] p, NDArray x, boolean training) {
            NDArray maps = encode(p, x, training);
            if (code == null) {
                return new Pass(decode(p, maps, training), averagePool(maps), null, null);
            }
            long n = maps.getShape().get(0);
            NDArray out = apply(p, code, maps.reshape(n, -1));
            return head(out, training, z -> decode(p, spec.activation().apply(apply(p, expand, z))
                    .reshape(n, spec.filters().getLast(), bottleneckHeight, bottleneckWidth), training));
        }

        @Override
        NDArray embed(NDArray[] p, NDArray x) {
            NDArray maps = encode(p, x, false);
            if (code == null) {
                return averagePool(maps);
            }
            return mean(apply(p, code, maps.reshape(maps.getShape().get(0), -1)));
        }
    }
}
