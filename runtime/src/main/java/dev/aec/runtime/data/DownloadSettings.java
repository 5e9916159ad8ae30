package dev.aec.runtime.data;

import java.time.Duration;
import java.util.Objects;

/**
 * How patient a download is: the connect timeout is short so that an offline machine moves on to
 * the next source at once; reads may stall longer on a slow link; the npm command gets minutes.
 */
public record DownloadSettings(Duration connectTimeout, Duration readTimeout, Duration commandTimeout) {

    public DownloadSettings {
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(readTimeout, "readTimeout");
        Objects.requireNonNull(commandTimeout, "commandTimeout");
    }

    /** 3 s to connect, 30 s without a byte while reading, 10 min for the npm command. */
    public static DownloadSettings standard() {
        return new DownloadSettings(Duration.ofSeconds(3), Duration.ofSeconds(30), Duration.ofMinutes(10));
    }
}
