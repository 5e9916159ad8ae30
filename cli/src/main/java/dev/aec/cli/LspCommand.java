package dev.aec.cli;

import dev.aec.lsp.AecLanguageServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** `aec lsp`: the language server, for editors, on standard input and output. */
@Command(name = "lsp",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        header = "Run the aec language server, for editors.",
        description = "Speaks the Language Server Protocol on standard input and output, so that an editor shows "
                + "every error and warning of the .aemodel files it has open as you type, each layer's output "
                + "shape beside it and in a hover, completes layers, arguments and settings, goes to a model's "
                + "declaration, finds its uses and renames it, outlines each file, formats it as `aec fmt` "
                + "does and applies the fixes diagnostics name. "
                + "Imported files are read as the editor shows them, saved or not. An editor starts it; "
                + "it is not meant to be run by hand. Standard output carries the protocol's messages "
                + "and nothing else; logs go to standard error.",
        footerHeading = "%nExamples:%n",
        footer = {
            "  aec lsp                       # as an editor's settings start it",
            "  aec lsp --check-delay 300     # check 300 ms after the last keystroke",
            "",
            "Exit codes: 0 after the editor's `shutdown` and `exit`, 1 when the editor exits",
            "or closes standard input without shutting the server down first."})
final class LspCommand implements Callable<Integer> {
    /** The editor's streams, when they are not standard input and output (tests run the server on pipes). */
    private record Streams(InputStream in, OutputStream out) {
    }

    /** Kept, so the logging configuration set on it is not lost to garbage collection. */
    private static final Logger PROTOCOL_LOG = Logger.getLogger("org.eclipse.lsp4j");

    @Spec
    CommandSpec spec;

    @Option(names = "--check-delay", paramLabel = "MILLIS", defaultValue = "150",
            description = "How long after the last edit a file is checked, in milliseconds (at most 10000): "
                    + "typing a word checks once, not once per letter. Default: ${DEFAULT-VALUE}.")
    long checkDelayMillis = 150;

    private final Optional<Streams> streams;

    LspCommand() {
        this.streams = Optional.empty();
    }

    LspCommand(InputStream in, OutputStream out) {
        this.streams = Optional.of(new Streams(in, out));
    }

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        if (checkDelayMillis < 0 || checkDelayMillis > AecLanguageServer.MAX_DELAY.toMillis()) {
            err.println("aec lsp: --check-delay must be 0 to " + AecLanguageServer.MAX_DELAY.toMillis()
                    + " milliseconds, not " + checkDelayMillis);
            return ExitCode.USAGE;
        }
        AecLanguageServer server = new AecLanguageServer(Duration.ofMillis(checkDelayMillis));
        Handler oneLine = oneLineLog(err);
        Level level = PROTOCOL_LOG.getLevel();
        boolean parents = PROTOCOL_LOG.getUseParentHandlers();
        PROTOCOL_LOG.addHandler(oneLine);
        PROTOCOL_LOG.setUseParentHandlers(false);
        PROTOCOL_LOG.setLevel(Level.WARNING);
        try {
            if (streams.isPresent()) {
                return server.serve(streams.get().in(), streams.get().out());
            }
            // Standard output belongs to the protocol: anything else printed there (a library's
            // message) would corrupt it, so it goes to standard error while the server runs.
            PrintStream protocol = System.out;
            System.setOut(System.err);
            try {
                return server.serve(System.in, protocol);
            } finally {
                System.setOut(protocol);
            }
        } finally {
            PROTOCOL_LOG.removeHandler(oneLine);
            PROTOCOL_LOG.setUseParentHandlers(parents);
            PROTOCOL_LOG.setLevel(level);
        }
    }

    /** The protocol library's warnings, one line each on standard error, without stack traces. */
    private static Handler oneLineLog(PrintWriter err) {
        return new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (!isLoggable(record)) {
                    return;
                }
                String thrown = record.getThrown() == null ? ""
                        : " (" + record.getThrown().getClass().getSimpleName() + ")";
                err.println("aec lsp: " + record.getLevel().getName().toLowerCase(Locale.ROOT) + ": "
                        + record.getMessage() + thrown);
                err.flush();
            }

            @Override
            public void flush() {
                err.flush();
            }

            @Override
            public void close() {
                err.flush();
            }
        };
    }
}
