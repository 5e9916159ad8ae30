package dev.aec.bench;

import java.util.Locale;

/**
 * The roof a training step is measured against: the machine's best float matrix product in the
 * same run ({@link SgemmCeiling}). A step is a chain of products, convolutions and cheaper
 * elementwise passes, so the share of the ceiling it reaches says how much of its time goes to
 * work that is not dense arithmetic, and how much a faster kernel could still buy.
 */
record Roofline(double ceilingGflops) {
    Roofline {
        if (!(ceilingGflops > 0)) {
            throw new IllegalArgumentException("a ceiling must be positive, found " + ceilingGflops);
        }
    }

    /** GFLOP/s a step reaches: its floating-point operations per sample times samples a second. */
    static double achieved(double gflopPerSample, double samplesPerSecond) {
        return gflopPerSample * samplesPerSecond;
    }

    /** The share of the ceiling, 0 to 1 (above 1 only when the ceiling was measured in a slow moment). */
    double fraction(double gflopPerSample, double samplesPerSecond) {
        return achieved(gflopPerSample, samplesPerSecond) / ceilingGflops;
    }

    /** A table cell: `41.3 (47%)`. */
    String cell(double gflopPerSample, double samplesPerSecond) {
        return String.format(Locale.ROOT, "%.1f (%.0f%%)", achieved(gflopPerSample, samplesPerSecond),
                100 * fraction(gflopPerSample, samplesPerSecond));
    }

    /** The line under a table: the best of its rows against the ceiling. */
    String line(String what, double gflopPerSample, double samplesPerSecond) {
        return String.format(Locale.ROOT, "Roofline: %s %.2f MFLOP per sample per step at %,.0f samples/s is "
                        + "%.1f GFLOP/s, %.1f%% of this run's SGEMM ceiling of %.1f GFLOP/s.", what,
                gflopPerSample * 1e3, samplesPerSecond, achieved(gflopPerSample, samplesPerSecond),
                100 * fraction(gflopPerSample, samplesPerSecond), ceilingGflops);
    }
}
