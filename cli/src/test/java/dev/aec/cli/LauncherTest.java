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
import picocli.CommandLine;

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
        for (String name : new CommandLine(new AecCommand()).getSubcommands().keySet()) {
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
