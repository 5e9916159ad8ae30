package dev.aec.runtime.run;

import dev.aec.compiler.Compiler;
import dev.aec.compiler.check.CheckedProgram;
import dev.aec.compiler.ir.Lowerer;
import dev.aec.compiler.model.TrainSpec;
import dev.aec.compiler.source.SourceFile;
import dev.aec.runtime.backend.CompiledModel;
import dev.aec.runtime.backend.SameDiffLowering;

/**
 * A trained run loaded back: its record, the model recompiled from the source copy kept in the
 * run, and the trained weights restored into it.
 */
public record SavedRun(RunDirectory dir, RunRecord record, CheckedProgram program, TrainSpec spec,
                       CompiledModel model) {
    public static SavedRun load(java.nio.file.Path path) throws RunException {
        RunDirectory dir = RunDirectory.open(path);
        RunRecord record = dir.readRecord();
        SourceFile source = new SourceFile(path.resolve(RunDirectory.SOURCE).toString(), dir.readSource());
        Compiler.Result result = Compiler.compile(source, path.toAbsolutePath());
        if (!result.ok()) {
            throw new RunException(RunException.Kind.NOT_A_RUN, "the model source kept in " + path
                    + " no longer checks; was it edited? (`aec check " + path.resolve(RunDirectory.SOURCE) + "`)");
        }
        CheckedProgram program = result.program().orElseThrow();
        TrainSpec spec = program.train(record.model()).orElseThrow(() -> new RunException(RunException.Kind.NOT_A_RUN,
                path + " names model `" + record.model() + "`, which its source does not train"));
        CompiledModel model = SameDiffLowering.lower(Lowerer.lower(program, record.model()), spec.loss(), spec.reduction(),
                spec.seed());
        TrainingRun.restoreWeights(model, dir.readModel());
        return new SavedRun(dir, record, program, spec, model);
    }
}
