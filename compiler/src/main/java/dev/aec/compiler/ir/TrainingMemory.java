package dev.aec.compiler.ir;

import dev.aec.compiler.data.DataRef;
import dev.aec.compiler.data.DataSource;
import dev.aec.compiler.model.Datasets;
import dev.aec.compiler.model.Optimizer;
import dev.aec.compiler.model.TrainSpec;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.function.Function;

/**
 * An estimate of the memory one train block takes, in bytes, by arithmetic on its lowered graph:
 * the weights, one gradient per weight, the optimizer's state (a number of slots per weight), the
 * activations of one batch kept for the backward pass and their gradients, and the data held in
 * memory (training and test data, and validation data when it is another source; the user's files
 * only when a probe counted them). What the process needs around it (the Java
 * heap, the native libraries) is the runtime's to add.
 */
public record TrainingMemory(long weights, long gradients, int optimizerSlots, long optimizerState, int batch,
                             long activations, long data) {

    /** The runtime trains in float32. */
    public static final int BYTES_PER_VALUE = 4;

    /** The estimate for {@code spec}, training {@code graph} on the whole dataset. */
    public static TrainingMemory estimate(Graph graph, TrainSpec spec) {
        return estimate(graph, spec, OptionalInt.empty());
    }

    /** The estimate when only the first {@code trainLimit} training samples are used ({@code aec train --limit}). */
    public static TrainingMemory estimate(Graph graph, TrainSpec spec, OptionalInt trainLimit) {
        return estimate(graph, spec, trainLimit, source -> OptionalInt.empty());
    }

    /**
     * As {@link #estimate(Graph, TrainSpec, OptionalInt)}; the user's files count as the samples
     * `probedCount` gives for them (what a data probe counted), none when it gives none.
     */
    public static TrainingMemory estimate(Graph graph, TrainSpec spec, OptionalInt trainLimit,
                                          Function<DataSource, OptionalInt> probedCount) {
        long weights = graph.paramCount() * BYTES_PER_VALUE;
        int slots = optimizerSlots(spec.optimizer());
        long batch = spec.batch();
        long perSample = graph.input().elements();
        for (IrNode node : graph.nodes()) {
            perSample += node.outShape().elements();
        }
        // Forward values and their gradients, and the batch's inputs and targets (copied per step).
        long activations = batch * BYTES_PER_VALUE * (2 * perSample + graph.input().elements() + graph.output().elements());
        // Every source is held once: the training data (a held-out share is part of it), then the
        // test and validation data when they are other sources.
        long data = 0;
        List<String> held = new ArrayList<>();
        for (DataSource source : DataSource.of(spec.data(), spec.test(), spec.validation())) {
            if (source instanceof DataSource.HeldOut || held.contains(key(source))) {
                continue;
            }
            held.add(key(source));
            OptionalInt count = samples(source, probedCount);
            long samples = count.isPresent() ? count.getAsInt() : 0;
            if (source == spec.data() && trainLimit.isPresent()) {
                samples = Math.min(samples, trainLimit.getAsInt());
            }
            long perSampleData;
            if (source instanceof DataRef ref) {
                Datasets.Info info = Datasets.find(ref.dataset())
                        .orElseThrow(() -> new IllegalArgumentException("the checker accepted unknown dataset " + ref));
                perSampleData = info.sampleShape().elements() + (spec.loss().classifies() ? info.classes() : 0);
            } else {
                perSampleData = graph.input().elements() + (spec.loss().classifies() ? graph.output().elements() : 0);
            }
            data += samples * perSampleData * BYTES_PER_VALUE;
        }
        return new TrainingMemory(weights, weights, slots, slots * weights, spec.batch(), activations, data);
    }

    /** Two mentions of one dataset split, or of one path read the same way, are held once. */
    private static String key(DataSource source) {
        return source instanceof DataSource.FileSource files ? files.toString() + files.location() : source.toString();
    }

    private static OptionalInt samples(DataSource source, Function<DataSource, OptionalInt> probedCount) {
        if (source instanceof DataRef ref) {
            return Datasets.find(ref.dataset()).map(d -> OptionalInt.of(ref.split() == DataRef.Split.TRAIN
                    ? d.trainCount() : d.testCount())).orElse(OptionalInt.empty());
        }
        return probedCount.apply(source);
    }

    /**
     * Values the optimizer keeps per weight: SGD none (one with momentum), Adam two (first and
     * second moments), Adadelta two (accumulated squares of gradients and of updates), RMSprop one
     * (two with momentum), Adagrad one.
     */
    public static int optimizerSlots(Optimizer optimizer) {
        return switch (optimizer.kind()) {
            case SGD -> optimizer.param("momentum") != 0 ? 1 : 0;
            case ADAM -> 2;
            case ADADELTA -> 2;
            case RMSPROP -> optimizer.param("momentum") != 0 ? 2 : 1;
            case ADAGRAD -> 1;
        };
    }

    public long total() {
        return weights + gradients + optimizerState + activations + data;
    }

    /** {@code weights 376 MB, gradients 376 MB, optimizer state 752 MB, activations for batch 100: 15 MB, data 219 MB}. */
    public String parts() {
        return "weights " + bytes(weights) + ", gradients " + bytes(gradients) + ", optimizer state "
                + bytes(optimizerState) + ", activations for batch " + batch + ": " + bytes(activations)
                + ", data " + bytes(data);
    }

    /**
     * A size for people, in decimal units as the run summary's "peak memory 1.49 GB": {@code 0
     * bytes}, {@code 18 KB}, {@code 376 MB}, {@code 1.9 GB}; two significant figures at least.
     */
    public static String bytes(long count) {
        if (count < 1_000) {
            return count + (count == 1 ? " byte" : " bytes");
        }
        String[] units = {"KB", "MB", "GB", "TB"};
        double value = count;
        int unit = -1;
        // 999,999 bytes are "1.0 MB", not "1000 KB".
        while (value >= 999.5 && unit < units.length - 1) {
            value /= 1_000;
            unit++;
        }
        // What String.format's "%.1f" and "%.0f" print (the shortest decimal digits, rounded half
        // up), without the locale data its first call loads: `aec check` prints this on every save.
        return BigDecimal.valueOf(value).setScale(value < 10 ? 1 : 0, RoundingMode.HALF_UP).toPlainString()
                + " " + units[unit];
    }
}
