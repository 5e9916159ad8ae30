package dev.aec.spark;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.serializers.JavaSerializer;
import org.apache.spark.serializer.KryoRegistrator;

/**
 * How Spark's Kryo serializer writes aec's classes: an {@link Example}, which every epoch's
 * shuffle moves by the tens of thousands, as its floats and nothing else; the round's snapshots
 * and results, records Kryo cannot rebuild, through Java's own serialization.
 */
public final class KryoClasses implements KryoRegistrator {
    @Override
    public void registerClasses(Kryo kryo) {
        kryo.register(Example.class, new ExampleSerializer());
        kryo.register(Example[].class);
        kryo.register(Snapshot.class, new JavaSerializer());
        kryo.register(RoundResult.class, new JavaSerializer());
        kryo.register(ClusterRows.Decoded.class, new JavaSerializer());
    }

    /** An example as its input's length and floats, then its target's (-1 for none). */
    static final class ExampleSerializer extends Serializer<Example> {
        @Override
        public void write(Kryo kryo, Output output, Example example) {
            writeFloats(output, example.input());
            writeFloats(output, example.target());
        }

        @Override
        public Example read(Kryo kryo, Input input, Class<Example> type) {
            return new Example(readFloats(input), readFloats(input));
        }

        private static void writeFloats(Output output, float[] values) {
            if (values == null) {
                output.writeInt(-1);
                return;
            }
            output.writeInt(values.length);
            output.writeFloats(values);
        }

        private static float[] readFloats(Input input) {
            int length = input.readInt();
            return length < 0 ? null : input.readFloats(length);
        }
    }
}
