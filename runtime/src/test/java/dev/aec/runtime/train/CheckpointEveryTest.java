package dev.aec.runtime.train;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CheckpointEveryTest {
    @ParameterizedTest
    @CsvSource({"500, 500, 0", "500 batches, 500, 0", "1 batch, 1, 0", "90s, 0, 90", "10m, 0, 600", "1h, 0, 3600",
        "epoch, 0, 0", "0, 0, 0", "' 5M ', 0, 300"})
    void readsBatchesOrATime(String text, int batches, long seconds) {
        assertThat(CheckpointEvery.parse(text)).contains(new CheckpointEvery(batches, seconds));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-5", "5x", "1.5m", "ten", "9999999999", "5 m s"})
    void refusesAnythingElse(String text) {
        assertThat(CheckpointEvery.parse(text)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"500, 0, 500 batches", "0, 600, 10m", "0, 90, 90s", "0, 0, epoch"})
    void printsWhatItReads(int batches, long seconds, String text) {
        CheckpointEvery every = new CheckpointEvery(batches, seconds);
        assertThat(every.toString()).isEqualTo(text);
        assertThat(CheckpointEvery.parse(every.toString())).contains(every);
    }

    @ParameterizedTest
    @CsvSource({"500, 0, 499, 0, false", "500, 0, 500, 0, true", "0, 60, 10000, 59, false", "0, 60, 1, 60, true",
        "0, 0, 100000, 100000, false"})
    void isDueAfterItsBatchesOrItsTime(int batches, long seconds, int sinceBatches, long sinceSeconds, boolean due) {
        assertThat(new CheckpointEvery(batches, seconds).due(sinceBatches, sinceSeconds * 1_000_000_000L)).isEqualTo(due);
    }
}
