package dev.aec.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;

/** The version line of `aec --version`: the Maven project version and the git commit the build came from. */
final class VersionProvider implements CommandLine.IVersionProvider {
    private static final String RESOURCE = "version.properties";

    @Override
    public String[] getVersion() {
        return new String[] {line()};
    }

    /** {@code aec 0.1.0-SNAPSHOT (commit abc1234)}; without the commit when the build had no git. */
    static String line() {
        Properties properties = new Properties();
        try (InputStream in = VersionProvider.class.getResourceAsStream(RESOURCE)) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            // An unreadable resource in our own jar: say what we know, which is nothing.
        }
        String version = properties.getProperty("version", "").strip();
        String commit = properties.getProperty("commit", "").strip();
        if (version.isEmpty()) {
            // Compiled outside Maven (an IDE): the manifest is all there may be.
            version = java.util.Objects.requireNonNullElse(Main.class.getPackage().getImplementationVersion(),
                    "development build");
        }
        return "aec " + version + (commit.isEmpty() ? "" : " (commit " + commit + ")");
    }
}
