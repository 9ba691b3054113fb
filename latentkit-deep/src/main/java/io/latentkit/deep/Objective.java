package io.latentkit.deep;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the autoencoder minimises, besides an optional {@link Triplet} term. The reconstruction term is the mean squared
 * error over features, averaged over the batch and multiplied by {@link Training#lossScale()}.
 * <ul>
 *   <li>{@link Kind#RECONSTRUCTION}: the plain autoencoder.</li>
 *   <li>{@link Kind#DENOISING}: the input is corrupted by {@code noise}, the loss compares with the clean input.</li>
 *   <li>{@link Kind#VARIATIONAL}: the encoder gives a mean and a log-variance, the decoder a sample
 *       (reparameterisation, Kingma and Welling 2014); loss = reconstruction + beta KL(q(z|x) || N(0, I)), the KL summed
 *       over latent dimensions and averaged over the batch. beta = 0 keeps the sampling but drops the KL term. The
 *       embedding is the mean.</li>
 * </ul>
 *
 * @param kind  the objective
 * @param noise the corruption (denoising only; {@link Noise#NONE} otherwise)
 * @param beta  weight of the KL term (variational only; 0 otherwise)
 */
public record Objective(Kind kind, Noise noise, double beta) {
    public enum Kind {
        RECONSTRUCTION, DENOISING, VARIATIONAL;

        public String id() {
            return Specs.id(this);
        }
    }

    public Objective {
        if (kind == null || noise == null) {
            throw new IllegalArgumentException("objective kind and noise must be given");
        }
        if ((kind == Kind.DENOISING) == (noise.kind() == Noise.Kind.NONE)) {
            throw new IllegalArgumentException(kind == Kind.DENOISING ? "a denoising objective needs noise"
                    : "noise applies to the denoising objective only, not " + kind.id());
        }
        if (!(beta >= 0 && Double.isFinite(beta))) {
            throw new IllegalArgumentException("beta must be >= 0 and finite, got " + beta);
        }
        if (beta != 0 && kind != Kind.VARIATIONAL) {
            throw new IllegalArgumentException("beta applies to the variational objective only");
        }
    }

    public static Objective reconstruction() {
        return new Objective(Kind.RECONSTRUCTION, Noise.NONE, 0);
    }

    public static Objective denoising(Noise noise) {
        return new Objective(Kind.DENOISING, noise, 0);
    }

    public static Objective variational(double beta) {
        return new Objective(Kind.VARIATIONAL, Noise.NONE, beta);
    }

    boolean variational() {
        return kind == Kind.VARIATIONAL;
    }

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", kind.id());
        m.put("noise", noise.toMap());
        m.put("beta", beta);
        return m;
    }

    static Objective fromMap(Map<String, ?> m) {
        return new Objective(Specs.parse(Kind.class, Specs.text(m, "kind"), "objective.kind"),
                Noise.fromMap(Specs.object(m, "noise")), Specs.real(m, "beta"));
    }
}
