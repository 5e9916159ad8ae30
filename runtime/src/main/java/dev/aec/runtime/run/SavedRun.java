package dev.aec.runtime.run;

import dev.aec.compiler.Compiler;
import dev.aec.compiler.check.CheckedProgram;
import dev.aec.compiler.ir.Lowerer;
import dev.aec.compiler.model.TrainSpec;
import dev.aec.runtime.backend.CompiledModel;
import dev.aec.runtime.backend.SameDiffLowering;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A trained run loaded back: its record, the model recompiled from the sources kept in the run,
 * and the checkpoint's weights restored into it, every file checked against the hashes run.json
 * records. `notes` say what the weights are when the run did not simply finish (still training,
 * interrupted, failed, diverged), for the commands to tell their user.
 */
public record SavedRun(RunDirectory dir, RunRecord record, CheckedProgram program, TrainSpec spec,
                       CompiledModel model, List<String> notes) {
    public SavedRun {
        notes = List.copyOf(notes);
    }

    public static SavedRun load(Path path) throws RunException {
        RunDirectory dir = RunDirectory.open(path);
        // A run being trained may be between writing a checkpoint and recording it: read it again.
        for (int attempt = 1; ; attempt++) {
            try {
                return load(dir);
            } catch (RunException e) {
                if (attempt >= 5 || e.kind() != RunException.Kind.DAMAGED || dir.trainer().isEmpty()) {
                    throw e;
                }
                try {
                    Thread.sleep(200L * attempt);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private static SavedRun load(RunDirectory dir) throws RunException {
        Path path = dir.path();
        RunRecord record = dir.readRecord();
        Compiler.Result result = RunSources.compile(dir, record);
        if (!result.ok()) {
            throw new RunException(RunException.Kind.DAMAGED, "the model source kept in " + path
                    + " no longer checks with this version of aec (`aec check " + path.resolve(RunDirectory.SOURCE)
                    + "` shows why)");
        }
        CheckedProgram program = result.program().orElseThrow();
        TrainSpec spec = program.train(record.model()).orElseThrow(() -> new RunException(RunException.Kind.DAMAGED,
                path + " names model `" + record.model() + "`, which its source does not train"));
        CompiledModel model = SameDiffLowering.lower(Lowerer.lower(program, record.model()), spec.loss(),
                spec.reduction(), spec.seed());
        TrainingRun.restoreWeights(model, dir.readModel(record));
        Optional<String> bad = TrainingRun.nonFiniteWeights(model);
        if (bad.isPresent()) {
            throw new RunException(RunException.Kind.DAMAGED, "the weights saved in " + path + " are not finite ("
                    + bad.get() + "): the run diverged before it was saved; train it again with a lower learning "
                    + "rate");
        }
        return new SavedRun(dir, record, program, spec, model, notes(dir, record));
    }

    /** What the weights are, when the run did not finish: said on stderr by every command that uses them. */
    /** What the run read (its sources, shares and scaling); empty for a run from before it was kept. */
    public Optional<RunData.Facts> facts() throws RunException {
        return dir.readData();
    }

    static List<String> notes(RunDirectory dir, RunRecord record) {
        List<String> notes = new ArrayList<>();
        String where = where(record);
        Optional<String> trainer = dir.trainer();
        switch (record.status()) {
            case RunRecord.FINISHED -> {
            }
            case RunRecord.RUNNING -> notes.add(trainer.isPresent()
                    ? dir.path() + " is still training (" + trainer.get() + "); these are the weights of its latest "
                            + "checkpoint, " + where
                    : dir.path() + " stopped without finishing (its process ended unexpectedly); these are the weights "
                            + "of its last checkpoint, " + where + "; `aec train --resume " + dir.path() + "` carries on");
            case RunRecord.INTERRUPTED -> notes.add(dir.path() + " was interrupted " + where + "; these are the weights "
                    + "it had then; `aec train --resume " + dir.path() + "` carries on");
            case RunRecord.FAILED -> notes.add(dir.path() + " failed (" + record.failure() + "); these are the weights "
                    + "of its last checkpoint, " + where);
            case RunRecord.DIVERGED -> notes.add(dir.path() + " diverged (" + record.failure() + "); these are the "
                    + "weights of its last good checkpoint, " + where);
            default -> throw new IllegalStateException("a record with status " + record.status() + " passed its check");
        }
        return notes;
    }

    /** "after epoch 2 of 5" or "at epoch 3 of 5, batch 120". */
    static String where(RunRecord record) {
        RunRecord.Position p = record.position();
        int epochs = record.settings().epochs();
        if (p.batch() == 0) {
            return p.epoch() == 0 ? "before its first batch"
                    : String.format(Locale.ROOT, "after epoch %d of %d", p.epoch(), epochs);
        }
        return String.format(Locale.ROOT, "at epoch %d of %d, batch %d", p.epoch() + 1, epochs, p.batch() + 1);
    }
}
