package dev.aec.runtime.data.source;

import dev.aec.compiler.data.DataOptions;
import dev.aec.compiler.data.DataSource.Format;
import dev.aec.compiler.data.DataSource.Scale;
import dev.aec.compiler.types.Shape;
import dev.aec.runtime.data.Content;
import dev.aec.runtime.data.DataException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Optional;

/**
 * The samples of a plain `.npy` or IDX file as fixed-size records after its header: where they
 * start, how many there are, and how one record's bytes become a sample, exactly as
 * {@link NpyFile} and {@link IdxSamples} read them. Read from the header alone, so that a file on a
 * cluster's file system can be cut into ranges of records that executors read by position; small
 * enough to ship to them. A compressed file (`.npz`, gzipped IDX) cannot be read by position.
 *
 * @param subject the file as messages name it
 * @param dataOffset the byte where the first record starts
 * @param count the number of records
 * @param sampleDims the shape of one sample
 * @param type the element type's name ({@link ElementType})
 * @param bigEndian the file's byte order
 * @param divisor 255 when the values are pixels, else 1
 * @param fingerprint what identifies the file and the options that change its values
 */
public record DenseRecords(String subject, long dataOffset, int count, int[] sampleDims, String type,
                           boolean bigEndian, float divisor, String fingerprint) implements Serializable {
    /** The shape of one sample. */
    public Shape sampleShape() {
        return Shape.of(sampleDims);
    }

    /** Bytes in one record. */
    public int recordBytes() {
        return Math.toIntExact(sampleShape().elements() * ElementType.valueOf(type).bytes());
    }

    /**
     * Sample `index`, whose record is `bytes` from `offset`.
     *
     * @throws DataException when a value is not finite
     */
    public float[] sample(int index, byte[] bytes, int offset) throws DataException {
        float[] values = new float[(int) sampleShape().elements()];
        ByteBuffer record = ByteBuffer.wrap(bytes, offset, recordBytes())
                .order(bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        DenseSamples.convert(subject, sampleShape(), ElementType.valueOf(type), divisor, index, record, values, 0);
        return values;
    }

    /**
     * The records of the `.npy` file whose bytes `in` gives from the start, `size` bytes modified
     * at `modifiedMillis`.
     *
     * @throws DataException when it is not a plain `.npy` array aec reads, or its length does not
     *     match its header
     */
    public static DenseRecords npy(String subject, InputStream in, long size, long modifiedMillis,
                                   Optional<Scale> scale) throws DataException {
        try (BufferedInputStream buffered = new BufferedInputStream(in)) {
            if (startsWith(buffered, 'P', 'K')) {
                throw DataException.withHelp(subject, "an `.npz` archive cannot be read a record at a time",
                        "save the array as an `.npy` file (`np.save`), or copy the archive to this machine");
            }
            NpyHeader header = NpyHeader.read(subject, "", buffered);
            NpyFile.checkLength(subject, "", header, size - header.dataOffset(), "the file");
            float divisor = NpyFile.divisor(header, scale);
            String fingerprint = new Fingerprint("npy").file(subject, size, modifiedMillis).add("array", "")
                    .add("divisor", divisor).hex();
            return new DenseRecords(subject, header.dataOffset(), header.count(), dims(header.sampleShape()),
                    header.type().name(), header.order() == ByteOrder.BIG_ENDIAN, divisor, fingerprint);
        } catch (IOException e) {
            throw Content.failure(subject, false, e);
        }
    }

    /**
     * The records of the IDX file whose bytes `in` gives from the start, `size` bytes modified at
     * `modifiedMillis`.
     *
     * @throws DataException when it is gzipped, not an IDX file aec reads, or its length does not
     *     match its header
     */
    public static DenseRecords idx(String subject, InputStream in, long size, long modifiedMillis,
                                   Optional<Scale> scale) throws DataException {
        try (BufferedInputStream buffered = new BufferedInputStream(in)) {
            if (startsWith(buffered, 0x1f, 0x8b)) {
                throw DataException.withHelp(subject, "a gzipped IDX file cannot be read a record at a time",
                        "store it uncompressed (`gunzip`), or copy it to this machine");
            }
            IdxSamples.Header header = IdxSamples.header(subject, buffered);
            if (size != header.headerBytes() + header.dataBytes()) {
                throw IdxSamples.lengthProblem(subject, header, size);
            }
            boolean pixels = scale.orElse(DataOptions.defaultScale(Format.IDX, header.type() == ElementType.U8))
                    == Scale.PIXELS;
            String fingerprint = new Fingerprint("idx").file(subject, size, modifiedMillis).add("divisor", pixels ? 255 : 1)
                    .hex();
            return new DenseRecords(subject, header.headerBytes(), header.count(), dims(header.sampleShape()),
                    header.type().name(), true, pixels ? 255f : 1f, fingerprint);
        } catch (IOException e) {
            throw Content.failure(subject, false, e);
        }
    }

    private static boolean startsWith(BufferedInputStream in, int first, int second) throws IOException {
        in.mark(2);
        int a = in.read();
        int b = in.read();
        in.reset();
        return a == first && b == second;
    }

    private static int[] dims(Shape shape) {
        int[] dims = new int[shape.rank()];
        for (int d = 0; d < dims.length; d++) {
            dims[d] = shape.dim(d);
        }
        return dims;
    }
}
