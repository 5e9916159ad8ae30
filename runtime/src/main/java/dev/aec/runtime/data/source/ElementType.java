package dev.aec.runtime.data.source;

import java.nio.ByteBuffer;

/** The numeric types an array file may hold, each read into a float. */
enum ElementType {
    U8(1, true),
    I8(1, true),
    I16(2, true),
    I32(4, true),
    F32(4, false),
    F64(8, false);

    private final int bytes;
    private final boolean integral;

    ElementType(int bytes, boolean integral) {
        this.bytes = bytes;
        this.integral = integral;
    }

    int bytes() {
        return bytes;
    }

    /** Whether every value is finite by construction, so no sample needs checking. */
    boolean integral() {
        return integral;
    }

    /** The next value of `buffer` (whose byte order is the file's), as a double so that f64 overflow can be told. */
    double next(ByteBuffer buffer) {
        return switch (this) {
            case U8 -> buffer.get() & 0xff;
            case I8 -> buffer.get();
            case I16 -> buffer.getShort();
            case I32 -> buffer.getInt();
            case F32 -> buffer.getFloat();
            case F64 -> buffer.getDouble();
        };
    }
}
