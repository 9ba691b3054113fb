package io.latentkit.app.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.latentkit.data.AtomicFiles;
import java.nio.file.Path;

/** The JSON writer of run records: indented, written atomically. */
public final class Json {
    /** Shared, configured once; Jackson mappers are thread-safe after configuration. */
    public static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Json() {
    }

    public static void write(Path target, Object value) {
        try {
            AtomicFiles.writeString(target, MAPPER.writeValueAsString(value) + "\n");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + target.getFileName() + ": " + e.getMessage(), e);
        }
    }
}
