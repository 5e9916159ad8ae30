package dev.aec.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aec.compiler.Compiler;
import dev.aec.compiler.check.CheckedProgram;
import dev.aec.compiler.model.TrainSpec;
import dev.aec.runtime.run.RunDirectory;
import dev.aec.runtime.run.RunSources;
import dev.aec.runtime.run.TrainingRun;
import dev.aec.runtime.train.Trainer;
import dev.aec.spark.ModelRecipe;
import dev.aec.spark.SparkEngine;
import dev.aec.spark.SparkSettings;
import dev.aec.spark.SparkSteps;
import dev.aec.spark.SparkTraining;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Whole training runs of two epochs, the first a warm-up and the second timed, on this machine
 * (`aec train`'s fast path) or on a local Spark master by parameter averaging, as `aec train`
 * and `aec train --spark` run them; with Spark, where each epoch's time went ({@link
 * SparkSteps.Meter}) and each round's seconds. Runs in a JVM whose class path starts with Spark's
 * jars; prints one JSON line.
 *
 * <pre>
 * local MODEL_FILE LIMIT                            LIMIT: training images, 0 for all
 * spark MODEL_FILE LIMIT MASTER WORKERS SYNC...     one run per sync_every, on one Spark context
 * </pre>
 */
final class SparkMeasure {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int EPOCHS = 2;

    private SparkMeasure() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[1]);
        int limit = Integer.parseInt(args[2]);
        Path tmp = Files.createTempDirectory("aec-bench-spark");
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("model", file.getFileName().toString().replace(".aemodel", ""));
        List<Map<String, Object>> runs = new ArrayList<>();
        try {
            switch (args[0]) {
                case "local" -> runs.add(run(file, limit, tmp.resolve("local"), Optional.empty(), out));
                case "spark" -> {
                    String master = args[3];
                    int workers = Integer.parseInt(args[4]);
                    try (SparkTraining spark = SparkTraining.start(Optional.of(master), "aec-bench", System.err::println)) {
                        for (int i = 5; i < args.length; i++) {
                            int sync = Integer.parseInt(args[i]);
                            Map<String, Object> r = run(file, limit, tmp.resolve("sync" + sync),
                                    Optional.of(new Spark(spark, new SparkSettings(workers, sync, true))), out);
                            r.put("master", master);
                            r.put("workers", workers);
                            r.put("sync_every", sync);
                            runs.add(r);
                        }
                    }
                }
                default -> throw new IllegalArgumentException("unknown measurement " + args[0]);
            }
        } finally {
            try (var files = Files.walk(tmp)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
        out.put("runs", runs);
        System.out.println(JSON.writeValueAsString(out));
    }

    /** Spark's context and the settings of one run on it. */
    private record Spark(SparkTraining training, SparkSettings settings) {
    }

    private static Map<String, Object> run(Path file, int limit, Path dir, Optional<Spark> spark,
                                           Map<String, Object> facts) throws Exception {
        CheckedProgram program = Compiler.compileFile(file).program()
                .orElseThrow(() -> new IllegalArgumentException(file + " has errors; run aec check"));
        TrainSpec block = program.trains().get(0);
        TrainSpec spec = block.with(block.batch(), EPOCHS, block.seed());
        String source = Files.readString(file);
        TrainingRun.Request request = new TrainingRun.Request(program, spec, source, file.toString(),
                limit > 0 ? Optional.of(limit) : Optional.empty(), Measure.mnist(), RunDirectory.create(dir, false));
        facts.put("samples", request.data().train().count());
        facts.put("batch", spec.batch());
        Optional<SparkEngine> engine = spark.map(s -> s.training().engine(
                ModelRecipe.of(RunSources.single(source, file.toString()), spec), s.settings()));
        Timing timing = new Timing(engine);
        try {
            if (engine.isPresent()) {
                TrainingRun.start(request, engine.get(), timing, () -> false);
            } else {
                TrainingRun.start(request, timing, () -> false);
            }
        } finally {
            engine.ifPresent(SparkEngine::close);
            request.dir().close();
        }
        return timing.result();
    }

    /** Each epoch's seconds and speed, each round's (a batch on the fast path) seconds, and the meter at each epoch's end. */
    private static final class Timing implements TrainingRun.Listener {
        private final Optional<SparkEngine> engine;
        private final List<Double> epochSeconds = new ArrayList<>();
        private final List<Double> epochRates = new ArrayList<>();
        private final List<List<Double>> rounds = new ArrayList<>();
        private final List<double[]> meters = new ArrayList<>();
        private double last;

        Timing(Optional<SparkEngine> engine) {
            this.engine = engine;
        }

        @Override
        public void epochStarted(int epoch, int epochs, int batches, int firstBatch) {
            rounds.add(new ArrayList<>());
            last = 0;
        }

        @Override
        public void batchDone(int epoch, int batch, int batches, double loss, long samples, double seconds) {
            rounds.get(epoch).add(seconds - last);
            last = seconds;
        }

        @Override
        public void epochDone(Trainer.EpochResult result) {
            epochSeconds.add(result.seconds());
            epochRates.add(result.samplesPerSecond());
            engine.flatMap(SparkEngine::meter).ifPresent(m -> meters.add(new double[] {m.rounds(), m.roundSeconds(),
                m.shippingSeconds(), m.stepSeconds(), m.snapshotBytes()}));
        }

        /** The last epoch's figures; for Spark, the meter's over that epoch alone. */
        Map<String, Object> result() {
            int e = epochSeconds.size() - 1;
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("epoch_seconds", epochSeconds);
            out.put("epoch_samples_per_second", epochRates);
            out.put("samples_per_second", epochRates.get(e));
            out.put("seconds", epochSeconds.get(e));
            List<Double> timed = rounds.get(e);
            out.put("first_round_seconds", timed.get(0));
            List<Double> rest = new ArrayList<>(timed.subList(1, timed.size()));
            rest.sort(null);
            out.put("median_round_seconds", rest.isEmpty() ? timed.get(0) : rest.get(rest.size() / 2));
            if (meters.size() == epochSeconds.size()) {
                double[] end = meters.get(e);
                double[] start = e > 0 ? meters.get(e - 1) : new double[end.length];
                double rounds = end[0] - start[0];
                out.put("rounds", (long) rounds);
                out.put("round_seconds", end[1] - start[1]);
                out.put("shipping_seconds", end[2] - start[2]);
                out.put("step_seconds", end[3] - start[3]);
                out.put("snapshot_bytes", (end[4] - start[4]) / rounds);
            }
            return out;
        }
    }
}
