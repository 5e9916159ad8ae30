package dev.aec.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The `aec` launcher script and the version it reports. */
class LauncherTest {
    @TempDir
    Path tmp;

    @Test
    void versionNamesTheProjectVersionAndTheCommit() throws Exception {
        String expected = System.getProperty("aec.expectedVersion");
        assumeTrue(expected != null && !expected.isBlank(), "runs under Maven, which passes the project version");
        CliRun run = CliRun.of("--version");

        assertThat(run.exitCode()).isEqualTo(ExitCode.OK);
        String commit = gitCommit();
        assertThat(run.out().strip()).isEqualTo("aec " + expected + (commit.isEmpty() ? "" : " (commit " + commit + ")"));
    }

    @Test
    void everySubcommandPrintsTheSameVersion() {
        String top = CliRun.of("--version").out();
        assertThat(top).startsWith("aec ").doesNotContain("development build");
        for (String name : AecCommand.commandLine(new String[0]).getSubcommands().keySet()) {
            CliRun run = CliRun.of(name, "--version");
            assertThat(run.exitCode()).as(name).isEqualTo(ExitCode.OK);
            assertThat(run.out()).as(name).isEqualTo(top);
        }
    }

    /**
     * `ln -s /repo/aec ~/bin/aec`: the script must find the jar beside its real self. A copy of the
     * script in a stand-in checkout (a jar newer than its absent sources, so no build) runs through
     * a link elsewhere, with a `java` on the PATH that only writes down how it was called.
     */
    @Test
    void symbolicallyLinkedLauncherRunsTheJarBesideTheRealScript() throws Exception {
        Path bash = Path.of("/bin/bash");
        assumeTrue(Files.isExecutable(bash), "needs bash to run the launcher script");
        Path checkout = Files.createDirectories(tmp.resolve("checkout"));
        Path script = Files.copy(CliRun.repo().resolve("aec"), checkout.resolve("aec"));
        executable(script);
        Files.createDirectories(checkout.resolve("cli/target/lib"));
        Files.write(checkout.resolve("cli/target/aec-cli.jar"), new byte[0]);

        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Path calls = tmp.resolve("java-calls.txt");
        executable(Files.writeString(bin.resolve("java"), "#!/bin/sh\nprintf '%s\\n' \"$@\" > '" + calls + "'\n",
                StandardCharsets.UTF_8));
        executable(Files.writeString(bin.resolve("mvn"), "#!/bin/sh\necho 'mvn must not run' >&2\nexit 1\n",
                StandardCharsets.UTF_8));
        Path home = Files.createDirectories(tmp.resolve("home/bin"));
        Path link = Files.createSymbolicLink(home.resolve("aec"), script);

        ProcessBuilder builder = new ProcessBuilder(bash.toString(), link.toString(), "check", "model.aemodel")
                .directory(tmp.toFile())
                .redirectErrorStream(true)
                .redirectOutput(tmp.resolve("output.txt").toFile());
        builder.environment().put("PATH", bin + ":/usr/bin:/bin");
        builder.environment().remove("AEC_JAVA_OPTS");
        Process process = builder.start();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();

        assertThat(Files.readString(tmp.resolve("output.txt"))).isEmpty();
        assertThat(process.exitValue()).isZero();
        List<String> args = Files.readAllLines(calls);
        String jar = checkout.toRealPath().resolve("cli/target/aec-cli.jar").toString();
        assertThat(args).contains(jar + ":" + checkout.toRealPath().resolve("cli/target/lib") + "/*");
        assertThat(args.subList(args.size() - 3, args.size())).containsExactly("dev.aec.cli.Main", "check", "model.aemodel");
    }

    /**
     * The launcher makes its class-data archive beside the jar on the first run, the JVM maps it
     * (`-Xshare:on` fails when it cannot), and an archive the JVM refuses (damaged, or made for
     * other jars) changes nothing a user sees. The stand-in checkout holds this build's classes as
     * jars, since the JVM archives no class from a directory.
     */
    @Test
    void launcherMakesAClassDataArchiveThatTheJvmMapsAndSurvivesABadOne() throws Exception {
        Path bash = Path.of("/bin/bash");
        assumeTrue(Files.isExecutable(bash), "needs bash to run the launcher script");
        Path checkout = Files.createDirectories(tmp.resolve("checkout"));
        executable(Files.copy(CliRun.repo().resolve("aec"), checkout.resolve("aec")));
        Files.createDirectories(checkout.resolve("models"));
        Files.copy(Path.of(CliRun.model("conv_autoencoder.aemodel")), checkout.resolve("models/conv_autoencoder.aemodel"));
        Path lib = Files.createDirectories(checkout.resolve("cli/target/lib"));
        int n = 0;
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path path = Path.of(entry);
            Path jar = lib.resolve(String.format("%03d-%s", n++, path.getFileName() + (Files.isDirectory(path) ? ".jar" : "")));
            if (Files.isDirectory(path)) {
                jar(path, jar);
            } else if (Files.isRegularFile(path)) {
                Files.copy(path, jar);
            }
        }
        jar(Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI()),
                checkout.resolve("cli/target/aec-cli.jar"));
        Path archive = checkout.resolve("cli/target/aec.jsa");
        String model = checkout.resolve("models/conv_autoencoder.aemodel").toString();

        Launched first = launch(checkout, "check", model);
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out()).contains("total                                       4,385");
        assertThat(first.out() + first.err()).doesNotContain("[warning]").doesNotContain("shared archive");
        assertThat(archive).isRegularFile();

        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // As the launcher puts it: picocli's jar first, so that its few classes the archive lacks are found at once.
        Path picocli;
        try (var jars = Files.list(lib)) {
            picocli = jars.filter(p -> p.getFileName().toString().matches(".*picocli-[0-9].*\\.jar")).findFirst().orElseThrow();
        }
        String classpath = checkout.resolve("cli/target/aec-cli.jar") + ":" + picocli + ":" + lib + "/*";
        // The launcher's heap limit: `check` estimates the memory a run needs from it.
        Process mapped = new ProcessBuilder(java, "-Xmx384m", "-Xshare:on", "-XX:SharedArchiveFile=" + archive, "-cp", classpath,
                Main.class.getName(), "check", model).redirectErrorStream(true).start();
        String mappedOutput = new String(mapped.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(mapped.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(mapped.exitValue()).as(mappedOutput).isZero();
        assertThat(mappedOutput).isEqualTo(first.out());

        // Picocli's Java 5 class files are what a dynamic archive leaves out; a static one keeps them.
        Process logged = new ProcessBuilder(java, "-Xmx384m", "-Xshare:on", "-XX:SharedArchiveFile=" + archive,
                "-Xlog:class+load=info", "-cp", classpath, Main.class.getName(), "check", model)
                .redirectErrorStream(true).start();
        String loads = new String(logged.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(logged.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(loads.lines().filter(line -> line.contains(" picocli.CommandLine ")))
                .as("where picocli's main class came from").singleElement().asString().contains("shared objects file");

        // Newer than the jars, so the launcher passes it on; the JVM reads its header and refuses it.
        Files.delete(archive);
        Files.writeString(archive, "not an archive");
        Launched refused = launch(checkout, "check", model);
        assertThat(refused.exitCode()).as(refused.err()).isZero();
        assertThat(refused.out()).isEqualTo(first.out());
        assertThat(refused.err()).isEqualTo(first.err());
    }

    private record Launched(int exitCode, String out, String err) {
    }

    /** Runs the launcher of `checkout` with the JVM running these tests, and no Maven. */
    private Launched launch(Path checkout, String... args) throws Exception {
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Path javaLink = bin.resolve("java");
        if (!Files.exists(javaLink)) {
            Files.createSymbolicLink(javaLink, Path.of(System.getProperty("java.home"), "bin", "java"));
            executable(Files.writeString(bin.resolve("mvn"), "#!/bin/sh\necho 'mvn must not run' >&2\nexit 1\n",
                    StandardCharsets.UTF_8));
        }
        List<String> command = new java.util.ArrayList<>(List.of("/bin/bash", checkout.resolve("aec").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(tmp.toFile())
                .redirectOutput(tmp.resolve("out.txt").toFile()).redirectError(tmp.resolve("err.txt").toFile());
        builder.environment().put("PATH", bin + ":/usr/bin:/bin");
        builder.environment().remove("AEC_JAVA_OPTS");
        Process process = builder.start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Launched(process.exitValue(), Files.readString(tmp.resolve("out.txt")),
                Files.readString(tmp.resolve("err.txt")));
    }

    /** Writes the classes under `classes` as a jar. */
    private static void jar(Path classes, Path jar) throws IOException {
        try (java.util.jar.JarOutputStream out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar));
             java.util.stream.Stream<Path> files = Files.walk(classes)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
                out.putNextEntry(new java.util.jar.JarEntry(classes.relativize(file).toString().replace('\\', '/')));
                Files.copy(file, out);
                out.closeEntry();
            }
        }
    }

    private static void executable(Path file) throws IOException {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** The short commit of the checkout, or empty when git or the checkout is missing. */
    private static String gitCommit() throws InterruptedException {
        try {
            Process git = new ProcessBuilder("git", "rev-parse", "--short=7", "HEAD")
                    .directory(CliRun.repo().toFile()).redirectErrorStream(false).start();
            String out = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return git.waitFor() == 0 ? out : "";
        } catch (IOException e) {
            return "";
        }
    }
}
