package dev.aec.cli;

import dev.aec.runtime.run.SavedRun;
import java.io.PrintWriter;

/** What a command says about a run's weights when the run did not simply finish. */
final class RunNotes {
    private RunNotes() {
    }

    static void print(SavedRun saved, PrintWriter err) {
        for (String note : saved.notes()) {
            err.println("aec: note: " + note);
        }
        err.flush();
    }
}
