package io.latentkit.data.format;

import io.latentkit.data.DataException;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Path;

/**
 * The contents of one IDX file: a big-endian header (two zero bytes, a type code, the number of dimensions, then
 * each dimension) followed by the values; the first dimension counts items, the rest multiply to values per item.
 */
record IdxArray(int items, int itemSize, float[] values) {

    static IdxArray read(Path file) {
        DataFiles.requireNonEmpty(file);
        try (BinaryInput in = new BinaryInput(file, DataFiles.open(file))) {
            byte[] magic = in.readBytes(4, "the IDX magic number");
            if (magic[0] != 0 || magic[1] != 0 || magic[3] < 1) {
                throw new DataException(file, "byte 0", null, String.format("not an IDX file: magic number"
                        + " %02x %02x %02x %02x, expected 00 00 <type> <dimensions>",
                        magic[0], magic[1], magic[2], magic[3]));
            }
            ElementType type = elementType(file, magic[2]);
            int dimensions = magic[3];
            long items = 0;
            long itemSize = 1;
            for (int d = 0; d < dimensions; d++) {
                long offset = in.offset();
                int size = in.readIntBigEndian("dimension " + (d + 1));
                if (size < 0) {
                    throw new DataException(file, "byte " + offset, null, "dimension " + (d + 1) + " is negative");
                }
                if (d == 0) {
                    items = size;
                } else {
                    itemSize *= size;
                }
            }
            if (items * itemSize > Integer.MAX_VALUE - 16) {
                throw new DataException(file, null, null, items + " items of " + itemSize
                        + " values are too many for one float32 matrix");
            }
            in.expectSize(in.offset() + items * itemSize * type.size());
            float[] values = new float[(int) (items * itemSize)];
            in.readElements(type, ByteOrder.BIG_ENDIAN, values);
            return new IdxArray((int) items, (int) itemSize, values);
        } catch (IOException e) {
            throw DataFiles.readFailure(file, e);
        }
    }

    private static ElementType elementType(Path file, byte code) {
        return switch (code) {
            case 0x08 -> ElementType.U8;
            case 0x09 -> ElementType.I8;
            case 0x0B -> ElementType.I16;
            case 0x0C -> ElementType.I32;
            case 0x0D -> ElementType.F32;
            case 0x0E -> ElementType.F64;
            default -> throw new DataException(file, "byte 2", null, String.format("unknown IDX type code 0x%02x;"
                    + " known: 08 (u8), 09 (i8), 0B (i16), 0C (i32), 0D (f32), 0E (f64)", code));
        };
    }
}
