package dev.aec.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aec.compiler.check.CheckedProgram;
import dev.aec.compiler.model.Optimizer;
import dev.aec.compiler.model.OptimizerKind;
import dev.aec.compiler.model.TrainSpec;
import dev.aec.runtime.TestData;
import dev.aec.runtime.data.DatasetLocation;
import dev.aec.runtime.data.DatasetResolver;
import dev.aec.runtime.data.DatasetSpec;
import dev.aec.runtime.data.DownloadSettings;
import dev.aec.runtime.data.Split;
import dev.aec.runtime.run.RunDirectory;
import dev.aec.runtime.run.RunRecord;
import dev.aec.runtime.run.RunSources;
import dev.aec.runtime.run.TrainingRun;
import dev.aec.runtime.train.CheckpointEvery;
import dev.aec.runtime.train.Trainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Runs trained on a local Spark against the same runs trained here: one worker gives the local
 * run's weights, two a test loss close to it, and neither a failed task nor a stopped driver
 * changes the result.
 */
class SparkTrainingTest {
    private static final String MODEL = "models/dense_autoencoder.aemodel";

    private static SparkTraining spark;
    /** What the context said of failed tasks, one line each. */
    private static final java.util.List<String> WARNINGS = new java.util.concurrent.CopyOnWriteArrayList<>();
    private static DatasetLocation data;
    private static CheckedProgram program;
    private static String source;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start(@TempDir Path shared) throws Exception {
        spark = SparkTraining.start(Optional.of("local[2,2]"), "aec-test", WARNINGS::add);
        Path dir = TestData.writeIdx(shared.resolve("data"), TestData.mnist(Split.TRAIN, 600),
                TestData.mnist(Split.TEST, 200));
        data = new DatasetResolver(Map.of(), shared.resolve("cache"), DownloadSettings.standard())
                .unverified(DatasetSpec.mnist(), dir);
        program = TestData.model("dense_autoencoder.aemodel");
        source = Files.readString(TestData.repo().resolve(MODEL));
    }

    @AfterAll
    static void stop() {
        spark.close();
    }

    /** The tutorial's dense autoencoder at `optimizer`, batch 50, `epochs` epochs, seed 7. */
    private TrainSpec spec(OptimizerKind optimizer, int epochs) {
        TrainSpec base = program.train("Autoencoder").orElseThrow();
        TrainSpec spec = new TrainSpec(base.model(), base.modelSpan(), base.span(), base.data(), base.loss(),
                base.lossSpan(), base.reduction(), new Optimizer(optimizer, optimizer.defaults(), null), 50,
                Optional.empty(), epochs, true, base.validation(), base.test(), 7, Optional.empty());
        return spec;
    }

    private TrainingRun.Request request(String name, TrainSpec spec) throws Exception {
        return request(name, spec, data);
    }

    private TrainingRun.Request request(String name, TrainSpec spec, DatasetLocation from) throws Exception {
        RunDirectory dir = RunDirectory.create(tmp.resolve(name), false);
        TrainingRun.Request plain = new TrainingRun.Request(program, spec, source, MODEL, Optional.empty(), from, dir);
        return new TrainingRun.Request(plain.program(), plain.spec(), plain.sources(), plain.limit(), plain.data(),
                plain.dir(), CheckpointEvery.parse("2").orElseThrow());
    }

    private SparkEngine engine(TrainingRun.Request request, SparkSettings settings) {
        return spark.engine(ModelRecipe.of(RunSources.single(source, MODEL), request.spec()), settings);
    }

    private static Map<String, INDArray> weights(TrainingRun.Request request, RunRecord record) throws Exception {
        SameDiff saved = request.dir().readModel(record);
        Map<String, INDArray> weights = new LinkedHashMap<>();
        for (var variable : saved.variables()) {
            if (variable.getVariableType() == org.nd4j.autodiff.samediff.VariableType.VARIABLE) {
                weights.put(variable.name(), variable.getArr().dup());
            }
        }
        return weights;
    }

    private static double largestDifference(Map<String, INDArray> a, Map<String, INDArray> b) {
        assertThat(a.keySet()).isEqualTo(b.keySet()).isNotEmpty();
        double largest = 0;
        for (String name : a.keySet()) {
            largest = Math.max(largest, a.get(name).sub(b.get(name)).amaxNumber().doubleValue());
        }
        return largest;
    }

    @Test
    void oneWorkerWithPlainSgdGivesTheLocalRunsWeights() throws Exception {
        TrainingRun.Request local = request("local", spec(OptimizerKind.SGD, 2));
        RunRecord here = TrainingRun.start(local, new TrainingRun.Listener() { }, () -> false).record();
        TrainingRun.Request distributed = request("spark", spec(OptimizerKind.SGD, 2));
        RunRecord there;
        try (SparkEngine engine = engine(distributed, new SparkSettings(1, 3, true))) {
            there = TrainingRun.start(distributed, engine, new TrainingRun.Listener() { }, () -> false).record();
        }

        assertThat(there.status()).isEqualTo(RunRecord.FINISHED);
        assertThat(there.position().epoch()).isEqualTo(2);
        assertThat(largestDifference(weights(local, here), weights(distributed, there))).isLessThanOrEqualTo(1e-6);
        assertThat(there.testLoss()).isCloseTo(here.testLoss(), org.assertj.core.data.Offset.offset(1e-6));
    }

    @Test
    void twoWorkersReachATestLossWithinTwoPercentOfTheLocalRuns() throws Exception {
        Path dir = TestData.writeIdx(tmp.resolve("more"), TestData.mnist(Split.TRAIN, 3000),
                TestData.mnist(Split.TEST, 500));
        DatasetLocation more = new DatasetResolver(Map.of(), tmp.resolve("cache"), DownloadSettings.standard())
                .unverified(DatasetSpec.mnist(), dir);
        TrainingRun.Request local = request("local", spec(OptimizerKind.ADAM, 1), more);
        RunRecord here = TrainingRun.start(local, new TrainingRun.Listener() { }, () -> false).record();
        TrainingRun.Request distributed = request("spark", spec(OptimizerKind.ADAM, 1), more);
        RunRecord there;
        try (SparkEngine engine = engine(distributed, new SparkSettings(2, 1, true))) {
            there = TrainingRun.start(distributed, engine, new TrainingRun.Listener() { }, () -> false).record();
        }

        assertThat(there.status()).isEqualTo(RunRecord.FINISHED);
        assertThat(Math.abs(there.testLoss() - here.testLoss()) / here.testLoss())
                .as("test loss %s on two workers against %s here", there.testLoss(), here.testLoss())
                .isLessThanOrEqualTo(0.02);
    }

    @Test
    void aTaskThatFailsMidEpochIsRetriedWithoutChangingTheAverage() throws Exception {
        TrainingRun.Request plain = request("plain", spec(OptimizerKind.ADAM, 1));
        RunRecord reference;
        try (SparkEngine engine = engine(plain, new SparkSettings(2, 2, true))) {
            reference = TrainingRun.start(plain, engine, new TrainingRun.Listener() { }, () -> false).record();
        }
        TrainingRun.Request failing = request("failing", spec(OptimizerKind.ADAM, 1));
        RunRecord survived;
        int injected = Round.INJECTED.get();
        WARNINGS.clear();
        // Worker 2's task of the round from batch 2 fails on its first attempt; Spark runs it again.
        try (SparkEngine engine = engine(failing, new SparkSettings(2, 2, true).failing(0, 2, 1))) {
            survived = LocalSpark.expectingFailedTasks(() -> TrainingRun.start(failing, engine,
                    new TrainingRun.Listener() { }, () -> false).record());
        }

        assertThat(Round.INJECTED.get() - injected).as("failed attempts").isEqualTo(1);
        assertThat(WARNINGS).singleElement().asString().startsWith("a task of worker 2 failed on attempt 1 (")
                .contains("a failure injected by a test").endsWith("; Spark runs it again").doesNotContain("\n");
        assertThat(survived.status()).isEqualTo(RunRecord.FINISHED);
        assertThat(largestDifference(weights(plain, reference), weights(failing, survived))).isLessThanOrEqualTo(1e-6);
    }

    @Test
    void aDriverStoppedMidEpochResumesToTheSameWeights() throws Exception {
        SparkSettings settings = new SparkSettings(2, 2, true);
        TrainingRun.Request straight = request("straight", spec(OptimizerKind.ADAM, 2));
        RunRecord reference;
        try (SparkEngine engine = engine(straight, settings)) {
            reference = TrainingRun.start(straight, engine, new TrainingRun.Listener() { }, () -> false).record();
        }
        TrainingRun.Request stopped = request("stopped", spec(OptimizerKind.ADAM, 2));
        AtomicInteger rounds = new AtomicInteger();
        TrainingRun.Listener counting = counting(rounds);
        RunRecord interrupted;
        try (SparkEngine engine = engine(stopped, settings)) {
            interrupted = TrainingRun.start(stopped, engine, counting, () -> rounds.get() >= 1).record();
        }
        assertThat(interrupted.status()).isEqualTo(RunRecord.INTERRUPTED);
        assertThat(interrupted.position().epoch()).isEqualTo(0);
        assertThat(interrupted.position().batch()).isEqualTo(2);
        TrainingRun.Request resumed = reopened(stopped);
        RunRecord finished;
        try (SparkEngine engine = engine(resumed, settings)) {
            finished = TrainingRun.resume(resumed, resumed.dir().readRecord(), engine, new TrainingRun.Listener() { },
                    () -> false).record();
        }

        assertThat(finished.status()).isEqualTo(RunRecord.FINISHED);
        assertThat(largestDifference(weights(straight, reference), weights(resumed, finished)))
                .isLessThanOrEqualTo(1e-6);
    }

    /**
     * A model aec's executor does not cover (binary cross-entropy on a softmax output) trains in
     * SameDiff's own loop on one machine, and with aec's optimizer on Spark: a Spark run stopped and
     * resumed here goes on with the optimizer state it saved, as one worker on Spark would have.
     */
    @Test
    void aSparkRunResumedHereKeepsItsOptimizerState() throws Exception {
        String netSource = """
                model Net : 784 -> 784 {
                  dense(32, activation: relu)
                  dense(784, activation: softmax)
                }

                train Net {
                  data: mnist
                  loss: binary_crossentropy
                  optimizer: adam
                  batch: 50
                  epochs: 1
                }
                """;
        CheckedProgram net = dev.aec.compiler.Compiler.compile(
                new dev.aec.compiler.source.SourceFile("net.aemodel", netSource), tmp).program().orElseThrow();
        TrainSpec spec = net.train("Net").orElseThrow();
        SparkSettings oneWorker = new SparkSettings(1, 2, true);
        TrainingRun.Request straight = netRequest("net-straight", net, spec, netSource);
        RunRecord reference;
        try (SparkEngine engine = spark.engine(ModelRecipe.of(RunSources.single(netSource, "net.aemodel"), spec),
                oneWorker)) {
            reference = TrainingRun.start(straight, engine, new TrainingRun.Listener() { }, () -> false).record();
        }
        TrainingRun.Request stopped = netRequest("net-stopped", net, spec, netSource);
        AtomicInteger rounds = new AtomicInteger();
        TrainingRun.Listener counting = counting(rounds);
        try (SparkEngine engine = spark.engine(ModelRecipe.of(RunSources.single(netSource, "net.aemodel"), spec),
                oneWorker)) {
            assertThat(TrainingRun.start(stopped, engine, counting, () -> rounds.get() >= 2).record().status())
                    .isEqualTo(RunRecord.INTERRUPTED);
        }
        TrainingRun.Request here = reopened(stopped);
        RunRecord finished = TrainingRun.resume(here, here.dir().readRecord(), new TrainingRun.Listener() { },
                () -> false).record();

        assertThat(finished.status()).isEqualTo(RunRecord.FINISHED);
        assertThat(largestDifference(weights(straight, reference), weights(here, finished))).isLessThanOrEqualTo(1e-5);
    }

    private TrainingRun.Request netRequest(String name, CheckedProgram program, TrainSpec spec, String netSource)
            throws Exception {
        RunDirectory dir = RunDirectory.create(tmp.resolve(name), false);
        TrainingRun.Request plain = new TrainingRun.Request(program, spec, netSource, "net.aemodel", Optional.empty(),
                data, dir);
        return new TrainingRun.Request(plain.program(), plain.spec(), plain.sources(), plain.limit(), plain.data(),
                plain.dir(), CheckpointEvery.parse("2").orElseThrow());
    }

    /** A listener counting the rounds (batch reports) of a run into `rounds`. */
    private static TrainingRun.Listener counting(AtomicInteger rounds) {
        return new TrainingRun.Listener() {
            @Override
            public void batchDone(int epoch, int batch, int batches, double loss, long samples, double seconds) {
                rounds.incrementAndGet();
            }
        };
    }

    /** The same request on its run directory let go and opened again, as a later `--resume` opens it. */
    private static TrainingRun.Request reopened(TrainingRun.Request stopped) throws Exception {
        stopped.dir().close();
        RunDirectory again = RunDirectory.openToTrain(stopped.dir().path(), stale -> { });
        return new TrainingRun.Request(stopped.program(), stopped.spec(), stopped.sources(), stopped.limit(),
                stopped.data(), again, stopped.checkpointEvery());
    }
}
