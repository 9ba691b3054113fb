package io.latentkit.data.format;

import io.latentkit.data.DataException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The header of a .npy file: the Python dict literal giving dtype, memory order and shape, read after the magic
 * bytes and version. A 1-D shape (n) is seen as n rows of one column.
 */
record NpyHeader(ElementType type, ByteOrder order, boolean fortranOrder, int rows, int cols) {
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern STRUCTURED = Pattern.compile("'descr'\\s*:\\s*\\[");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");
    private static final Pattern TYPE = Pattern.compile("([<>|=]?)([a-zA-Z])(\\d*)");

    static NpyHeader read(Path file, BinaryInput in) throws IOException {
        byte[] magic = in.readBytes(8, "the .npy magic bytes and version");
        requireNpy(file, magic);
        int major = magic[6];
        if (major < 1 || major > 3) {
            throw new DataException(file, "byte 6", null, "unsupported .npy format version " + major + "." + magic[7]);
        }
        int lengthBytes = major == 1 ? 2 : 4;
        ByteBuffer length = ByteBuffer.wrap(in.readBytes(lengthBytes, "the header length")).order(ByteOrder.LITTLE_ENDIAN);
        long headerLength = major == 1 ? length.getShort() & 0xffff : length.getInt() & 0xffffffffL;
        if (headerLength > 1 << 20) {
            throw new DataException(file, "byte 8", null, "implausible header length " + headerLength);
        }
        Charset charset = major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1;
        String dict = new String(in.readBytes((int) headerLength, "the header"), charset);
        return parse(file, dict);
    }

    private static void requireNpy(Path file, byte[] start) {
        if ((start[0] & 0xff) == 0x80) {
            throw new DataException(file, "byte 0", null, "this is a Python pickle, not a .npy array; pickles are"
                    + " never loaded (they can run code). Save the array with numpy.save");
        }
        if (start[0] == 'P' && start[1] == 'K') {
            throw new DataException(file, "byte 0", null, "this is a zip archive (.npz?), not a .npy array;"
                    + " extract the array first");
        }
        if (!Arrays.equals(start, 0, 6, new byte[]{(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'}, 0, 6)) {
            throw new DataException(file, "byte 0", null, "not a .npy file: it does not start with \\x93NUMPY");
        }
    }

    private static NpyHeader parse(Path file, String dict) {
        if (STRUCTURED.matcher(dict).find()) {
            throw problem(file, dict, "structured dtypes (records with named fields) are not supported");
        }
        Matcher descr = find(file, dict, DESCR, "descr");
        Matcher fortran = find(file, dict, FORTRAN, "fortran_order");
        Matcher shape = find(file, dict, SHAPE, "shape");
        Matcher type = TYPE.matcher(descr.group(1));
        if (!type.matches()) {
            throw problem(file, dict, "unrecognised dtype '" + descr.group(1) + "'");
        }
        ElementType element = elementType(file, dict, type.group(2), type.group(3));
        ByteOrder order = switch (type.group(1)) {
            case ">" -> ByteOrder.BIG_ENDIAN;
            case "=" -> ByteOrder.nativeOrder();
            default -> ByteOrder.LITTLE_ENDIAN;
        };
        long[] dims = Arrays.stream(shape.group(1).split(","))
                .map(String::strip).filter(s -> !s.isEmpty())
                .mapToLong(s -> Long.parseLong(s.endsWith("L") ? s.substring(0, s.length() - 1) : s))
                .toArray();
        if (dims.length < 1 || dims.length > 2) {
            throw problem(file, dict, "shape (" + shape.group(1) + ") has " + dims.length
                    + " dimensions; only 1-D and 2-D arrays (items x features) are supported");
        }
        long cols = dims.length == 2 ? dims[1] : 1;
        if (dims[0] * cols > Integer.MAX_VALUE - 16) {
            throw problem(file, dict, "shape (" + shape.group(1) + ") is too large for one float32 matrix");
        }
        return new NpyHeader(element, order, fortran.group(1).equals("True"), (int) dims[0], (int) cols);
    }

    private static ElementType elementType(Path file, String dict, String kind, String size) {
        String code = kind + size;
        return switch (code) {
            case "b1", "?" -> ElementType.BOOL;
            case "i1" -> ElementType.I8;
            case "u1" -> ElementType.U8;
            case "i2" -> ElementType.I16;
            case "u2" -> ElementType.U16;
            case "i4" -> ElementType.I32;
            case "u4" -> ElementType.U32;
            case "i8" -> ElementType.I64;
            case "u8" -> ElementType.U64;
            case "f2" -> ElementType.F16;
            case "f4" -> ElementType.F32;
            case "f8" -> ElementType.F64;
            default -> throw problem(file, dict, kind.equals("O")
                    ? "object arrays (dtype 'O') hold pickled Python objects and are never loaded;"
                            + " save a numeric array, e.g. arr.astype('float32')"
                    : "dtype '" + code + "' is not supported; use a boolean, integer or float dtype");
        };
    }

    private static Matcher find(Path file, String dict, Pattern pattern, String key) {
        Matcher m = pattern.matcher(dict);
        if (!m.find()) {
            throw problem(file, dict, "the header has no valid '" + key + "' entry");
        }
        return m;
    }

    private static DataException problem(Path file, String dict, String problem) {
        return new DataException(file, "header", null, problem + " (header: " + dict.strip() + ")");
    }
}
