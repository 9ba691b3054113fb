package io.latentkit.report;

import java.awt.Color;
import java.util.List;

/**
 * The categorical colours of every figure: group {@code g} always gets the same colour, so a
 * cluster keeps its colour across plots of one run.
 *
 * <p>Twenty colours: ten saturated hues, then lighter tints of similar hues, chosen to stay
 * apart on white. Beyond twenty groups the list repeats. Grey is left out of it, because grey
 * means noise ({@link #NOISE}).
 */
public final class Palette {
    /** Hex RGB values, group 0 first. */
    public static final List<String> HEX = List.of(
            "#2a6fb0", "#f08a24", "#2f9e44", "#d6333a", "#8a5cc2",
            "#8c5a3c", "#d9619f", "#a3a82a", "#17a8b8", "#1b2f6e",
            "#8fbce6", "#ffb870", "#93d88a", "#f5989b", "#c7b0e3",
            "#c9a38a", "#f2b3d4", "#d3d07c", "#8fd8e0", "#7a1f4f");

    /** Light grey for noise points (label -1), drawn behind every group. */
    public static final Color NOISE = new Color(0xc8c8c8);

    private static final Color[] COLORS = HEX.stream().map(Color::decode).toArray(Color[]::new);

    private Palette() {
    }

    /** The colour of group {@code group} (≥ 0), cycling through the twenty. */
    public static Color color(int group) {
        if (group < 0) {
            throw new IllegalArgumentException("group " + group + " has no colour; noise uses Palette.NOISE");
        }
        return COLORS[group % COLORS.length];
    }

    public static int size() {
        return COLORS.length;
    }
}
