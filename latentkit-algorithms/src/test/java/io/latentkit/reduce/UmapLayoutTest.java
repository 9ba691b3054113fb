package io.latentkit.reduce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class UmapLayoutTest {
    /** Every edge lands in exactly one class, and no two edges of a class (but the overflow) share a point. */
    private static void assertProperColoring(UmapLayout.Coloring coloring, int[] head, int[] tail) {
        int[] sorted = coloring.order().clone();
        Arrays.sort(sorted);
        for (int e = 0; e < sorted.length; e++) {
            assertEquals(e, sorted[e], "each edge once");
        }
        int classes = coloring.classStart().length - 1;
        for (int c = 0; c < classes - (coloring.overflow() ? 1 : 0); c++) {
            Set<Integer> points = new HashSet<>();
            for (int p = coloring.classStart()[c]; p < coloring.classStart()[c + 1]; p++) {
                int e = coloring.order()[p];
                assertTrue(points.add(head[e]) && points.add(tail[e]), "class " + c + " shares a point at edge " + e);
            }
        }
    }

    @Test
    void randomGraphIsColouredWithoutOverflow() {
        int rows = 2000;
        int k = 15;
        SplittableRandom random = new SplittableRandom(3);
        int[] head = new int[2 * rows * k];
        int[] tail = new int[head.length];
        for (int e = 0; e < rows * k; e++) {
            int i = e / k;
            int j = (i + 1 + random.nextInt(rows - 1)) % rows;
            head[2 * e] = i;
            tail[2 * e] = j;
            head[2 * e + 1] = j;
            tail[2 * e + 1] = i;
        }
        UmapLayout.Coloring coloring = UmapLayout.Coloring.of(rows, head, tail);
        assertFalse(coloring.overflow());
        assertProperColoring(coloring, head, tail);
    }

    @Test
    void hubBeyondThePaletteGoesToTheLastClass() {
        int rows = 301;
        int[] head = new int[2 * (rows - 1)];
        int[] tail = new int[head.length];
        for (int j = 1; j < rows; j++) {
            head[2 * (j - 1)] = 0;
            tail[2 * (j - 1)] = j;
            head[2 * (j - 1) + 1] = j;
            tail[2 * (j - 1) + 1] = 0;
        }
        UmapLayout.Coloring coloring = UmapLayout.Coloring.of(rows, head, tail);
        assertTrue(coloring.overflow());
        int classes = coloring.classStart().length - 1;
        assertEquals(129, classes, "128 colours and the overflow");
        assertEquals(head.length - 128, coloring.classStart()[classes] - coloring.classStart()[classes - 1]);
        assertProperColoring(coloring, head, tail);
    }
}
