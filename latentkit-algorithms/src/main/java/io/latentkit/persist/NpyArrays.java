package io.latentkit.persist;

import io.latentkit.data.DataException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The arrays of a saved model as exact {@code .npy} files (version 1.0, C order, little-endian): float64 for double
 * parameters, float32 for float ones and int32 for labels, so nothing is rounded. Reading is strict: the dtype and
 * the shape must be the ones the model expects. Public for other exact array files, such as training checkpoints.
 */
public final class NpyArrays {
    /** The element types a model stores. */
    public enum Dtype {
        F8("<f8", Double.BYTES), F4("<f4", Float.BYTES), I4("<i4", Integer.BYTES);

        final String descr;
        final int size;

        Dtype(String descr, int size) {
            this.descr = descr;
            this.size = size;
        }
    }

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0};
    private static final int ALIGNMENT = 64;
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private NpyArrays() {
    }

    /** Writes {@code values} (a filled little-endian buffer of {@code dtype} elements) with the given shape. */
    public static void write(Path file, Dtype dtype, int[] shape, ByteBuffer values) {
        String dict = "{'descr': '" + dtype.descr + "', 'fortran_order': False, 'shape': " + shapeText(shape) + ", }";
        int unpadded = MAGIC.length + 2 + dict.length() + 1;
        String padded = dict + " ".repeat((ALIGNMENT - unpadded % ALIGNMENT) % ALIGNMENT) + "\n";
        byte[] text = padded.getBytes(StandardCharsets.US_ASCII);
        ByteBuffer header = ByteBuffer.allocate(MAGIC.length + 2 + text.length).order(ByteOrder.LITTLE_ENDIAN);
        header.put(MAGIC).putShort((short) text.length).put(text);
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(header.array());
            out.write(values.array());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** A little-endian buffer for {@code count} elements of {@code dtype}. */
    public static ByteBuffer buffer(Dtype dtype, int count) {
        return ByteBuffer.allocate(Math.multiplyExact(count, dtype.size)).order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * Reads the values of the array stored for {@code field}, positioned at the first element.
     *
     * @throws DataException naming the file and the field when the file is missing or not of this dtype and shape
     */
    public static ByteBuffer read(Path file, String field, Dtype dtype, int[] shape) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new DataException(file, null, field, "the array file is missing");
        } catch (IOException e) {
            throw new DataException(file, null, field, "cannot read: " + e.getMessage(), e);
        }
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length < MAGIC.length + 2 || !Arrays.equals(bytes, 0, 6, MAGIC, 0, 6) || bytes[6] != 1) {
            throw new DataException(file, null, field, "not a version 1 .npy file");
        }
        int headerLength = in.getShort(MAGIC.length) & 0xffff;
        int dataStart = MAGIC.length + 2 + headerLength;
        if (dataStart > bytes.length) {
            throw new DataException(file, null, field, "the .npy header is truncated");
        }
        String dict = new String(bytes, MAGIC.length + 2, headerLength, StandardCharsets.US_ASCII);
        String descr = group(file, field, DESCR, dict);
        String fortran = group(file, field, FORTRAN, dict);
        String found = "(" + group(file, field, SHAPE, dict) + ")";
        if (!descr.equals(dtype.descr)) {
            throw new DataException(file, null, field, "dtype '" + descr + "' is not the expected '" + dtype.descr + "'");
        }
        if (!normalise(found).equals(normalise(shapeText(shape)))) {
            throw new DataException(file, null, field, "shape " + found + " does not match the expected " + shapeText(shape));
        }
        if (fortran.equals("True") && shape.length > 1) {
            throw new DataException(file, null, field, "Fortran order is not supported; save the array in C order");
        }
        long expected = dataStart + (long) dtype.size * Arrays.stream(shape).asLongStream().reduce(1, Math::multiplyExact);
        if (bytes.length != expected) {
            throw new DataException(file, null, field, "holds " + bytes.length + " bytes, expected " + expected);
        }
        return in.position(dataStart).slice().order(ByteOrder.LITTLE_ENDIAN);
    }

    private static String group(Path file, String field, Pattern pattern, String dict) {
        Matcher m = pattern.matcher(dict);
        if (!m.find()) {
            throw new DataException(file, "header", field, "the .npy header has no valid entry " + pattern.pattern());
        }
        return m.group(1);
    }

    /** Python's tuple text: (3,) for one dimension, (2, 5) for two. */
    private static String shapeText(int[] shape) {
        String dims = Arrays.stream(shape).mapToObj(Integer::toString).collect(Collectors.joining(", "));
        return "(" + dims + (shape.length == 1 ? ",)" : ")");
    }

    private static String normalise(String tuple) {
        return tuple.replaceAll("[\\sL]", "").replace(",)", ")");
    }
}
