package dev.aec.runtime.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aec.compiler.model.Schedule;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.assertj.core.data.Offset;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each schedule's learning rate per step against Keras's formulas, written out here on their own:
 * ExponentialDecay `lr * decay^(step / every)` (the exponent floored with staircase), CosineDecay
 * `lr * ((1 - alpha) * 0.5 * (1 + cos(pi * min(step, steps) / steps)) + alpha)`, a step decay per
 * epoch `lr * factor^floor(epoch / every)`, and a linear warmup of N steps `target * (step + 1) / N`
 * before the schedule proper starts.
 */
class ScheduleTest {
    private static final Offset<Double> EXACT = Offset.offset(1e-15);

    /** A case: the schedule, the base rate, batches per epoch, the run's epochs, where, and the rate expected there. */
    record Case(String name, Schedule schedule, double base, int batches, int epochs, int epoch, int batch,
                double expected) {
        @Override
        public String toString() {
            return name + " at epoch " + epoch + ", batch " + batch;
        }
    }

    static Stream<Arguments> cases() {
        Schedule step = new Schedule.Step(2, 0.5, 0, null);
        Schedule exponential = new Schedule.Exponential(0.96, 1000, false, 0, null);
        Schedule staircase = new Schedule.Exponential(0.96, 1000, true, 0, null);
        Schedule cosine = new Schedule.Cosine(OptionalInt.of(2), 0.1, 0, null);
        Schedule cosineOverRun = new Schedule.Cosine(OptionalInt.empty(), 0, 0, null);
        Schedule exponentialWarm = new Schedule.Exponential(0.5, 1, false, 4, null);
        Schedule cosineWarm = new Schedule.Cosine(OptionalInt.of(1), 0, 2, null);
        Schedule stepWarm = new Schedule.Step(1, 0.5, 3, null);
        return Stream.of(
                // step(every: 2, factor: 0.5) on 0.1, 3 batches an epoch: constant within an epoch.
                new Case("step", step, 0.1, 3, 10, 0, 0, 0.1),
                new Case("step", step, 0.1, 3, 10, 1, 2, 0.1),
                new Case("step", step, 0.1, 3, 10, 2, 0, 0.05),
                new Case("step", step, 0.1, 3, 10, 3, 1, 0.05),
                new Case("step", step, 0.1, 3, 10, 5, 2, 0.025),
                // exponential(decay: 0.96, every: 1000) on 0.01, 100 batches an epoch: step = epoch * 100 + batch.
                new Case("exponential", exponential, 0.01, 100, 50, 0, 0, 0.01),
                new Case("exponential", exponential, 0.01, 100, 50, 5, 0, 0.01 * Math.sqrt(0.96)),
                new Case("exponential", exponential, 0.01, 100, 50, 10, 0, 0.0096),
                new Case("exponential", exponential, 0.01, 100, 50, 25, 0, 0.01 * 0.96 * 0.96 * Math.sqrt(0.96)),
                new Case("exponential", exponential, 0.01, 100, 50, 2, 37, 0.01 * Math.pow(0.96, 237 / 1000.0)),
                new Case("staircase", staircase, 0.01, 100, 50, 5, 0, 0.01),
                new Case("staircase", staircase, 0.01, 100, 50, 9, 99, 0.01),
                new Case("staircase", staircase, 0.01, 100, 50, 10, 0, 0.0096),
                new Case("staircase", staircase, 0.01, 100, 50, 25, 0, 0.01 * 0.96 * 0.96),
                // cosine(epochs: 2, alpha: 0.1) on 1, 5 batches an epoch: 10 decay steps.
                new Case("cosine", cosine, 1, 5, 4, 0, 0, 1.0),
                new Case("cosine", cosine, 1, 5, 4, 1, 0, 0.9 * 0.5 * (1 + Math.cos(Math.PI / 2)) + 0.1),
                new Case("cosine", cosine, 1, 5, 4, 0, 2, 0.9 * 0.5 * (1 + Math.cos(Math.PI * 0.2)) + 0.1),
                new Case("cosine", cosine, 1, 5, 4, 2, 0, 0.1),
                new Case("cosine clamped", cosine, 1, 5, 4, 3, 4, 0.1),
                // cosine without epochs decays over the run's 4 epochs of 5 batches: halfway at step 10.
                new Case("cosine over the run", cosineOverRun, 2, 5, 4, 2, 0, 1.0),
                new Case("cosine over the run", cosineOverRun, 2, 5, 4, 3, 4,
                        2 * 0.5 * (1 + Math.cos(Math.PI * 19 / 20))),
                // exponential(decay: 0.5, every: 1, warmup: 4) on 1: a quarter, a half, three quarters, all, then decay.
                new Case("warmup", exponentialWarm, 1, 10, 2, 0, 0, 0.25),
                new Case("warmup", exponentialWarm, 1, 10, 2, 0, 1, 0.5),
                new Case("warmup", exponentialWarm, 1, 10, 2, 0, 3, 1.0),
                new Case("warmup", exponentialWarm, 1, 10, 2, 0, 4, 1.0),
                new Case("warmup", exponentialWarm, 1, 10, 2, 0, 5, 0.5),
                new Case("warmup", exponentialWarm, 1, 10, 2, 0, 6, 0.25),
                // cosine(epochs: 1, warmup: 2) on 1, 4 batches an epoch: the cosine's 4 steps start at step 2.
                new Case("cosine warmup", cosineWarm, 1, 4, 3, 0, 0, 0.5),
                new Case("cosine warmup", cosineWarm, 1, 4, 3, 0, 1, 1.0),
                new Case("cosine warmup", cosineWarm, 1, 4, 3, 0, 2, 1.0),
                new Case("cosine warmup", cosineWarm, 1, 4, 3, 0, 3, 0.5 * (1 + Math.cos(Math.PI / 4))),
                new Case("cosine warmup", cosineWarm, 1, 4, 3, 1, 0, 0.5),
                new Case("cosine warmup", cosineWarm, 1, 4, 3, 1, 2, 0.0),
                // step(every: 1, factor: 0.5, warmup: 3) on 0.3: the epoch's rate, scaled during the first 3 steps.
                new Case("step warmup", stepWarm, 0.3, 2, 4, 0, 0, 0.1),
                new Case("step warmup", stepWarm, 0.3, 2, 4, 0, 1, 0.2),
                new Case("step warmup", stepWarm, 0.3, 2, 4, 1, 0, 0.15),
                new Case("step warmup", stepWarm, 0.3, 2, 4, 1, 1, 0.15)
        ).map(Arguments::of);
    }

    @ParameterizedTest
    @MethodSource("cases")
    void eachStepHasTheRateKerasGives(Case c) {
        LearningRates rates = new LearningRates(c.schedule(), c.base(), c.batches(), c.epochs());
        assertThat(rates.rate(c.epoch(), c.batch(), Double.NaN)).isCloseTo(c.expected(), EXACT);
    }

    @ParameterizedTest
    @MethodSource("plateauCases")
    void onPlateauGivesTheRateItHasReachedScaledDuringWarmup(int warmup, int epoch, int batch, double expected) {
        LearningRates rates = new LearningRates(new Schedule.OnPlateau(10, 0.1, 0, 1e-4, 0, warmup, null), 1, 4, 5);
        assertThat(rates.rate(epoch, batch, 0.2)).isCloseTo(expected, EXACT);
    }

    static Stream<Arguments> plateauCases() {
        return Stream.of(Arguments.of(0, 0, 0, 0.2), Arguments.of(0, 3, 1, 0.2), Arguments.of(2, 0, 0, 0.1),
                Arguments.of(2, 0, 1, 0.2), Arguments.of(2, 0, 2, 0.2));
    }
}
