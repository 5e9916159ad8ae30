package dev.aec.spark;

import dev.aec.compiler.Compiler;
import dev.aec.compiler.check.CheckedProgram;
import dev.aec.compiler.ir.Graph;
import dev.aec.compiler.ir.Lowerer;
import dev.aec.compiler.model.Loss;
import dev.aec.compiler.model.Optimizer;
import dev.aec.compiler.model.OptimizerKind;
import dev.aec.compiler.model.Reduction;
import dev.aec.compiler.model.TrainSpec;
import dev.aec.runtime.backend.CompiledModel;
import dev.aec.runtime.backend.SameDiffLowering;
import dev.aec.runtime.run.RunSources;
import dev.aec.runtime.train.TrainingStep;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What an executor needs to build the very model the driver trains: the model file and its imports
 * as the driver read them, the model's name, and the values of the flags that changed its train
 * block, its loss and its optimizer. Plain strings, numbers and enums, so that it crosses to
 * executors as it is; each compiles it again (a few milliseconds) rather than receiving a graph.
 */
public record ModelRecipe(String mainText, String mainDisplay, String mainOrigin, List<String> importPaths,
                          List<String> importTexts, String model, int batch, int epochs, boolean shuffle, long seed,
                          Loss loss, Reduction reduction, OptimizerKind optimizer, Map<String, Double> optimizerParams,
                          String noise) implements Serializable {
    public ModelRecipe {
        importPaths = List.copyOf(importPaths);
        importTexts = List.copyOf(importTexts);
        optimizerParams = new TreeMap<>(optimizerParams);
    }

    /** The recipe of the run that trains `spec` (flags applied) from `sources`. */
    public static ModelRecipe of(RunSources sources, TrainSpec spec) {
        List<String> paths = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        for (Compiler.Imported imported : sources.imports()) {
            paths.add(imported.path().toString());
            texts.add(imported.text());
        }
        return new ModelRecipe(sources.mainText(), sources.mainDisplay(),
                sources.mainOrigin().map(Path::toString).orElse(null), paths, texts, spec.model(), spec.batch(),
                spec.epochs(), spec.shuffle(), spec.seed(), spec.loss(), spec.reduction(), spec.optimizer().kind(),
                spec.optimizer().params(), spec.noise().map(Object::toString).orElse(null));
    }

    /** A model built from the recipe, with the step that trains it (always with aec's own optimizer). */
    public record Built(TrainSpec spec, CompiledModel model, TrainingStep step) {
    }

    /** Compiles and lowers the model, as the driver did; the weights are the seed's until a snapshot is applied. */
    public Built build() {
        List<Compiler.Imported> imports = new ArrayList<>();
        for (int i = 0; i < importPaths.size(); i++) {
            imports.add(new Compiler.Imported(Path.of(importPaths.get(i)), importTexts.get(i)));
        }
        RunSources sources = new RunSources(mainText, mainDisplay, Optional.ofNullable(mainOrigin).map(Path::of),
                imports);
        Compiler.Result result = sources.compile();
        CheckedProgram program = result.program().orElseThrow(() -> new IllegalStateException(
                "the model's sources did not compile on an executor: " + result.diagnostics()));
        TrainSpec block = program.train(model).orElseThrow(() -> new IllegalStateException(
                "the sources on an executor have no train block for `" + model + "`"));
        if (!java.util.Objects.equals(block.noise().map(Object::toString).orElse(null), noise)) {
            throw new IllegalStateException("the train block on an executor adds noise " + block.noise()
                    + ", the driver's " + noise);
        }
        // The driver's loss and optimizer win over the block's, as its flags did.
        TrainSpec spec = new TrainSpec(block.model(), block.modelSpan(), block.span(), block.data(), loss,
                block.lossSpan(), reduction, new Optimizer(optimizer, optimizerParams, block.optimizer().span()),
                batch, Optional.empty(), epochs, shuffle, block.validation(), block.test(), seed, block.noise(),
                block.earlyStop(), block.schedule(), block.retention());
        Graph graph = Lowerer.lower(program, model);
        CompiledModel compiled = SameDiffLowering.lower(graph, spec.loss(), spec.reduction(), spec.seed());
        return new Built(spec, compiled, TrainingStep.of(compiled, spec.optimizer(), spec.loss(), true));
    }
}
