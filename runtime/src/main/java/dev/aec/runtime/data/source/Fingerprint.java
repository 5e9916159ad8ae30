package dev.aec.runtime.data.source;

import dev.aec.runtime.data.Sha256;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;

/**
 * Builds a {@link Samples#fingerprint()}: the SHA-256 of the reader's name, its options and the
 * identity of its files (size and modification time, not content, so opening stays cheap).
 */
final class Fingerprint {
    private final MessageDigest digest = Sha256.digest();

    Fingerprint(String reader) {
        add("reader", reader);
    }

    Fingerprint add(String key, Object value) {
        // Tab and newline separate fields; neither occurs in the options, and a path holding one is hashed as is.
        digest.update((key + "\t" + value + "\n").getBytes(StandardCharsets.UTF_8));
        return this;
    }

    /** A file's size and modification time, under `key` (a path relative to the source when there are many). */
    Fingerprint file(String key, long size, long modifiedMillis) {
        return add("file " + key, size + " " + modifiedMillis);
    }

    Fingerprint file(Path path) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
        return file(path.toString(), attributes.size(), attributes.lastModifiedTime().toMillis());
    }

    String hex() {
        return Sha256.hex(digest);
    }
}
