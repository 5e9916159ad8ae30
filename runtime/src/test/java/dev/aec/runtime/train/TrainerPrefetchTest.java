package dev.aec.runtime.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aec.compiler.Compiler;
import dev.aec.compiler.ir.Lowerer;
import dev.aec.compiler.model.Loss;
import dev.aec.compiler.model.OptimizerKind;
import dev.aec.compiler.source.SourceFile;
import dev.aec.compiler.types.Shape;
import dev.aec.runtime.backend.CompiledModel;
import dev.aec.runtime.backend.SameDiffLowering;
import dev.aec.runtime.data.rows.MemoryRows;
import dev.aec.runtime.data.rows.Rows;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.bytedeco.javacpp.BytePointer;
import org.junit.jupiter.api.Test;

/**
 * The trainer asks rows on disk for each batch before it gathers it: within an epoch during the
 * step before, the next epoch's first batch during the previous epoch's last step, and a run's
 * first batch before the trainer exists ({@link Trainer#prefetchStart}), so a cold cache file is
 * read while the model is built. Recorded through rows that log what is asked of them, in order.
 */
class TrainerPrefetchTest {
    /** 50 samples in batches of 16: four batches an epoch, the last of 2. */
    private static final int SAMPLES = 50;
    private static final int WIDTH = 8;
    private static final Trainer.Plan PLAN = new Trainer.Plan(3, 16, true, 5);

    /** What the rows were asked, or the listener told, in order. */
    private record Event(String kind, int[] rows, int epoch, int batch) {
        static Event of(String kind, int[] rows) {
            return new Event(kind, rows.clone(), -1, -1);
        }
    }

    /** Rows in memory that record every gather and prefetch; they are not {@link MemoryRows}, so they prefetch. */
    private static final class RecordingRows implements Rows {
        private final MemoryRows rows;
        private final List<Event> events;

        RecordingRows(MemoryRows rows, List<Event> events) {
            this.rows = rows;
            this.events = events;
        }

        @Override
        public int count() {
            return rows.count();
        }

        @Override
        public int width() {
            return rows.width();
        }

        @Override
        public void gather(int[] indices, BytePointer to) {
            events.add(Event.of("gather", indices));
            rows.gather(indices, to);
        }

        @Override
        public void prefetch(int[] indices) {
            events.add(Event.of("prefetch", indices));
        }

        @Override
        public void read(int index, float[] into, int offset) {
            rows.read(index, into, offset);
        }

        @Override
        public void close() {
            rows.close();
        }
    }

    @Test
    void everyBatchIsAskedForBeforeTheStepThatGathersItAndTheNextEpochsFirstDuringTheLastStep() throws Exception {
        List<Event> events = new ArrayList<>();
        Examples train = examples(events);
        CompiledModel model = model();
        Trainer.Result result = new Trainer(model, step(model), train, Optional.empty(), PLAN)
                .run(Trainer.Position.START, List.of(), recorder(events), (p, h) -> { }, () -> false);
        assertThat(result.outcome()).isEqualTo(Trainer.Outcome.FINISHED);

        List<int[]> gathered = gathers(events);
        assertThat(gathered).hasSize(3 * 4);
        for (int epoch = 0; epoch < 3; epoch++) {
            int[] order = PLAN.order(epoch, SAMPLES);
            for (int b = 0; b < 4; b++) {
                int[] batch = Arrays.copyOfRange(order, 16 * b, Math.min(SAMPLES, 16 * b + 16));
                assertThat(gathered.get(4 * epoch + b)).as("epoch %d, batch %d", epoch, b).isEqualTo(batch);
                // Asked for after the step before finished gathering, and before this step's gather.
                int gather = stepGather(events, epoch, b);
                int previous = epoch == 0 && b == 0 ? -1 : stepGather(events, b == 0 ? epoch - 1 : epoch,
                        b == 0 ? 3 : b - 1);
                assertThat(askedFor(events, previous + 1, gather, batch)).as("epoch %d, batch %d", epoch, b).isTrue();
            }
            if (epoch > 0) {
                int[] first = Arrays.copyOf(order, 16);
                int lastStepDone = indexOf(events, "done", epoch - 1, 3);
                assertThat(askedFor(events, stepGather(events, epoch - 1, 3) + 1, lastStepDone, first))
                        .as("epoch %d's first batch, asked for during epoch %d's last step", epoch, epoch - 1)
                        .isTrue();
            }
        }
        // Nothing is asked for beyond the plan's last batch.
        int lastGather = stepGather(events, 2, 3);
        assertThat(events.subList(lastGather + 1, events.size())).noneMatch(e -> e.kind().equals("prefetch"));
    }

    /** A validation pass reads every example in order: it asks for all of them before its first gather. */
    @Test
    void aValidationPassAsksForEveryExampleBeforeItGathersTheFirst() {
        List<Event> events = new ArrayList<>();
        int[] held = {49, 3, 17, 8, 30};
        Examples validation = examples(events).subset(held);

        Evaluator.evaluate(model(), validation);

        assertThat(events).isNotEmpty();
        assertThat(events.get(0).kind()).isEqualTo("prefetch");
        assertThat(events.get(0).rows()).as("the rows the held-out examples are, in order").containsExactly(held);
        assertThat(events.subList(1, events.size())).allMatch(e -> e.kind().equals("gather"));
        assertThat(events.stream().filter(e -> e.kind().equals("gather")).flatMapToInt(e -> Arrays.stream(e.rows()))
                .toArray()).containsExactly(held);
    }

    @Test
    void aRunsFirstBatchesAreAskedForBeforeTheTrainerExistsWhereverTheRunStarts() throws Exception {
        CompiledModel model = model();
        for (Trainer.Position from : List.of(Trainer.Position.START, new Trainer.Position(1, 2, 0, 0, 0, 0),
                new Trainer.Position(1, 3, 0, 0, 0, 0))) {
            List<Event> events = new ArrayList<>();
            Examples train = examples(events);
            Trainer.prefetchStart(train, PLAN, from);
            assertThat(events).as("from %s", from).hasSize(1);
            int[] asked = events.get(0).rows();
            Trainer.Result result = new Trainer(model, step(model), train, Optional.empty(), PLAN)
                    .run(from, List.of(), recorder(events), (p, h) -> { }, () -> false);
            assertThat(result.outcome()).isEqualTo(Trainer.Outcome.FINISHED);
            List<int[]> gathered = gathers(events);
            // The window asked for is the first two batches the run then gathers, across an epoch's end.
            int[] firstTwo = IntStream.concat(Arrays.stream(gathered.get(0)), Arrays.stream(gathered.get(1)))
                    .toArray();
            assertThat(asked).as("from %s", from).isEqualTo(firstTwo);
        }
    }

    @Test
    void rowsInMemoryAreNeverAskedAndTrainTheSame() throws Exception {
        List<Event> events = new ArrayList<>();
        Examples recorded = examples(events);
        Examples memory = new Examples("m", (MemoryRows) values(), Shape.of(WIDTH), Optional.empty());
        assertThat(memory.prefetches()).isFalse();
        assertThat(recorded.prefetches()).isTrue();
        CompiledModel a = model();
        CompiledModel b = model();
        Trainer.Result fromMemory = new Trainer(a, step(a), memory, Optional.empty(), PLAN)
                .run(Trainer.Position.START, List.of(), new Trainer.Listener() { }, (p, h) -> { }, () -> false);
        Trainer.Result fromRecorded = new Trainer(b, step(b), recorded, Optional.empty(), PLAN)
                .run(Trainer.Position.START, List.of(), new Trainer.Listener() { }, (p, h) -> { }, () -> false);
        assertThat(fromRecorded.history().stream().map(Trainer.EpochResult::trainLoss).toList())
                .isEqualTo(fromMemory.history().stream().map(Trainer.EpochResult::trainLoss).toList());
    }

    private static Examples examples(List<Event> events) {
        return new Examples("m", new RecordingRows((MemoryRows) values(), events), Shape.of(WIDTH), Optional.empty());
    }

    private static Rows values() {
        SplittableRandom random = new SplittableRandom(11);
        float[] values = new float[SAMPLES * WIDTH];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextDouble();
        }
        return MemoryRows.of(values, SAMPLES, WIDTH);
    }

    private static CompiledModel model() {
        var program = Compiler.compile(new SourceFile("m.aemodel", """
                model M : 8 -> 8 {
                  dense(4, activation: relu)
                  dense(8, activation: sigmoid)
                }
                """), Path.of(".")).program().orElseThrow();
        return SameDiffLowering.lower(Lowerer.lower(program, "M"), Loss.BINARY_CROSSENTROPY, 5);
    }

    private static TrainingStep step(CompiledModel model) {
        return TrainingStep.of(model, Optimizers.of(OptimizerKind.ADAM, ""), Loss.BINARY_CROSSENTROPY);
    }

    private static Trainer.Listener recorder(List<Event> events) {
        return new Trainer.Listener() {
            @Override
            public void batchDone(int epoch, int batch, int batches, double loss, long samples, double seconds) {
                events.add(new Event("done", new int[0], epoch, batch));
            }
        };
    }

    /** The rows each step gathered: the last gather before its `done` (a batch array's first fill gathers twice). */
    private static List<int[]> gathers(List<Event> events) {
        List<int[]> steps = new ArrayList<>();
        int[] last = null;
        for (Event e : events) {
            if (e.kind().equals("gather")) {
                last = e.rows();
            } else if (e.kind().equals("done")) {
                steps.add(last);
            }
        }
        return steps;
    }

    /** Where the step of batch `b` of `epoch` gathered its rows: its last gather before its `done`. */
    private static int stepGather(List<Event> events, int epoch, int b) {
        int done = indexOf(events, "done", epoch, b);
        for (int i = done - 1; i >= 0; i--) {
            if (events.get(i).kind().equals("gather")) {
                return i;
            }
        }
        throw new AssertionError("no gather before epoch " + epoch + ", batch " + b);
    }

    private static int indexOf(List<Event> events, String kind, int epoch, int b) {
        for (int i = 0; i < events.size(); i++) {
            Event e = events.get(i);
            if (e.kind().equals(kind) && e.epoch() == epoch && e.batch() == b) {
                return i;
            }
        }
        throw new AssertionError("no " + kind + " for epoch " + epoch + ", batch " + b);
    }

    /** Whether a prefetch in events [from, to) asked for every one of `rows`. */
    private static boolean askedFor(List<Event> events, int from, int to, int[] rows) {
        for (Event e : events.subList(from, to)) {
            if (e.kind().equals("prefetch") && Arrays.stream(rows)
                    .allMatch(r -> Arrays.stream(e.rows()).anyMatch(asked -> asked == r))) {
                return true;
            }
        }
        return false;
    }
}
