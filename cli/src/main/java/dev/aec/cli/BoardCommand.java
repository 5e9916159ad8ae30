package dev.aec.cli;

import dev.aec.cli.board.Board;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/** `aec board`: a web page on this machine showing the training runs under a folder, live. */
@Command(name = "board",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        header = "Show training runs in a web browser: their losses per epoch, live, and their pictures.",
        description = "Serves a page listing the runs under DIR (each with its model, status, epochs, best validation "
                + "loss and test loss), the training and validation loss curves of the runs you tick, drawn over "
                + "each other, and each epoch's reconstructions (a classifier's predictions) of the run you click. "
                + "A run that is training grows by one point after each epoch, without reloading the page. The "
                + "board only reads: it serves the runs' pictures, JSON and CSV files and nothing else, and works "
                + "offline. It listens on 127.0.0.1, so only this machine can open it, unless --host names another "
                + "address. It prints the page's address on standard output; Ctrl-C stops it.",
        footerHeading = "%nExamples:%n",
        footer = {
            "  aec board",
            "  aec board experiments --port 9000",
            "  aec board runs --port 0",
            "  aec board runs --host 0.0.0.0   (any machine that reaches this one sees them)",
            "",
            "Exit codes: 0 stopped by Ctrl-C or SIGTERM,",
            "2 usage (no such DIR, a bad --port or --host),",
            "3 the port is in use or cannot be listened on."})
final class BoardCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "DIR", defaultValue = "runs",
            description = "The folder of runs, as `aec train` makes them (runs/NAME), or nested one level more "
                    + "(experiments/A/NAME), or one run directory. Default: ${DEFAULT-VALUE}.")
    Path dir;

    @Option(names = "--port", paramLabel = "N", defaultValue = "" + Board.DEFAULT_PORT,
            description = "The port to listen on; 0 takes any free one. Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--host", paramLabel = "HOST", defaultValue = Board.DEFAULT_HOST,
            description = "The address to listen on: 0.0.0.0 for every interface, which lets other machines read "
                    + "your runs. Default: ${DEFAULT-VALUE} (this machine only).")
    String host;

    /** Counted down by Ctrl-C or SIGTERM (or a test) to stop the board. */
    private final CountDownLatch stop = new CountDownLatch(1);

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (port < 0 || port > 65_535) {
            throw new ParameterException(spec.commandLine(), "--port must be between 0 and 65535, found " + port);
        }
        if (!Files.isDirectory(dir)) {
            err.println("aec: error: " + (Files.exists(dir) ? dir + " is not a folder" : "no folder " + dir)
                    + "; name the folder your runs are in (`aec train` makes them in runs/)");
            return ExitCode.USAGE;
        }
        Board board;
        try {
            board = open();
        } catch (BindException e) {
            if (e.getMessage() != null && e.getMessage().contains("in use")) {
                err.println("aec: error: cannot listen on " + host + ":" + port + ": the port is in use (another "
                        + "`aec board`?); choose another with --port, or --port 0 for any free one");
            } else {
                err.println("aec: error: cannot listen on " + host + ":" + port + ": " + reason(e)
                        + "; --host takes an address of this machine, --port one from 1024 up");
            }
            return ExitCode.ENVIRONMENT;
        } catch (UnknownHostException e) {
            err.println("aec: error: --host " + host + ": no such host; give an address of this machine, such as "
                    + Board.DEFAULT_HOST);
            return ExitCode.USAGE;
        } catch (IOException e) {
            err.println("aec: error: cannot listen on " + host + ":" + port + ": " + reason(e));
            return ExitCode.ENVIRONMENT;
        }
        Map<Signal, SignalHandler> previous = new LinkedHashMap<>();
        try (board) {
            for (String name : new String[] {"INT", "TERM"}) {
                try {
                    Signal signal = new Signal(name);
                    previous.put(signal, Signal.handle(signal, s -> stop.countDown()));
                } catch (IllegalArgumentException unsupported) {
                    // No such signal here, or the JVM keeps it (-Xrs): it then ends the process as usual.
                }
            }
            if (!board.address().getAddress().isLoopbackAddress()) {
                err.println("aec: warning: listening on " + host + ": anyone who can reach this machine can read "
                        + "the runs under " + dir);
            }
            out.println(board.url());
            out.flush();
            err.println("aec: showing the runs under " + dir + "; Ctrl-C stops");
            err.flush();
            stop.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            previous.forEach((signal, handler) -> {
                try {
                    Signal.handle(signal, handler);
                } catch (IllegalArgumentException e) {
                    // It could be taken, so it can be given back; nothing to do otherwise.
                }
            });
        }
        return ExitCode.OK;
    }

    /** The board this command line asks for, started; tests read its address. */
    Board open() throws IOException {
        return Board.start(dir, dir.toString(), host, port);
    }

    /** Stops a running board as Ctrl-C does. */
    void stop() {
        stop.countDown();
    }

    /** The system's words, begun in lowercase as aec's messages are. */
    private static String reason(IOException e) {
        String message = e.getMessage() == null || e.getMessage().isBlank() ? "unknown error" : e.getMessage();
        return Character.toLowerCase(message.charAt(0)) + message.substring(1);
    }
}
