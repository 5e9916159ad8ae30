package dev.aec.cli;

import dev.aec.runtime.data.DownloadListener;
import dev.aec.runtime.run.TrainingRun;
import dev.aec.runtime.train.Trainer;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * What the user sees while a model trains: on a terminal a progress bar per epoch (samples/s,
 * loss, ETA); in a log or CI one plain line per epoch. Everything goes to stderr.
 */
final class TrainingProgress implements TrainingRun.Listener, DownloadListener {
    private final PrintWriter err;
    private final boolean bar;
    private final boolean quiet;
    private ProgressBar current;
    private int epochs;
    private long lastDownloadReport;
    /** Whether the epoch lines show the learning rate: when a schedule changes it. */
    private boolean showRate;

    TrainingProgress(PrintWriter err, boolean interactive, boolean quiet) {
        this.err = err;
        this.bar = interactive && !quiet;
        this.quiet = quiet;
    }

    /** Shows each epoch's learning rate, for a run whose rate a schedule changes. */
    void showLearningRate(boolean show) {
        this.showRate = show;
    }

    @Override
    public void loading(String what) {
        if (!quiet) {
            err.println("aec: loading " + what);
            err.flush();
        }
    }

    @Override
    public void engine(String description) {
        if (Boolean.getBoolean("aec.verbose")) {
            err.println("aec: training step: " + description);
            err.flush();
        }
    }

    @Override
    public void epochStarted(int epoch, int epochs, int batches, int firstBatch) {
        this.epochs = epochs;
        if (bar) {
            current = new ProgressBarBuilder()
                    .setTaskName(String.format(Locale.ROOT, "epoch %d/%d", epoch + 1, epochs))
                    .setInitialMax(batches)
                    .setStyle(ProgressBarStyle.ASCII)
                    .setConsumer(new ConsoleProgressBarConsumer(System.err))
                    .setUpdateIntervalMillis(250)
                    .build();
            current.stepTo(firstBatch);
        } else if (firstBatch > 0 && !quiet) {
            err.printf(Locale.ROOT, "aec: epoch %d/%d resumes at batch %d of %d%n", epoch + 1, epochs, firstBatch + 1,
                    batches);
        }
    }

    @Override
    public void batchDone(int epoch, int batch, int batches, double loss, long samples, double seconds) {
        if (current != null) {
            current.stepTo(batch + 1);
            current.setExtraMessage(String.format(Locale.ROOT, "loss %.4f %,.0f/s", loss, samples / seconds));
        }
    }

    @Override
    public void validating(int epoch) {
        if (current != null) {
            current.setExtraMessage(current.getExtraMessage() + " validating");
        }
    }

    @Override
    public void epochDone(Trainer.EpochResult r) {
        if (current != null) {
            current.close();
            current = null;
        }
        if (!quiet) {
            err.printf(Locale.ROOT, "epoch %d/%d: loss %.4f%s%s%s, %,.0f samples/s, %.1f s%n", r.epoch() + 1, epochs,
                    r.trainLoss(), r.validationLoss().isPresent()
                            ? String.format(Locale.ROOT, ", validation loss %.4f", r.validationLoss().getAsDouble())
                            + r.validationParts().map(p -> String.format(Locale.ROOT, " (reconstruction %.4f, KL %.4f)",
                                    p.reconstruction(), p.kl())).orElse("") : "",
                    r.validationAccuracy().isPresent() ? String.format(Locale.ROOT, ", validation accuracy %.2f%%",
                            100 * r.validationAccuracy().getAsDouble()) : "",
                    showRate && !Double.isNaN(r.learningRate())
                            ? ", learning rate " + new java.math.BigDecimal(r.learningRate())
                                    .round(new java.math.MathContext(4)).stripTrailingZeros().toPlainString() : "",
                    r.samplesPerSecond(), r.seconds());
            err.flush();
        }
    }

    @Override
    public void stoppedEarly(int epoch, int patience, double best, int bestEpoch) {
        if (!quiet) {
            err.printf(Locale.ROOT, "aec: early stop after epoch %d: the monitored loss has not improved for %d epoch%s "
                    + "(best %.4f, epoch %d)%n", epoch + 1, patience, patience == 1 ? "" : "s", best, bestEpoch + 1);
            err.flush();
        }
    }

    @Override
    public void restoredBest(int epoch, double loss) {
        if (!quiet) {
            err.printf(Locale.ROOT, "aec: restored the weights of epoch %d, the best (loss %.4f)%n", epoch + 1, loss);
            err.flush();
        }
    }

    @Override
    public void testing() {
        if (!quiet) {
            err.println("aec: measuring the test loss and drawing the picture");
            err.flush();
        }
    }

    /**
     * How decoding a source into samples goes: a bar on a terminal, else a line every few seconds
     * (decoding a large image folder the first time takes minutes).
     */
    dev.aec.runtime.data.rows.SampleCache.Progress decoding(String what) {
        if (quiet) {
            return dev.aec.runtime.data.rows.SampleCache.Progress.NONE;
        }
        // Sources that decode within a couple of seconds (a table, a cached folder) say nothing.
        long started = System.nanoTime();
        long[] last = {started};
        boolean[] shown = {false};
        return (done, total) -> {
            long now = System.nanoTime();
            if (!shown[0] && (now - started < 2_000_000_000L || done >= total)) {
                return;
            }
            shown[0] = true;
            if (bar) {
                if (current == null) {
                    current = new ProgressBarBuilder().setTaskName("decoding " + what).setInitialMax(total)
                            .setStyle(ProgressBarStyle.ASCII).setConsumer(new ConsoleProgressBarConsumer(System.err))
                            .setUpdateIntervalMillis(250).build();
                }
                current.stepTo(done);
                if (done >= total) {
                    closeBar();
                }
            } else if (done >= total || now - last[0] > 5_000_000_000L) {
                last[0] = now;
                err.printf(Locale.ROOT, "aec: decoding %s: %,d of %,d samples%n", what, done, total);
                err.flush();
            }
        };
    }

    void closeBar() {
        if (current != null) {
            current.close();
            current = null;
        }
    }

    @Override
    public void started(String source, String item) {
        if (!quiet) {
            // A mirror delivers a file; npm's source is a command to run.
            err.println(item.contains(" ") ? "aec: fetching " + source + ": running `" + item + "`"
                    : "aec: downloading " + item + " from " + source);
            err.flush();
        }
    }

    @Override
    public void waiting(String source, String activity, Duration waited, Duration limit) {
        if (!quiet) {
            err.printf(Locale.ROOT, "aec:   %s: still %s (%s so far; gives up after %s)%n", source, activity,
                    seconds(waited), seconds(limit));
            err.flush();
        }
    }

    private static String seconds(Duration duration) {
        long s = Math.round(duration.toMillis() / 1000.0);
        if (duration.toMillis() < 1000) {
            return duration.toMillis() + " ms";
        }
        return s < 120 || s % 60 != 0 ? s + " s" : s / 60 + " min";
    }

    @Override
    public void progress(String source, String item, long done, long total) {
        long now = System.nanoTime();
        if (!quiet && now - lastDownloadReport > 2_000_000_000L) {
            lastDownloadReport = now;
            err.printf(Locale.ROOT, "aec:   %s: %,d%s bytes%n", item, done, total > 0 ? String.format(Locale.ROOT, " of %,d", total) : "");
            err.flush();
        }
    }

    @Override
    public void failed(String source, String reason) {
        if (!quiet) {
            err.println("aec: " + source + " failed: " + reason + "; trying the next source");
            err.flush();
        }
    }
}
