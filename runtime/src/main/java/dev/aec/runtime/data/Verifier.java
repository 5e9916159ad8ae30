package dev.aec.runtime.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;
import java.util.Properties;

/**
 * Checks data files against their expected SHA-256 and remembers the files it has checked.
 *
 * <p>Hashing the uncompressed MNIST files means inflating and digesting 55 MB, about half a
 * second on every run. So a file that passed is recorded in a stamp file (one line per absolute
 * path: size, modification time, file key such as the inode, and the sum it matched), and is not
 * hashed again while those still match. Downloads and package managers replace files by rename
 * (a new inode) or rewrite them (a new mtime), so a changed file is hashed again; what slips
 * through is an in-place edit that restores the old mtime, which we accept. The IDX reader still
 * checks every file's structure on every load.
 *
 * <p>The stamp file is only an optimisation: when it cannot be read or written (a read-only home),
 * every run simply hashes again.
 */
final class Verifier {

    private final Path stampFile;

    Verifier(Path stampFile) {
        this.stampFile = stampFile;
    }

    /** Throws unless {@code file}'s uncompressed content has SHA-256 {@code expected}. */
    void verify(Path file, String expected, String datasetName) throws DataException {
        Optional<String> fingerprint = fingerprint(file);
        if (fingerprint.isPresent() && (fingerprint.get() + " " + expected).equals(load().getProperty(key(file)))) {
            return;
        }
        String actual = Content.sha256(file);
        if (!actual.equals(expected)) {
            throw new DataException(file.toString(), "checksum mismatch: the content has sha256 " + actual
                    + ", expected " + expected + " for the original " + datasetName + " file");
        }
        fingerprint.ifPresent(f -> record(file, f, actual));
    }

    /** Records that {@code file}, just checked by the caller, has SHA-256 {@code sha256}. */
    void remember(Path file, String sha256) {
        fingerprint(file).ifPresent(f -> record(file, f, sha256));
    }

    private void record(Path file, String fingerprint, String sha256) {
        Properties stamps = load();
        stamps.setProperty(key(file), fingerprint + " " + sha256);
        for (String path : stamps.stringPropertyNames()) {
            if (!Files.exists(Path.of(path))) {
                stamps.remove(path);
            }
        }
        save(stamps);
    }

    private Properties load() {
        Properties stamps = new Properties();
        if (Files.isRegularFile(stampFile)) {
            try (InputStream in = Files.newInputStream(stampFile)) {
                stamps.load(in);
            } catch (IOException | IllegalArgumentException e) {
                return new Properties();
            }
        }
        return stamps;
    }

    private void save(Properties stamps) {
        Path temporary;
        try {
            Files.createDirectories(stampFile.getParent());
            temporary = Files.createTempFile(stampFile.getParent(), ".verified.", ".part");
        } catch (IOException e) {
            // Without a stamp the next run hashes again; that is slower, never wrong.
            return;
        }
        try (OutputStream out = Files.newOutputStream(temporary)) {
            stamps.store(out, "files whose SHA-256 aec has checked: size mtime file-key sha256");
        } catch (IOException e) {
            deleteQuietly(temporary);
            return;
        }
        try {
            moveAtomically(temporary, stampFile);
        } catch (IOException e) {
            deleteQuietly(temporary);
        }
    }

    private static Optional<String> fingerprint(Path file) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            Object fileKey = attributes.fileKey();
            return Optional.of(attributes.size() + " " + attributes.lastModifiedTime()
                    + " " + (fileKey == null ? "-" : fileKey.toString().replace(' ', '_')));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static String key(Path file) {
        return file.toAbsolutePath().normalize().toString();
    }

    /** Renames {@code from} onto {@code to} so that readers see the old file or the new one, never half. */
    static void moveAtomically(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // A leftover temporary file is harmless: its name starts with a dot and ends in .part.
        }
    }
}
