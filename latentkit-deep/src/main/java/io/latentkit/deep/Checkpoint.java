package io.latentkit.deep;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.latentkit.data.AtomicFiles;
import io.latentkit.data.DataException;
import io.latentkit.persist.NpyArrays;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The training state after a completed epoch, saved in {@code <folder>/checkpoint}: checkpoint.json (the
 * configuration it belongs to, the epoch, Adam's step and learning rate, the schedules' counters, the history) and
 * exact float32 .npy files for the weights, Adam's moments, the best weights so far and k-means pseudo-labels. The
 * folder is written under a temporary name and renamed into place, so a crash leaves the previous checkpoint whole.
 * Random streams are derived from the seed and the epoch and step numbers, so the epoch is their whole state.
 */
final class Checkpoint {
    static final String FOLDER = "checkpoint";
    static final String FILE = "checkpoint.json";
    static final String FORMAT = "latentkit-checkpoint";
    static final int VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * Everything training needs to continue exactly.
     *
     * @param epochsDone  completed epochs
     * @param stopped     whether early stopping ended training
     * @param adamStep    Adam's step count
     * @param learningRate the learning rate of the next epoch
     * @param stopBest    early stopping's best loss, its epoch (0-based, -1: none) and wait count
     * @param plateauBest the plateau rule's best loss, wait count and cooldown left
     * @param rows        the history so far
     * @param values      every tensor of the network
     * @param m           Adam's first moments, one per trainable tensor
     * @param v           Adam's second moments
     * @param best        the weights of the best epoch so far, or null
     * @param pseudoLabels k-means pseudo-labels of every item, or null
     */
    record State(int epochsDone, boolean stopped, long adamStep, double learningRate, double stopBest, int stopBestEpoch,
                 int stopWait, double plateauBest, int plateauWait, int plateauCooldown, List<TrainingHistory.Row> rows,
                 float[][] values, float[][] m, float[][] v, float[][] best, int[] pseudoLabels) {
    }

    private Checkpoint() {
    }

    static void write(Path folder, Map<String, Object> config, Net net, State s) {
        AtomicFiles.writeDirectory(folder.resolve(FOLDER), dir -> {
            List<Net.Tensor> tensors = net.tensors();
            List<Net.Tensor> trainable = trainable(net);
            for (int t = 0; t < tensors.size(); t++) {
                writeFloats(dir.resolve("value." + tensors.get(t).name() + ".npy"), s.values()[t], tensors.get(t).shape());
                if (s.best() != null) {
                    writeFloats(dir.resolve("best." + tensors.get(t).name() + ".npy"), s.best()[t], tensors.get(t).shape());
                }
            }
            for (int t = 0; t < trainable.size(); t++) {
                writeFloats(dir.resolve("adam_m." + trainable.get(t).name() + ".npy"), s.m()[t], trainable.get(t).shape());
                writeFloats(dir.resolve("adam_v." + trainable.get(t).name() + ".npy"), s.v()[t], trainable.get(t).shape());
            }
            if (s.pseudoLabels() != null) {
                ByteBuffer b = NpyArrays.buffer(NpyArrays.Dtype.I4, s.pseudoLabels().length);
                b.asIntBuffer().put(s.pseudoLabels());
                NpyArrays.write(dir.resolve("pseudo_labels.npy"), NpyArrays.Dtype.I4, new int[] {s.pseudoLabels().length}, b);
            }
            List<Map<String, Object>> rows = new ArrayList<>();
            for (TrainingHistory.Row r : s.rows()) {
                rows.add(r.toMap());
            }
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("format", FORMAT);
            json.put("format_version", VERSION);
            json.put("config", config);
            json.put("epochs_done", s.epochsDone());
            json.put("stopped", s.stopped());
            json.put("adam_step", s.adamStep());
            json.put("learning_rate", s.learningRate());
            json.put("early_stopping", Map.of("best", Specs.json(s.stopBest()), "best_epoch", s.stopBestEpoch(),
                    "wait", s.stopWait()));
            json.put("plateau", Map.of("best", Specs.json(s.plateauBest()), "wait", s.plateauWait(),
                    "cooldown", s.plateauCooldown()));
            json.put("has_best", s.best() != null);
            json.put("has_pseudo_labels", s.pseudoLabels() != null);
            json.put("history", rows);
            Files.writeString(dir.resolve(FILE), JSON.writeValueAsString(json) + "\n");
        });
    }

    /**
     * The state saved in {@code folder}, or null when it holds no checkpoint.
     *
     * @throws IllegalArgumentException when the checkpoint belongs to another configuration or other data
     */
    @SuppressWarnings("unchecked")
    static State read(Path folder, Map<String, Object> config, Net net, int items) {
        Path dir = folder.resolve(FOLDER);
        Path file = dir.resolve(FILE);
        if (!Files.exists(file)) {
            return null;
        }
        Map<String, Object> json;
        try {
            json = JSON.readValue(file.toFile(), new TypeReference<LinkedHashMap<String, Object>>() { });
        } catch (IOException e) {
            throw new DataException(file, null, null, "cannot read the checkpoint: " + e.getMessage(), e);
        }
        if (!FORMAT.equals(json.get("format")) || !Integer.valueOf(VERSION).equals(json.get("format_version"))) {
            throw new DataException(file, null, "format", "not a version " + VERSION + " " + FORMAT);
        }
        Map<String, Object> expected = JSON.convertValue(config, new TypeReference<LinkedHashMap<String, Object>>() { });
        if (!Objects.equals(json.get("config"), expected)) {
            throw new IllegalArgumentException("the checkpoint in " + dir + " was written for another configuration "
                    + "or other data (" + difference(json.get("config"), expected) + "); delete it or use another folder");
        }
        try {
            List<Net.Tensor> tensors = net.tensors();
            List<Net.Tensor> trainable = trainable(net);
            float[][] values = new float[tensors.size()][];
            float[][] best = Specs.bool(json, "has_best") ? new float[tensors.size()][] : null;
            for (int t = 0; t < tensors.size(); t++) {
                values[t] = readFloats(dir, "value." + tensors.get(t).name(), tensors.get(t).shape());
                if (best != null) {
                    best[t] = readFloats(dir, "best." + tensors.get(t).name(), tensors.get(t).shape());
                }
            }
            float[][] m = new float[trainable.size()][];
            float[][] v = new float[trainable.size()][];
            for (int t = 0; t < trainable.size(); t++) {
                m[t] = readFloats(dir, "adam_m." + trainable.get(t).name(), trainable.get(t).shape());
                v[t] = readFloats(dir, "adam_v." + trainable.get(t).name(), trainable.get(t).shape());
            }
            int[] pseudo = null;
            if (Specs.bool(json, "has_pseudo_labels")) {
                pseudo = new int[items];
                NpyArrays.read(dir.resolve("pseudo_labels.npy"), "pseudo_labels", NpyArrays.Dtype.I4, new int[] {items})
                        .asIntBuffer().get(pseudo);
            }
            List<TrainingHistory.Row> rows = new ArrayList<>();
            if (!(Specs.value(json, "history") instanceof List<?> list)) {
                throw new IllegalArgumentException("history: expected a list");
            }
            for (Object o : list) {
                rows.add(TrainingHistory.Row.fromMap((Map<String, ?>) o));
            }
            Map<String, Object> stop = Specs.object(json, "early_stopping");
            Map<String, Object> plateau = Specs.object(json, "plateau");
            return new State(Specs.integer(json, "epochs_done"), Specs.bool(json, "stopped"),
                    ((Number) Specs.value(json, "adam_step")).longValue(), Specs.real(json, "learning_rate"),
                    Specs.real(stop, "best"), Specs.integer(stop, "best_epoch"), Specs.integer(stop, "wait"),
                    Specs.real(plateau, "best"), Specs.integer(plateau, "wait"), Specs.integer(plateau, "cooldown"),
                    rows, values, m, v, best, pseudo);
        } catch (IllegalArgumentException | ClassCastException e) {
            throw new DataException(file, null, null, "invalid checkpoint: " + e.getMessage(), e);
        }
    }

    static List<Net.Tensor> trainable(Net net) {
        return net.tensors().stream().filter(t -> t.role().trainable()).toList();
    }

    private static String difference(Object saved, Map<String, Object> expected) {
        if (saved instanceof Map<?, ?> map) {
            for (String key : expected.keySet()) {
                if (!Objects.equals(map.get(key), expected.get(key))) {
                    return key + " differs";
                }
            }
        }
        return "the configuration differs";
    }

    private static void writeFloats(Path file, float[] values, int[] shape) {
        ByteBuffer b = NpyArrays.buffer(NpyArrays.Dtype.F4, values.length);
        b.asFloatBuffer().put(values);
        NpyArrays.write(file, NpyArrays.Dtype.F4, shape, b);
    }

    private static float[] readFloats(Path dir, String name, int[] shape) {
        int n = 1;
        for (int s : shape) {
            n *= s;
        }
        float[] out = new float[n];
        NpyArrays.read(dir.resolve(name + ".npy"), name, NpyArrays.Dtype.F4, shape).asFloatBuffer().get(out);
        return out;
    }
}
