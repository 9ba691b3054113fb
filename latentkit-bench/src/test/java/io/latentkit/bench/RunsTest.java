package io.latentkit.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.latentkit.bench.Runs.Options;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunsTest {
    private static final List<String> KNOWN = List.of("a", "b", "c");

    @Test
    void optionsDefaultToEveryMeasurementAndCheckTheNames() {
        Options all = Options.parse(new String[0], KNOWN);
        assertEquals(KNOWN, all.names());
        assertEquals(1, all.repeat());
        Options some = Options.parse(new String[] {"--only", " c, a", "--quick", "--repeat", "3", "--out", "x"},
                KNOWN);
        assertEquals(List.of("c", "a"), some.names());
        assertTrue(some.quick());
        assertEquals(3, some.repeat());
        assertEquals(Path.of("x"), some.out());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> Options.parse(new String[] {"--only", "a,z"}, KNOWN));
        assertTrue(unknown.getMessage().contains("[z]"), unknown.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Options.parse(new String[] {"--repeat", "0"}, KNOWN));
        assertThrows(IllegalArgumentException.class, () -> Options.parse(new String[] {"--out"}, KNOWN));
    }

    @Test
    void repeatsKeepTheMedianOfEveryTimeAndTheLastRunsOtherFields() {
        Iterator<Map<String, Object>> runs = List.of(
                Runs.fields("seconds", 3.0, "gmm_seconds", 1.0, "acc", 0.1),
                Runs.fields("seconds", 1.0, "gmm_seconds", 2.0, "acc", 0.2),
                Runs.fields("seconds", 2.0, "gmm_seconds", 9.0, "acc", 0.3)).iterator();
        Map<String, Object> r = Runs.repeated(runs::next, 3);
        assertEquals(2.0, r.get("seconds"));
        assertEquals(2.0, r.get("gmm_seconds"));
        assertArrayEquals(new double[] {3, 1, 2}, (double[]) r.get("seconds_runs"));
        assertEquals(0.3, r.get("acc"));
        assertEquals(3, r.get("repeat"));
    }
}
