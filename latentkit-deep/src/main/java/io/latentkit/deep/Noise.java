package io.latentkit.deep;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a denoising autoencoder corrupts its input (Vincent et al., 2008 and 2010): additive Gaussian noise, masking
 * (each value set to 0 with probability p), or salt and pepper (each value set to the data's minimum or maximum with
 * probability p / 2 each). The loss compares the reconstruction of the corrupted input with the clean input.
 *
 * @param kind   the corruption
 * @param amount the standard deviation (Gaussian) or the probability p (masking, salt and pepper); 0 for none
 */
public record Noise(Kind kind, double amount) {
    public enum Kind {
        NONE, GAUSSIAN, MASKING, SALT_AND_PEPPER;

        public String id() {
            return Specs.id(this);
        }
    }

    public static final Noise NONE = new Noise(Kind.NONE, 0);

    public Noise {
        if (kind == null) {
            throw new IllegalArgumentException("noise kind must be given");
        }
        switch (kind) {
            case NONE -> {
                if (amount != 0) {
                    throw new IllegalArgumentException("noise 'none' takes no amount, got " + amount);
                }
            }
            case GAUSSIAN -> {
                if (!(amount > 0 && Double.isFinite(amount))) {
                    throw new IllegalArgumentException("gaussian noise sigma must be > 0 and finite, got " + amount);
                }
            }
            case MASKING, SALT_AND_PEPPER -> {
                if (!(amount > 0 && amount < 1)) {
                    throw new IllegalArgumentException(kind.id() + " noise probability must be in (0, 1), got " + amount);
                }
            }
        }
    }

    public static Noise gaussian(double sigma) {
        return new Noise(Kind.GAUSSIAN, sigma);
    }

    public static Noise masking(double p) {
        return new Noise(Kind.MASKING, p);
    }

    public static Noise saltAndPepper(double p) {
        return new Noise(Kind.SALT_AND_PEPPER, p);
    }

    /** The corrupted copy of {@code x}, drawn from the engine's generator; {@code low}/{@code high}: salt and pepper values. */
    NDArray corrupt(NDArray x, float low, float high) {
        NDManager m = x.getManager();
        return switch (kind) {
            case NONE -> x;
            case GAUSSIAN -> x.add(m.randomNormal(0f, (float) amount, x.getShape(), DataType.FLOAT32));
            case MASKING -> x.mul(m.randomUniform(0f, 1f, x.getShape(), DataType.FLOAT32).gte((float) amount)
                    .toType(DataType.FLOAT32, false));
            case SALT_AND_PEPPER -> {
                // x where u >= p, low where u < p / 2, high in between.
                NDArray u = m.randomUniform(0f, 1f, x.getShape(), DataType.FLOAT32);
                NDArray hit = u.lt((float) amount).toType(DataType.FLOAT32, false);
                NDArray pepper = u.lt((float) (amount / 2)).toType(DataType.FLOAT32, false);
                yield x.sub(x.mul(hit)).add(hit.mul(high)).add(pepper.mul(low - high));
            }
        };
    }

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", kind.id());
        m.put("amount", amount);
        return m;
    }

    static Noise fromMap(Map<String, ?> m) {
        return new Noise(Specs.parse(Kind.class, Specs.text(m, "kind"), "noise.kind"), Specs.real(m, "amount"));
    }
}
