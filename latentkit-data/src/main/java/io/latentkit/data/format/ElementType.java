package io.latentkit.data.format;

import java.nio.ByteBuffer;

/** The numeric element types of binary array files (NumPy, IDX) and how each becomes a float32. */
enum ElementType {
    BOOL(1), I8(1), U8(1), I16(2), U16(2), I32(4), U32(4), I64(8), U64(8), F16(2), F32(4), F64(8);

    private final int size;

    ElementType(int size) {
        this.size = size;
    }

    /** Bytes per element. */
    int size() {
        return size;
    }

    /** Reads one element at the buffer's position (in the buffer's byte order), rounded to the nearest float. */
    float read(ByteBuffer in) {
        return switch (this) {
            case BOOL -> in.get() != 0 ? 1f : 0f;
            case I8 -> in.get();
            case U8 -> in.get() & 0xff;
            case I16 -> in.getShort();
            case U16 -> in.getShort() & 0xffff;
            case I32 -> in.getInt();
            case U32 -> in.getInt() & 0xffffffffL;
            case I64 -> in.getLong();
            case U64 -> unsignedToFloat(in.getLong());
            case F16 -> Float.float16ToFloat(in.getShort());
            case F32 -> in.getFloat();
            case F64 -> (float) in.getDouble();
        };
    }

    /** For F64: whether the element just read was a finite double that became infinite as a float. */
    static boolean overflowed(ByteBuffer in, float converted) {
        return Float.isInfinite(converted) && Double.isFinite(in.getDouble(in.position() - Double.BYTES));
    }

    private static float unsignedToFloat(long bits) {
        if (bits >= 0) {
            return bits;
        }
        // halve keeping the lowest bit as a sticky bit, so the single rounding to float stays correct
        return ((bits >>> 1) | (bits & 1)) * 2f;
    }
}
