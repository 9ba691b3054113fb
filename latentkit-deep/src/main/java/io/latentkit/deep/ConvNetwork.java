package io.latentkit.deep;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A convolutional autoencoder for images or spectrograms given as flattened rows (channel-major: C x H x W values per
 * row). Each encoder stage is a convolution (stride 1, same padding), batch normalisation (if on), the activation,
 * then a halving: 2 x 2 max pooling, or, with {@link Downsample#STRIDE}, the stage's convolution itself has stride 2.
 * The decoder mirrors it with nearest-neighbour upsampling x 2 followed by a convolution per stage (the engine has no
 * transposed convolution), then a final convolution to C channels and the output activation. Inputs whose height or
 * width is not a multiple of 2^stages are zero-padded at the bottom and right, and the reconstruction is cropped back.
 *
 * <p>The embedding is either the global average of each bottleneck feature map ({@link Embedding#GLOBAL_AVERAGE_POOL},
 * latent = the last filter count; the decoder still starts from the full maps), or a dense layer on the flattened
 * bottleneck ({@link Embedding#DENSE}; a dense layer and a reshape lead back to the maps).
 *
 * @param channels   input channels C
 * @param height     input height H
 * @param width      input width W
 * @param filters    output channels of each encoder stage, input side first
 * @param kernel     odd square kernel size
 * @param embedding  how the code is taken from the bottleneck
 * @param latent     width of the code; for global average pooling it must equal the last filter count
 * @param activation activation after every convolution but the last
 * @param batchNorm  batch normalisation after each hidden convolution
 * @param downsample max pooling or strided convolution
 * @param output     activation of the reconstruction
 */
public record ConvNetwork(int channels, int height, int width, List<Integer> filters, int kernel, Embedding embedding,
                          int latent, Activation activation, boolean batchNorm, Downsample downsample,
                          OutputActivation output) implements NetworkSpec {
    /** How the code is taken from the bottleneck feature maps. */
    public enum Embedding {
        GLOBAL_AVERAGE_POOL, DENSE;

        public String id() {
            return Specs.id(this);
        }
    }

    /** How each encoder stage halves the feature maps. */
    public enum Downsample {
        MAX_POOL, STRIDE;

        public String id() {
            return Specs.id(this);
        }
    }

    public ConvNetwork {
        if (channels < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException("channels, height and width must be >= 1, got " + channels + " x "
                    + height + " x " + width);
        }
        if (filters == null || filters.isEmpty()) {
            throw new IllegalArgumentException("filters must list at least one stage");
        }
        filters = List.copyOf(filters);
        for (int f : filters) {
            if (f < 1) {
                throw new IllegalArgumentException("filter counts must be >= 1, got " + filters);
            }
        }
        if (filters.size() > 16) {
            throw new IllegalArgumentException("at most 16 stages, got " + filters.size());
        }
        if (kernel < 1 || kernel % 2 == 0) {
            throw new IllegalArgumentException("kernel must be odd and >= 1 (same padding), got " + kernel);
        }
        if (embedding == null || activation == null || downsample == null || output == null) {
            throw new IllegalArgumentException("embedding, activation, downsample and output must be given");
        }
        if (embedding == Embedding.GLOBAL_AVERAGE_POOL && latent != filters.getLast()) {
            throw new IllegalArgumentException("latent must equal the last filter count (" + filters.getLast()
                    + ") with global average pooling, got " + latent);
        }
        if (latent < 1) {
            throw new IllegalArgumentException("latent must be >= 1, got " + latent);
        }
    }

    /** ReLU, no batch normalisation, max pooling, sigmoid output (pixels scaled to [0, 1]); 3 x 3 kernels. */
    public static ConvNetwork of(int channels, int height, int width, List<Integer> filters, Embedding embedding,
                                 int latent) {
        return new ConvNetwork(channels, height, width, filters, 3, embedding, latent, Activation.RELU, false,
                Downsample.MAX_POOL, OutputActivation.SIGMOID);
    }

    public ConvNetwork withActivation(Activation a) {
        return new ConvNetwork(channels, height, width, filters, kernel, embedding, latent, a, batchNorm, downsample,
                output);
    }

    public ConvNetwork withBatchNorm(boolean on) {
        return new ConvNetwork(channels, height, width, filters, kernel, embedding, latent, activation, on, downsample,
                output);
    }

    public ConvNetwork withDownsample(Downsample d) {
        return new ConvNetwork(channels, height, width, filters, kernel, embedding, latent, activation, batchNorm, d,
                output);
    }

    public ConvNetwork withOutput(OutputActivation o) {
        return new ConvNetwork(channels, height, width, filters, kernel, embedding, latent, activation, batchNorm,
                downsample, o);
    }

    /** Number of encoder stages. */
    public int stages() {
        return filters.size();
    }

    /** Height after zero padding to a multiple of 2^stages. */
    int paddedHeight() {
        return roundUp(height);
    }

    int paddedWidth() {
        return roundUp(width);
    }

    private int roundUp(int size) {
        int unit = 1 << stages();
        return (size + unit - 1) / unit * unit;
    }

    @Override
    public void checkInputWidth(int cols) {
        long expected = (long) channels * height * width;
        if (cols != expected) {
            throw new IllegalArgumentException("the convolutional network takes rows of channels x height x width = "
                    + channels + " x " + height + " x " + width + " = " + expected + " values, the data has " + cols);
        }
    }

    @Override
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "conv");
        m.put("channels", channels);
        m.put("height", height);
        m.put("width", width);
        m.put("filters", filters);
        m.put("kernel", kernel);
        m.put("embedding", embedding.id());
        m.put("latent", latent);
        m.put("activation", activation.id());
        m.put("batch_norm", batchNorm);
        m.put("downsample", downsample.id());
        m.put("output", output.id());
        return m;
    }

    static ConvNetwork fromMap(Map<String, ?> m) {
        return new ConvNetwork(Specs.integer(m, "channels"), Specs.integer(m, "height"), Specs.integer(m, "width"),
                Specs.integers(m, "filters"), Specs.integer(m, "kernel"),
                Specs.parse(Embedding.class, Specs.text(m, "embedding"), "embedding"), Specs.integer(m, "latent"),
                Activation.of(Specs.text(m, "activation")), Specs.bool(m, "batch_norm"),
                Specs.parse(Downsample.class, Specs.text(m, "downsample"), "downsample"),
                OutputActivation.of(Specs.text(m, "output")));
    }
}
