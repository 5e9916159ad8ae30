package dev.aec.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Whatever escapes a command, on its thread or another, ends as one line and an exit code: a bug
 * in aec is exit 4 with its trace in a crash file, running out of memory exit 3; no stack trace
 * on stderr.
 */
class ExitPathsTest {

    private static final Pattern CRASH_FILE = Pattern.compile("its trace is in (\\S+aec-crash-\\d{8}-\\d{6}-\\d+(?:-\\d+)?\\.txt);");
    private static final Pattern STACK_TRACE = Pattern.compile("(?m)^\\s+at [\\w.$]+\\(");

    private final List<Path> crashFiles = new java.util.ArrayList<>();

    @AfterEach
    void deleteCrashFiles() throws IOException {
        for (Path file : crashFiles) {
            Files.deleteIfExists(file);
        }
    }

    /** A command that does what it is given. */
    @Command(name = "boom")
    static final class Boom implements Callable<Integer> {
        private final Supplier<Integer> body;

        @picocli.CommandLine.Unmatched
        List<String> arguments;

        Boom(Supplier<Integer> body) {
            this.body = body;
        }

        @Override
        public Integer call() {
            return body.get();
        }
    }

    private CliRun run(Supplier<Integer> body, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new CommandLine(new Boom(body)), args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new CliRun(code, out.toString(), err.toString());
    }

    private Path crashFile(CliRun run) {
        Matcher m = CRASH_FILE.matcher(run.err());
        assertThat(m.find()).as(run.err()).isTrue();
        Path file = Path.of(m.group(1));
        crashFiles.add(file);
        return file;
    }

    private static int recurse(int depth) {
        return recurse(depth + 1) + 1;
    }

    @ParameterizedTest
    @ValueSource(strings = {"exception", "stack overflow", "assertion", "wrapped error"})
    void bugIsOneLineNamingTheCrashFileThatHoldsTheTrace(String kind) throws IOException {
        CliRun run = run(() -> {
            switch (kind) {
                case "exception" -> throw new IllegalStateException("the checker accepted a poison type");
                case "stack overflow" -> recurse(0);
                case "assertion" -> throw new AssertionError("unreachable");
                default -> throw new RuntimeException(new LinkageError("a class changed"));
            }
            return 0;
        }, "--flag", "my model.aemodel");

        assertThat(run.exitCode()).isEqualTo(ExitCode.INTERNAL);
        assertThat(run.err().lines()).hasSize(1);
        assertThat(run.err()).startsWith("aec: internal error: this is a bug in aec (")
                .contains("please report it with the command you ran and that file");
        assertThat(STACK_TRACE.matcher(run.err()).find()).isFalse();
        Path file = crashFile(run);
        assertThat(file.getFileName().toString()).contains("-" + ProcessHandle.current().pid());
        String crash = Files.readString(file);
        assertThat(crash).contains("command:  aec --flag 'my model.aemodel'").contains("version:  aec ")
                .containsPattern("(?m)^\\s+at dev\\.aec\\.cli\\.ExitPathsTest");
    }

    @Test
    void exceptionOnAnotherThreadIsABugEvenWhenTheCommandSucceeds() throws Exception {
        CliRun run = run(() -> {
            Thread worker = new Thread(() -> {
                throw new IllegalStateException("worker failed");
            }, "aec-worker");
            worker.start();
            try {
                worker.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return ExitCode.OK;
        });

        assertThat(run.exitCode()).isEqualTo(ExitCode.INTERNAL);
        assertThat(run.err()).startsWith("aec: internal error: this is a bug in aec (java.lang.IllegalStateException:"
                + " worker failed)");
        assertThat(Files.readString(crashFile(run))).contains("thread:   aec-worker");
        assertThat(STACK_TRACE.matcher(run.err()).find()).isFalse();
    }

    @Test
    void javaCppRefusingAnAllocationIsAnEnvironmentErrorWithTheLimitAndHowToRaiseIt() {
        CliRun run = run(() -> {
            OutOfMemoryError refused = new OutOfMemoryError("Cannot allocate new LongPointer(1): totalBytes = 256,"
                    + " physicalBytes = 1566M");
            refused.initCause(new OutOfMemoryError("Physical memory usage is too high: physicalBytes (1566M) >"
                    + " maxPhysicalBytes (1536M)"));
            // ND4J sometimes wraps it.
            throw new RuntimeException("Failed to allocate", refused);
        });

        assertThat(run.exitCode()).isEqualTo(ExitCode.ENVIRONMENT);
        List<String> lines = run.err().lines().toList();
        assertThat(lines.get(0)).startsWith("aec: error: out of memory: ND4J's native memory reached the limit of ")
                .endsWith(" (JavaCPP: physicalBytes (1566M) > maxPhysicalBytes (1536M))");
        assertThat(lines.get(1)).startsWith("aec: the limit is " + MemoryLimit.inForce().describe() + "; this is ");
        assertThat(lines.get(2)).matches("help: (raise it with AEC_MAX_MEMORY=\\d+g or `aec --max-memory \\d+g <command> \\.\\.\\.`,"
                + " or make the model or its batch smaller|this machine cannot give that much; .*)");
        assertThat(lines).hasSize(3);
    }

    @Test
    void fullJavaHeapSaysHowToGiveJavaMore() {
        CliRun run = run(() -> {
            throw new OutOfMemoryError("Java heap space");
        });

        assertThat(run.exitCode()).isEqualTo(ExitCode.ENVIRONMENT);
        assertThat(run.err()).isEqualTo("aec: error: out of memory: the Java heap ("
                + OutOfMemory.xmx(Runtime.getRuntime().maxMemory()) + ") is full\n"
                + "help: give Java a larger heap with AEC_JAVA_OPTS=\"-Xmx"
                + OutOfMemory.heap(Math.max(4 * Runtime.getRuntime().maxMemory(), 2L << 30))
                + " -XX:TieredStopAtLevel=1\" (the launcher's default heap is -Xmx384m)\n");
    }

    @Test
    void outOfMemoryOnAnotherThreadIsAnEnvironmentError() {
        CliRun run = run(() -> {
            Thread worker = new Thread(() -> {
                throw new OutOfMemoryError("Java heap space");
            });
            worker.start();
            try {
                worker.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return ExitCode.OK;
        });

        assertThat(run.exitCode()).isEqualTo(ExitCode.ENVIRONMENT);
        assertThat(run.err()).startsWith("aec: error: out of memory: the Java heap (");
    }

    @Test
    void estimateIsToldWhenTheCallerKnowsIt() {
        dev.aec.compiler.ir.TrainingMemory estimate = new dev.aec.compiler.ir.TrainingMemory(
                376_523_136L, 376_523_136L, 2, 753_046_272L, 100, 16_281_600L, 219_520_000L);
        StringWriter err = new StringWriter();
        int code = OutOfMemory.report(new OutOfMemoryError("Physical memory usage is too high: physicalBytes (1568M)"
                + " > maxPhysicalBytes (1500M)"), new PrintWriter(err, true), java.util.Optional.of(estimate));

        assertThat(code).isEqualTo(ExitCode.ENVIRONMENT);
        assertThat(err.toString().lines().toList().get(1)).isEqualTo("aec: the training needs " + MemoryBudget.line(estimate));
        assertThat(MemoryBudget.line(estimate)).startsWith("about ").contains("(weights 377 MB, gradients 377 MB,"
                + " optimizer state 753 MB, activations for batch 100: 16 MB, data 220 MB, runtime ");
    }

    @Test
    void usageErrorsAndModelErrorsKeepTheirCodes() {
        assertThat(CliRun.of("train", "--epochs", "zero").exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(CliRun.of("--max-memory", "lots", "check", CliRun.model("conv_autoencoder.aemodel")).err())
                .startsWith("aec: --max-memory lots: expected a size such as 12g, 1.5g or 800m");
    }
}
