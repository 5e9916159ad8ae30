package dev.aec.cli;

import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import sun.misc.Signal;

/**
 * Ctrl-C during training: the first one asks the loop to finish its batch and save a checkpoint;
 * a second one kills the process as usual.
 */
final class StopSignal implements BooleanSupplier {
    private final AtomicBoolean requested = new AtomicBoolean();

    static StopSignal install(PrintWriter err) {
        StopSignal stop = new StopSignal();
        try {
            Signal.handle(new Signal("INT"), signal -> {
                stop.requested.set(true);
                err.println();
                err.println("aec: stopping after this batch and saving a checkpoint (Ctrl-C again to abort)");
                err.flush();
                Signal.handle(new Signal("INT"), sun.misc.SignalHandler.SIG_DFL);
            });
        } catch (IllegalArgumentException unsupported) {
            // No SIGINT on this platform: Ctrl-C then simply ends the process.
        }
        return stop;
    }

    @Override
    public boolean getAsBoolean() {
        return requested.get();
    }

    void request() {
        requested.set(true);
    }
}
