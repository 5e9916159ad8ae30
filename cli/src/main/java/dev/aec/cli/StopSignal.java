package dev.aec.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * SIGINT (Ctrl-C) and SIGTERM (`kill`, `timeout`, `docker stop`, Kubernetes, Slurm) during
 * training. The first asks the loop to finish its batch (or the evaluation under way) and save a
 * checkpoint; the second only says that it is still saving, since a checkpoint cut short helps
 * nobody; the third stops the process at once. Files are only ever replaced whole, so even then
 * the last complete checkpoint stays on disk.
 */
final class StopSignal implements BooleanSupplier, AutoCloseable {
    private final AtomicInteger received = new AtomicInteger();
    private final Map<Signal, SignalHandler> previous = new LinkedHashMap<>();
    private final PrintWriter err;
    private volatile String first = "";

    private StopSignal(PrintWriter err) {
        this.err = err;
    }

    static StopSignal install(PrintWriter err) {
        StopSignal stop = new StopSignal(err);
        for (String name : new String[] {"INT", "TERM"}) {
            try {
                Signal signal = new Signal(name);
                stop.previous.put(signal, Signal.handle(signal, stop::received));
            } catch (IllegalArgumentException unsupported) {
                // This platform has no such signal, or the JVM keeps it (-Xrs): it then ends the process.
            }
        }
        return stop;
    }

    private void received(Signal signal) {
        int count = received.incrementAndGet();
        String name = signal.getName();
        if (count == 1) {
            first = name;
            say("stopping after this batch and saving a checkpoint (SIG" + name + "; two more signals abort at once)");
        } else if (count == 2) {
            say("still saving the checkpoint; one more signal aborts without it");
        } else {
            say("aborted; the last complete checkpoint on disk is kept");
            Runtime.getRuntime().halt(ExitCode.ABORTED);
        }
    }

    private void say(String message) {
        err.println();
        err.println("aec: " + message);
        err.flush();
    }

    @Override
    public boolean getAsBoolean() {
        return received.get() > 0;
    }

    /** 130 after SIGINT, 143 after SIGTERM, as shells report a process those signals ended. */
    int exitCode() {
        return first.equals("TERM") ? ExitCode.TERMINATED : ExitCode.INTERRUPTED;
    }

    /** Gives the signals back to the handlers they had (the JVM's own, outside a test). */
    @Override
    public void close() {
        previous.forEach((signal, handler) -> {
            try {
                Signal.handle(signal, handler);
            } catch (IllegalArgumentException e) {
                // It could be taken, so it can be given back; nothing to do otherwise.
            }
        });
    }
}
