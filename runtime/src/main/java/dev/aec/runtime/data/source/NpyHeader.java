package dev.aec.runtime.data.source;

import dev.aec.compiler.types.Shape;
import dev.aec.runtime.data.DataException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The header of an NPY array (format versions 1.0, 2.0 and 3.0) that aec can read: a C-order
 * array of one of {@link #SUPPORTED} dtypes and shape [N, ...] with N >= 1. A rank-1 array
 * [N] reads as N samples of shape `1`, the way a column of numbers is one feature per sample.
 *
 * @param descr the dtype as the file spells it, e.g. `<f4`
 * @param shape the array's shape, N first
 * @param dataOffset where the data starts, counted from the magic string
 */
record NpyHeader(String descr, ElementType type, ByteOrder order, long[] shape, long dataOffset) {
    static final String SUPPORTED = "<f4, >f4, <f8, >f8, |u1 and |i1";
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Set<String> KEYS = Set.of("descr", "fortran_order", "shape");

    NpyHeader {
        shape = shape.clone();
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** The number of samples, the first dimension. */
    int count() {
        return (int) shape[0];
    }

    /** One sample's shape: the dimensions after the first, or `1` for a rank-1 array. */
    Shape sampleShape() {
        if (shape.length == 1) {
            return Shape.of(1);
        }
        return Shape.of(Arrays.stream(shape).skip(1).mapToInt(d -> (int) d).toArray());
    }

    /** The number of data bytes the shape and dtype announce. */
    long dataBytes() {
        return (long) count() * sampleShape().elements() * type.bytes();
    }

    /** The shape as NumPy prints it: `(3, 4)`, `(5,)`. */
    String shapeText() {
        return text(shape);
    }

    /**
     * Reads the header from the start of `in`, leaving `in` at the first data byte.
     *
     * @param where prefixed to every problem, e.g. "array `x`: " inside an `.npz`, else empty
     */
    static NpyHeader read(String subject, String where, InputStream in) throws DataException, IOException {
        byte[] magic = in.readNBytes(MAGIC.length);
        if (magic.length == 0) {
            throw new DataException(subject, where + "empty file: expected an NPY array");
        }
        if (!Arrays.equals(magic, MAGIC)) {
            if (magic.length >= 4 && magic[0] == 'P' && magic[1] == 'K' && magic[2] == 3 && magic[3] == 4) {
                throw DataException.withHelp(subject, where + "a zip archive, not an NPY array",
                        "an archive of arrays (`np.savez`) is read from a file named `.npz`");
            }
            throw new DataException(subject, where + "not an NPY array: it starts with " + hex(magic)
                    + ", expected the magic string \\x93NUMPY");
        }
        byte[] version = in.readNBytes(2);
        if (version.length < 2) {
            throw new DataException(subject, where + "truncated: the file ends inside the NPY header");
        }
        int major = version[0] & 0xff;
        int minor = version[1] & 0xff;
        if (major < 1 || major > 3 || minor != 0) {
            throw new DataException(subject, where + "unsupported NPY format version " + major + "." + minor
                    + ": aec reads versions 1.0, 2.0 and 3.0");
        }
        byte[] lengthBytes = in.readNBytes(major == 1 ? 2 : 4);
        if (lengthBytes.length < (major == 1 ? 2 : 4)) {
            throw new DataException(subject, where + "truncated: the file ends inside the NPY header");
        }
        long headerLength = 0;
        for (int i = lengthBytes.length - 1; i >= 0; i--) {
            headerLength = (headerLength << 8) | (lengthBytes[i] & 0xff);
        }
        if (headerLength > 1 << 20) {
            throw new DataException(subject, where + "the NPY header claims " + headerLength
                    + " bytes; a real one is a few hundred");
        }
        byte[] headerBytes = in.readNBytes((int) headerLength);
        if (headerBytes.length < headerLength) {
            throw new DataException(subject, where + "truncated: the NPY header announces " + headerLength
                    + " bytes, the file ends after " + headerBytes.length);
        }
        // Versions 1 and 2 write the header in latin-1; version 3 exists to allow UTF-8 field names.
        String text = new String(headerBytes, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        long dataOffset = MAGIC.length + 2 + lengthBytes.length + headerLength;
        return interpret(subject, where, text, dataOffset);
    }

    private static NpyHeader interpret(String subject, String where, String text, long dataOffset)
            throws DataException {
        Object parsed;
        try {
            parsed = PythonLiteral.parse(text);
        } catch (PythonLiteral.Malformed e) {
            throw new DataException(subject, where + "malformed NPY header at character " + (e.offset() + 1) + ": "
                    + e.getMessage() + " in " + excerpt(text));
        }
        if (!(parsed instanceof Map<?, ?> dict)) {
            throw new DataException(subject, where + "malformed NPY header: expected a dict, found " + excerpt(text));
        }
        if (!dict.keySet().equals(KEYS)) {
            throw new DataException(subject, where + "malformed NPY header: expected the keys 'descr', "
                    + "'fortran_order' and 'shape', found " + dict.keySet().stream().map(k -> "'" + k + "'")
                    .collect(Collectors.joining(", ")));
        }
        if (!(dict.get("shape") instanceof List<?> dims) || !dims.stream().allMatch(d -> d instanceof Long)) {
            throw new DataException(subject, where + "malformed NPY header: 'shape' is not a tuple of integers in "
                    + excerpt(text));
        }
        long[] shape = dims.stream().mapToLong(d -> (Long) d).toArray();
        if (!(dict.get("fortran_order") instanceof Boolean fortran)) {
            throw new DataException(subject, where + "malformed NPY header: 'fortran_order' is not True or False");
        }
        Object descr = dict.get("descr");
        if (!(descr instanceof String dtype)) {
            throw DataException.withHelp(subject, where + "a structured array (a dtype of named fields): "
                    + "aec reads plain numeric arrays of " + SUPPORTED,
                    "save one field as its own array, e.g. `np.save(path, x['pixels'].astype(np.float32))`");
        }
        checkShape(subject, where, shape);
        // A Fortran-order array with at most one dimension above 1 has the same bytes as in C order.
        if (fortran && Arrays.stream(shape).filter(d -> d > 1).count() > 1) {
            throw DataException.withHelp(subject, where + "the array of shape " + text(shape)
                    + " is stored in Fortran order (column-major); aec reads C order",
                    "save `np.ascontiguousarray(x)` instead of `x`");
        }
        ElementType type = type(dtype).orElseThrow(() -> DataException.withHelp(subject, where
                + "unsupported dtype `" + dtype + "`: aec reads " + SUPPORTED,
                "convert the array before saving it, e.g. `x.astype(np.float32)`"));
        ByteOrder order = dtype.startsWith(">") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        return new NpyHeader(dtype, type, order, shape, dataOffset);
    }

    private static java.util.Optional<ElementType> type(String dtype) {
        return java.util.Optional.ofNullable(switch (dtype) {
            case "<f4", ">f4" -> ElementType.F32;
            case "<f8", ">f8" -> ElementType.F64;
            // Single bytes have no byte order; NumPy writes `|`, other writers sometimes `<`.
            case "|u1", "<u1", ">u1" -> ElementType.U8;
            case "|i1", "<i1", ">i1" -> ElementType.I8;
            default -> null;
        });
    }

    private static void checkShape(String subject, String where, long[] shape) throws DataException {
        if (shape.length == 0) {
            throw DataException.withHelp(subject, where + "a single number (shape ()), not an array of samples",
                    "save an array of shape (N, ...), one sample per row");
        }
        if (shape[0] == 0) {
            throw new DataException(subject, where + "the array of shape " + text(shape) + " holds no samples");
        }
        for (long d : shape) {
            if (d <= 0) {
                throw new DataException(subject, where + "the array of shape " + text(shape)
                        + " has an empty dimension: every sample would be empty");
            }
        }
        if (shape[0] > Integer.MAX_VALUE) {
            throw new DataException(subject, where + "the array of shape " + text(shape) + " holds " + shape[0]
                    + " samples, more than the " + Integer.MAX_VALUE + " aec reads from one source");
        }
        long width = 1;
        for (int i = 1; i < shape.length; i++) {
            width *= shape[i];
            // Eight bytes per f8 value must fit one read.
            if (width > Integer.MAX_VALUE / 8) {
                throw new DataException(subject, where + "one sample of the array of shape " + text(shape)
                        + " has more values than aec reads at once (" + Integer.MAX_VALUE / 8 + ")");
            }
        }
    }

    private static String text(long[] shape) {
        if (shape.length == 1) {
            return "(" + shape[0] + ",)";
        }
        return Arrays.stream(shape).mapToObj(Long::toString).collect(Collectors.joining(", ", "(", ")"));
    }

    private static String excerpt(String text) {
        String trimmed = text.strip();
        return "`" + (trimmed.length() > 120 ? trimmed.substring(0, 117) + "..." : trimmed) + "`";
    }

    private static String hex(byte[] bytes) {
        StringBuilder s = new StringBuilder();
        for (byte b : bytes) {
            s.append(String.format("%02x ", b & 0xff));
        }
        return s.toString().strip();
    }
}
