package dev.aec.runtime.data;

/**
 * What a download reports while it runs, so that a caller can draw a progress bar or log a line;
 * this package never prints. Calls come from the downloading thread.
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

    /** {@code source} gave up, for {@code reason}; the next source is tried, if any. */
    default void failed(String source, String reason) {
    }
}
