package io.latentkit.deep;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How an autoencoder is trained: Adam (Kingma and Ba 2015, PyTorch's form with bias correction) on mini-batches drawn
 * in a seeded random order, with optional weight decay, a seeded validation split, early stopping and learning-rate
 * reduction on plateaus. Defaults: 50 epochs, batch 256, learning rate 1e-3, betas (0.9, 0.999), epsilon 1e-8, no
 * weight decay, no validation split, no early stopping or rate reduction, loss scale 1.
 *
 * @param epochs             maximum number of passes over the training items
 * @param batchSize          items per step (the last batch of an epoch may be smaller)
 * @param learningRate       Adam's initial step size
 * @param beta1              Adam's first-moment decay
 * @param beta2              Adam's second-moment decay
 * @param epsilon            Adam's denominator term
 * @param weightDecay        weight decay factor, >= 0 (0: none)
 * @param weightDecayMode    L2 (added to the gradient, like torch.optim.Adam) or decoupled (AdamW)
 * @param validationFraction fraction of items held out to compute the validation loss, in [0, 1)
 * @param earlyStopping      early stopping, or null for none
 * @param reduceLrOnPlateau  learning-rate reduction, or null for none
 * @param lossScale          multiplier of the reconstruction term (000's report multiplies the MSE by 1000)
 */
public record Training(int epochs, int batchSize, double learningRate, double beta1, double beta2, double epsilon,
                       double weightDecay, WeightDecay weightDecayMode, double validationFraction,
                       EarlyStopping earlyStopping, ReduceLrOnPlateau reduceLrOnPlateau, double lossScale) {
    /** How weight decay enters the update. */
    public enum WeightDecay {
        L2, DECOUPLED;

        public String id() {
            return Specs.id(this);
        }
    }

    public Training {
        if (epochs < 1) {
            throw new IllegalArgumentException("training.epochs must be >= 1, got " + epochs);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("training.batchSize must be >= 1, got " + batchSize);
        }
        if (!(learningRate > 0 && Double.isFinite(learningRate))) {
            throw new IllegalArgumentException("training.learningRate must be > 0 and finite, got " + learningRate);
        }
        if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
            throw new IllegalArgumentException("training.beta1 and beta2 must be in [0, 1), got " + beta1 + ", " + beta2);
        }
        if (!(epsilon > 0 && Double.isFinite(epsilon))) {
            throw new IllegalArgumentException("training.epsilon must be > 0 and finite, got " + epsilon);
        }
        if (!(weightDecay >= 0 && Double.isFinite(weightDecay))) {
            throw new IllegalArgumentException("training.weightDecay must be >= 0 and finite, got " + weightDecay);
        }
        if (weightDecayMode == null) {
            throw new IllegalArgumentException("training.weightDecayMode must be given");
        }
        if (!(validationFraction >= 0 && validationFraction < 1)) {
            throw new IllegalArgumentException("training.validationFraction must be in [0, 1), got " + validationFraction);
        }
        if (!(lossScale > 0 && Double.isFinite(lossScale))) {
            throw new IllegalArgumentException("training.lossScale must be > 0 and finite, got " + lossScale);
        }
    }

    public static Training defaults() {
        return new Training(50, 256, 1e-3, 0.9, 0.999, 1e-8, 0, WeightDecay.L2, 0, null, null, 1);
    }

    public Training withEpochs(int n) {
        return new Training(n, batchSize, learningRate, beta1, beta2, epsilon, weightDecay, weightDecayMode,
                validationFraction, earlyStopping, reduceLrOnPlateau, lossScale);
    }

    public Training withBatchSize(int n) {
        return new Training(epochs, n, learningRate, beta1, beta2, epsilon, weightDecay, weightDecayMode,
                validationFraction, earlyStopping, reduceLrOnPlateau, lossScale);
    }

    public Training withLearningRate(double lr) {
        return new Training(epochs, batchSize, lr, beta1, beta2, epsilon, weightDecay, weightDecayMode,
                validationFraction, earlyStopping, reduceLrOnPlateau, lossScale);
    }

    public Training withAdam(double b1, double b2, double eps) {
        return new Training(epochs, batchSize, learningRate, b1, b2, eps, weightDecay, weightDecayMode,
                validationFraction, earlyStopping, reduceLrOnPlateau, lossScale);
    }

    public Training withWeightDecay(double decay, WeightDecay mode) {
        return new Training(epochs, batchSize, learningRate, beta1, beta2, epsilon, decay, mode,
                validationFraction, earlyStopping, reduceLrOnPlateau, lossScale);
    }

    public Training withValidationFraction(double fraction) {
        return new Training(epochs, batchSize, learningRate, beta1, beta2, epsilon, weightDecay, weightDecayMode,
                fraction, earlyStopping, reduceLrOnPlateau, lossScale);
    }

    public Training withEarlyStopping(EarlyStopping rule) {
        return new Training(epochs, batchSize, learningRate, beta1, beta2, epsilon, weightDecay, weightDecayMode,
                validationFraction, rule, reduceLrOnPlateau, lossScale);
    }

    public Training withReduceLrOnPlateau(ReduceLrOnPlateau rule) {
        return new Training(epochs, batchSize, learningRate, beta1, beta2, epsilon, weightDecay, weightDecayMode,
                validationFraction, earlyStopping, rule, lossScale);
    }

    public Training withLossScale(double scale) {
        return new Training(epochs, batchSize, learningRate, beta1, beta2, epsilon, weightDecay, weightDecayMode,
                validationFraction, earlyStopping, reduceLrOnPlateau, scale);
    }

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("epochs", epochs);
        m.put("batch_size", batchSize);
        m.put("learning_rate", learningRate);
        m.put("beta1", beta1);
        m.put("beta2", beta2);
        m.put("epsilon", epsilon);
        m.put("weight_decay", weightDecay);
        m.put("weight_decay_mode", weightDecayMode.id());
        m.put("validation_fraction", validationFraction);
        m.put("early_stopping", earlyStopping == null ? null : earlyStopping.toMap());
        m.put("reduce_lr_on_plateau", reduceLrOnPlateau == null ? null : reduceLrOnPlateau.toMap());
        m.put("loss_scale", lossScale);
        return m;
    }

    static Training fromMap(Map<String, ?> m) {
        return new Training(Specs.integer(m, "epochs"), Specs.integer(m, "batch_size"), Specs.real(m, "learning_rate"),
                Specs.real(m, "beta1"), Specs.real(m, "beta2"), Specs.real(m, "epsilon"), Specs.real(m, "weight_decay"),
                Specs.parse(WeightDecay.class, Specs.text(m, "weight_decay_mode"), "training.weight_decay_mode"),
                Specs.real(m, "validation_fraction"),
                m.get("early_stopping") == null ? null : EarlyStopping.fromMap(Specs.object(m, "early_stopping")),
                m.get("reduce_lr_on_plateau") == null ? null
                        : ReduceLrOnPlateau.fromMap(Specs.object(m, "reduce_lr_on_plateau")),
                Specs.real(m, "loss_scale"));
    }
}
