package dev.aec.runtime.data;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How patient a download is. The connect timeout bounds looking up a mirror's name and opening
 * the connection, so that an offline machine moves on to the next source at once; the read
 * timeout bounds each wait for data on a slow link (the answer, then every read of the body);
 * the npm command gets minutes and is killed after them. While anything is waited for, the
 * listener hears about it every {@code reportEvery}, so a download is never silent for long.
 */
public record DownloadSettings(Duration connectTimeout, Duration readTimeout, Duration commandTimeout,
                               Duration reportEvery) {

    /** The environment variable overriding the connect timeout, e.g. {@code 10s}. */
    public static final String CONNECT_TIMEOUT_VARIABLE = "AEC_CONNECT_TIMEOUT";
    /** The environment variable overriding the read timeout, e.g. {@code 2m}. */
    public static final String READ_TIMEOUT_VARIABLE = "AEC_READ_TIMEOUT";
    /** The environment variable overriding the time the npm command may take, e.g. {@code 15m}. */
    public static final String NPM_TIMEOUT_VARIABLE = "AEC_NPM_TIMEOUT";

    private static final Duration REPORT_EVERY = Duration.ofSeconds(5);
    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})\\s*(ms|s|m|min|h)?");

    public DownloadSettings {
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(readTimeout, "readTimeout");
        Objects.requireNonNull(commandTimeout, "commandTimeout");
        Objects.requireNonNull(reportEvery, "reportEvery");
        for (Duration d : new Duration[] {connectTimeout, readTimeout, commandTimeout, reportEvery}) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("download timeouts must be positive, got " + d);
            }
        }
    }

    /** Settings that report a wait every 5 s. */
    public DownloadSettings(Duration connectTimeout, Duration readTimeout, Duration commandTimeout) {
        this(connectTimeout, readTimeout, commandTimeout, REPORT_EVERY);
    }

    /** 5 s to look up and connect, 30 s without a byte while reading, 5 min for the npm command. */
    public static DownloadSettings standard() {
        return new DownloadSettings(Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofMinutes(5));
    }

    /**
     * The standard settings with the timeouts the environment sets ({@value #CONNECT_TIMEOUT_VARIABLE},
     * {@value #READ_TIMEOUT_VARIABLE}, {@value #NPM_TIMEOUT_VARIABLE}: {@code 500ms}, {@code 30s},
     * {@code 2m}, {@code 1h}; a bare number is seconds).
     *
     * @throws IllegalArgumentException naming the variable, when a value is not such a duration
     */
    public static DownloadSettings fromEnvironment(Map<String, String> environment) {
        DownloadSettings standard = standard();
        return new DownloadSettings(
                duration(environment, CONNECT_TIMEOUT_VARIABLE, standard.connectTimeout()),
                duration(environment, READ_TIMEOUT_VARIABLE, standard.readTimeout()),
                duration(environment, NPM_TIMEOUT_VARIABLE, standard.commandTimeout()),
                standard.reportEvery());
    }

    private static Duration duration(Map<String, String> environment, String variable, Duration standard) {
        String value = environment.getOrDefault(variable, "").strip();
        if (value.isEmpty()) {
            return standard;
        }
        Matcher m = DURATION.matcher(value.toLowerCase(Locale.ROOT));
        long amount = m.matches() ? Long.parseLong(m.group(1)) : 0;
        if (amount == 0) {
            throw new IllegalArgumentException(variable + "=" + value
                    + ": expected a positive duration such as 500ms, 30s, 2m or 1h");
        }
        String unit = m.group(2) == null ? "s" : m.group(2);
        return switch (unit) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m", "min" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> throw new IllegalStateException("the pattern admits no unit " + unit);
        };
    }

    /** "500 ms", "30 s", "5 min" for messages. */
    static String human(Duration duration) {
        if (duration.toMillis() < 1000) {
            return duration.toMillis() + " ms";
        }
        long seconds = duration.toSeconds();
        return seconds % 60 == 0 ? seconds / 60 + " min" : seconds + " s";
    }
}
