package io.latentkit.deep;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;

/**
 * The architecture of an autoencoder: a dense (fully connected) or a convolutional network. A spec is plain data: its
 * {@link #toMap() parameter map} is what configs, saved models and checkpoints hold, and {@link #fromMap} reads it back.
 */
public sealed interface NetworkSpec permits DenseNetwork, ConvNetwork {
    /** Width of the embedding (the code that {@code encode} returns). */
    int latent();

    /** The parameters under their config names, with "type" first ("dense" or "conv"); JSON-ready. */
    Map<String, Object> toMap();

    /** Checks that the network takes rows of {@code width} features; a message naming the mismatch otherwise. */
    void checkInputWidth(int width);

    /** The parameter map as one line of JSON. */
    default String toJson() {
        try {
            return new ObjectMapper().writeValueAsString(toMap());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads a parameter map written by {@link #toMap()}; errors name the missing or invalid field. */
    static NetworkSpec fromMap(Map<String, ?> map) {
        String type = Specs.text(map, "type");
        return switch (type) {
            case "dense" -> DenseNetwork.fromMap(map);
            case "conv" -> ConvNetwork.fromMap(map);
            default -> throw new IllegalArgumentException("type: unknown network type '" + type + "' (known: dense, conv)");
        };
    }
}
