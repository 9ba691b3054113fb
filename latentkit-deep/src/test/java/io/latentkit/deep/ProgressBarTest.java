package io.latentkit.deep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressBarTest {
    @Test
    void drawsOneLinePerEpochWithLossRateAndEta() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        long[] now = {0};
        ProgressBar bar = new ProgressBar(new PrintStream(bytes, true, StandardCharsets.UTF_8), () -> now[0]);
        bar.onStart(1, 2, 4);
        for (int b = 1; b <= 4; b++) {
            now[0] += 1_000_000_000L;
            bar.onBatch(1, b, 0.5);
        }
        bar.onEpoch(new TrainingHistory.Row(1, 0.5, 0.25, 1e-3, 4));
        String out = bytes.toString(StandardCharsets.UTF_8);
        String[] lines = out.split("\n");
        assertEquals(1, lines.length, out);
        String last = lines[0].substring(lines[0].lastIndexOf('\r') + 1);
        assertEquals("epoch 1/2 [========================] 4/4 loss 0.5000 val 0.2500 lr 0.0010 ETA 0:00:04", last);
        assertTrue(out.startsWith("\repoch 1/2 [======      ] 1/4".replace("      ", " ".repeat(18))), out);
    }

    @Test
    void autoIsQuietWithoutAConsole() {
        if (System.console() == null) {
            assertEquals(TrainingListener.NONE, ProgressBar.auto());
        }
    }
}
