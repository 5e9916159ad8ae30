package dev.aec.runtime.train;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How often a checkpoint is saved within an epoch, besides every epoch's end: every so many
 * batches, or every so many seconds of training. It bounds what a process killed without warning
 * (SIGKILL, a power cut) loses; a signal it can see always saves where it stands.
 */
public record CheckpointEvery(int batches, long seconds) {
    /** Five minutes: a checkpoint of the tutorial models takes milliseconds, a large model's seconds. */
    public static final CheckpointEvery DEFAULT = new CheckpointEvery(0, 300);
    private static final Pattern FORM = Pattern.compile("(\\d{1,9})\\s*(|batch|batches|s|m|h|min)");

    public CheckpointEvery {
        if (batches < 0 || seconds < 0 || (batches > 0 && seconds > 0)) {
            throw new IllegalArgumentException("a checkpoint interval is batches or seconds, not both");
        }
    }

    /** `500` or `500 batches`; `90s`, `10m`, `1h`; `epoch` (or `0`) saves only at the end of each epoch. */
    public static Optional<CheckpointEvery> parse(String text) {
        String form = text.strip().toLowerCase(Locale.ROOT);
        if (form.equals("epoch")) {
            return Optional.of(new CheckpointEvery(0, 0));
        }
        Matcher m = FORM.matcher(form);
        if (!m.matches()) {
            return Optional.empty();
        }
        long n = Long.parseLong(m.group(1));
        return Optional.of(switch (m.group(2)) {
            case "", "batch", "batches" -> new CheckpointEvery((int) n, 0);
            case "s" -> new CheckpointEvery(0, n);
            case "m", "min" -> new CheckpointEvery(0, n * 60);
            case "h" -> new CheckpointEvery(0, n * 3600);
            default -> throw new IllegalStateException("the pattern allows no other unit: " + m.group(2));
        });
    }

    boolean due(int batchesSinceSave, long nanosSinceSave) {
        return (batches > 0 && batchesSinceSave >= batches) || (seconds > 0 && nanosSinceSave >= seconds * 1_000_000_000L);
    }

    @Override
    public String toString() {
        if (batches > 0) {
            return batches + " batches";
        }
        return seconds == 0 ? "epoch" : seconds % 60 == 0 ? seconds / 60 + "m" : seconds + "s";
    }
}
