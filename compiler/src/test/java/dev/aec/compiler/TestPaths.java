package dev.aec.compiler;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the repository and its shared folders are, as the build tells the tests. */
public final class TestPaths {
    private TestPaths() {
    }

    public static Path repo() {
        String fromBuild = System.getProperty("aec.repo");
        Path start = fromBuild == null || fromBuild.isBlank() ? Path.of("").toAbsolutePath() : Path.of(fromBuild);
        for (Path p = start; p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("models")) && Files.exists(p.resolve("pom.xml"))) {
                return p;
            }
        }
        throw new IllegalStateException("cannot find the repository root from " + start);
    }

    public static Path models() {
        return repo().resolve("models");
    }

    public static Path testResources() {
        return repo().resolve("compiler/src/test/resources");
    }

    public static boolean bless() {
        return Boolean.parseBoolean(System.getProperty("aec.bless", "false"));
    }
}
