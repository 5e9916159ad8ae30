package dev.aec.runtime.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aec.compiler.model.EarlyStop;
import dev.aec.compiler.model.Schedule;
import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.stream.Stream;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Early stopping and `on_plateau` decide on recorded loss sequences as Keras's `EarlyStopping` and
 * `ReduceLROnPlateau` (mode `min`) do: an epoch improves when its loss is below the best minus
 * `min_delta`; training stops at the end of the epoch where the epochs without improvement reach
 * `patience`. Epochs count from 1 in the tables, as Keras prints them.
 */
class EarlyStoppingTest {
    static Stream<Arguments> sequences() {
        double nan = Double.NaN;
        return Stream.of(
                // losses, patience, min_delta, the epoch it stops after (0: never), the best epoch
                Arguments.of(new double[] {1.0, 0.9, 0.95, 0.96, 0.97}, 2, 0.0, 4, 2),
                Arguments.of(new double[] {1.0, 0.9, 0.95, 0.96, 0.97}, 3, 0.0, 5, 2),
                Arguments.of(new double[] {1.0, 0.9, 0.95, 0.89, 0.97, 0.98}, 2, 0.0, 6, 4),
                Arguments.of(new double[] {1.0, 0.99, 0.98, 0.97}, 2, 0.05, 3, 1),
                Arguments.of(new double[] {1.0, 0.94, 0.93, 0.92, 0.88}, 2, 0.05, 4, 2),
                Arguments.of(new double[] {1.0, 1.1, 0.5}, 0, 0.0, 2, 1),
                Arguments.of(new double[] {5, 4, 3, 2, 1}, 1, 0.0, 0, 5),
                // Equal is not better: Keras compares with a strict less-than.
                Arguments.of(new double[] {1.0, 1.0, 1.0, 1.0}, 2, 0.0, 3, 1),
                // A loss that is not a number never improves.
                Arguments.of(new double[] {1.0, nan, nan, 0.5}, 2, 0.0, 3, 1));
    }

    @ParameterizedTest
    @MethodSource("sequences")
    void stopsAtTheEpochKerasStopsAt(double[] losses, int patience, double minDelta, int stopsAfter, int bestEpoch) {
        TrainingControls controls = new TrainingControls(Optional.of(new EarlyStop(patience, minDelta, true, null)),
                Optional.empty(), 1.0, 10, losses.length, TrainingControls.State.initial(1.0));
        int stopped = 0;
        for (int epoch = 0; epoch < losses.length; epoch++) {
            TrainingControls.Decision decision = controls.epochEnded(epoch, losses[epoch]);
            assertThat(decision.stop()).isEqualTo(controls.stopped());
            if (decision.stop()) {
                stopped = epoch + 1;
                break;
            }
        }
        assertThat(stopped).as("stops after epoch (0 for never) of " + Arrays.toString(losses)).isEqualTo(stopsAfter);
        assertThat(controls.state().bestEpoch() + 1).as("best epoch").isEqualTo(bestEpoch);
        assertThat(controls.state().best()).isEqualTo(losses[bestEpoch - 1]);
    }

    @Test
    void withoutEarlyStoppingTheBestIsTrackedButTrainingNeverStops() {
        TrainingControls controls = TrainingControls.none(1.0);
        double[] losses = {1.0, 0.5, 0.7, 0.8, 0.9, 1.0, 1.1};
        for (int epoch = 0; epoch < losses.length; epoch++) {
            TrainingControls.Decision decision = controls.epochEnded(epoch, losses[epoch]);
            assertThat(decision.stop()).isFalse();
            assertThat(decision.best()).isEqualTo(epoch <= 1);
        }
        assertThat(controls.state().bestEpoch()).isEqualTo(1);
    }

    @Test
    void theMonitoredLossIsTheValidationLossElseTheTrainingLoss() {
        Trainer.EpochResult validated = new Trainer.EpochResult(0, 0.3, OptionalDouble.of(0.4), Optional.empty(), 1, 1,
                OptionalDouble.empty());
        Trainer.EpochResult unvalidated = new Trainer.EpochResult(0, 0.3, OptionalDouble.empty(), Optional.empty(), 1, 1,
                OptionalDouble.empty());
        assertThat(validated.monitored()).isEqualTo(0.4);
        assertThat(unvalidated.monitored()).isEqualTo(0.3);
    }

    static Stream<Arguments> plateaus() {
        return Stream.of(
                // patience 1, factor 0.5, min_lr 0.2, cooldown 2, on a flat loss: Keras counts the cooldown down
                // at the start of each epoch, so the next cut comes two epochs after the last.
                Arguments.of(new Schedule.OnPlateau(1, 0.5, 0.2, 0, 2, 0, null),
                        new double[] {1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0},
                        new double[] {1.0, 0.5, 0.5, 0.25, 0.25, 0.2, 0.2, 0.2}),
                // patience 2, factor 0.1, min_delta 0.01: small gains do not count, a large one resets the wait.
                Arguments.of(new Schedule.OnPlateau(2, 0.1, 0, 0.01, 0, 0, null),
                        new double[] {1.0, 0.995, 0.99, 0.5, 0.6, 0.7},
                        new double[] {1.0, 1.0, 0.1, 0.1, 0.1, 0.01}));
    }

    /** `rates[e]` is the rate after epoch e + 1 ends, which epoch e + 2 trains with. */
    @ParameterizedTest
    @MethodSource("plateaus")
    void onPlateauCutsTheRateAsKerasDoes(Schedule.OnPlateau plateau, double[] losses, double[] rates) {
        TrainingControls controls = new TrainingControls(Optional.empty(), Optional.of(plateau), 1.0, 4, losses.length,
                TrainingControls.State.initial(1.0));
        for (int epoch = 0; epoch < losses.length; epoch++) {
            assertThat(controls.epochEnded(epoch, losses[epoch]).stop()).isFalse();
            assertThat(controls.rate(epoch + 1, 0)).as("rate after epoch " + (epoch + 1))
                    .isCloseTo(rates[epoch], Offset.offset(1e-15));
        }
    }

    @Test
    void aRestoredStateDecidesAsTheStateItWasSavedFrom() {
        double[] losses = {1.0, 0.8, 0.9, 0.95, 0.97, 0.99};
        EarlyStop stop = new EarlyStop(3, 0, true, null);
        Schedule plateau = new Schedule.OnPlateau(1, 0.5, 0, 0, 0, 0, null);
        TrainingControls straight = new TrainingControls(Optional.of(stop), Optional.of(plateau), 1, 4, 6,
                TrainingControls.State.initial(1));
        TrainingControls first = new TrainingControls(Optional.of(stop), Optional.of(plateau), 1, 4, 6,
                TrainingControls.State.initial(1));
        for (int epoch = 0; epoch < 3; epoch++) {
            straight.epochEnded(epoch, losses[epoch]);
            first.epochEnded(epoch, losses[epoch]);
        }
        TrainingControls resumed = new TrainingControls(Optional.of(stop), Optional.of(plateau), 1, 4, 6, first.state());
        for (int epoch = 3; epoch < 6 && !straight.stopped(); epoch++) {
            assertThat(resumed.epochEnded(epoch, losses[epoch])).isEqualTo(straight.epochEnded(epoch, losses[epoch]));
            assertThat(resumed.state()).isEqualTo(straight.state());
        }
        assertThat(straight.stopped()).isTrue();
    }
}
