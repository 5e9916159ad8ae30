package dev.aec.runtime.gen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aec.compiler.Compiler;
import dev.aec.compiler.TestPaths;
import dev.aec.compiler.check.CheckedProgram;
import dev.aec.compiler.gen.GeneratedClass;
import dev.aec.compiler.gen.JavaGenerator;
import dev.aec.compiler.ir.Lowerer;
import dev.aec.compiler.model.Loss;
import dev.aec.compiler.model.Reduction;
import dev.aec.compiler.model.TrainSpec;
import dev.aec.compiler.source.SourceFile;
import dev.aec.runtime.TestData;
import dev.aec.graph.ModelGraph;
import dev.aec.runtime.backend.CompiledModel;
import dev.aec.runtime.backend.Nd4jEnvironment;
import dev.aec.runtime.backend.Nd4jUpdaters;
import dev.aec.runtime.backend.SameDiffLowering;
import dev.aec.runtime.data.Split;
import dev.aec.runtime.run.RunDirectory;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.autodiff.functions.DifferentialFunction;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * The Java `aec gen` writes, for every model file in `models/` and every generator case in the
 * compiler's `gen/` test folder, compiled in process with javac against this test's classpath and
 * loaded: its graph has the variables, shapes, initial weights and ops of the graph `aec train`
 * builds (SameDiffLowering), and gives bit-equal outputs, losses and gradients for the same
 * inputs; its training configuration is ND4J's exact updater where there is one; and it loads the
 * weights a run saved.
 */
class GeneratedCodeTest {
    /** One generated class and what it was generated from. */
    private record Case(String file, CheckedProgram program, Optional<TrainSpec> train, GeneratedClass generated) {
        String name() {
            return file + " " + generated.model();
        }

        long seed() {
            return train.map(TrainSpec::seed).orElse(TrainSpec.DEFAULT_SEED);
        }
    }

    @TempDir
    static Path tmp;
    private static final List<Case> CASES = new ArrayList<>();
    private static URLClassLoader loader;

    @BeforeAll
    static void generateAndCompileEveryModel() throws IOException {
        Nd4jEnvironment.init();
        List<Path> files = new ArrayList<>();
        for (Path dir : List.of(TestPaths.models(), TestPaths.testResources().resolve("gen"))) {
            try (Stream<Path> list = Files.list(dir)) {
                list.filter(p -> p.toString().endsWith(".aemodel")).sorted().forEach(files::add);
            }
        }
        Path sources = tmp.resolve("src");
        List<Path> written = new ArrayList<>();
        for (Path file : files) {
            Compiler.Result result = Compiler.compileFile(file);
            assertThat(result.ok()).as(file + " checks").isTrue();
            CheckedProgram program = result.program().orElseThrow();
            SourceFile main = result.main();
            String stem = file.getFileName().toString().replaceFirst("\\.aemodel$", "");
            for (String model : JavaGenerator.defaultModels(program, main)) {
                GeneratedClass generated = JavaGenerator.generate(program, model, main, "generated." + stem);
                Optional<TrainSpec> train = program.trains().stream()
                        .filter(t -> t.model().equals(model) && t.span().file() == main).findFirst();
                CASES.add(new Case(file.getFileName().toString(), program, train, generated));
                Path target = sources.resolve(generated.relativePath());
                Files.createDirectories(target.getParent());
                Files.writeString(target, generated.text(), StandardCharsets.UTF_8);
                written.add(target);
            }
        }
        Path classes = Files.createDirectories(tmp.resolve("classes"));
        compile(written, classes);
        loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, GeneratedCodeTest.class.getClassLoader());
    }

    /** javac in this process, against the classpath the tests run with; any warning fails too. */
    private static void compile(List<Path> sources, Path classes) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager fileManager = javac.getStandardFileManager(diagnostics, Locale.ROOT,
                StandardCharsets.UTF_8)) {
            List<String> options = List.of("-classpath", System.getProperty("java.class.path"),
                    "-d", classes.toString(), "-Xlint:all", "-proc:none", "-encoding", "UTF-8");
            boolean ok = javac.getTask(null, fileManager, diagnostics, options, null,
                    fileManager.getJavaFileObjectsFromPaths(sources)).call();
            List<String> problems = diagnostics.getDiagnostics().stream()
                    .filter(d -> d.getKind() != Diagnostic.Kind.NOTE)
                    .map(d -> d.getSource().getName() + ":" + d.getLineNumber() + ": " + d.getMessage(Locale.ROOT))
                    .toList();
            assertThat(problems).as("javac errors and warnings").isEmpty();
            assertThat(ok).isTrue();
        }
    }

    @AfterAll
    static void closeLoader() throws IOException {
        loader.close();
    }

    @TestFactory
    Stream<DynamicTest> generatedGraphIsTheGraphAecTrainBuilds() {
        return CASES.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            CompiledModel reference = reference(c, c.seed());
            SameDiff generated = build(c, c.seed());
            SameDiff expected = reference.sameDiff();
            if (c.train().isPresent()) {
                assertThat(names(generated.variables())).isEqualTo(names(expected.variables()));
                assertThat(ops(generated)).isEqualTo(ops(expected));
            } else {
                // Without a train block there is no target and no loss: the graph without what depends on them.
                Set<String> lossOnly = dependents(expected, CompiledModel.TARGET);
                assertThat(names(generated.variables())).isEqualTo(names(expected.variables()).stream()
                        .filter(n -> !lossOnly.contains(n)).toList());
                assertThat(ops(generated)).isEqualTo(Arrays.stream(expected.ops())
                        .filter(f -> Arrays.stream(f.args()).noneMatch(a -> lossOnly.contains(a.name())))
                        .map(GeneratedCodeTest::op).toList());
            }
            for (SDVariable v : generated.variables()) {
                SDVariable w = expected.getVariable(v.name());
                assertThat(v.getVariableType()).as(v.name()).isEqualTo(w.getVariableType());
                assertThat(v.dataType()).as(v.name()).isEqualTo(w.dataType());
                if (v.getVariableType() == VariableType.PLACEHOLDER) {
                    assertThat(v.getShape()).as(v.name()).containsExactly(w.getShape());
                }
                if (v.getVariableType() == VariableType.VARIABLE) {
                    assertBitEqual(v.name(), v.getArr(), w.getArr());
                }
            }
            INDArray x = batch(reference);
            List<String> outputs = new ArrayList<>(List.of(CompiledModel.OUTPUT));
            if (c.train().isPresent()) {
                outputs.add(CompiledModel.LOSS);
            }
            if (reference.latent().isPresent()) {
                outputs.add(CompiledModel.KL);
            }
            Map<String, INDArray> feed = new LinkedHashMap<>();
            feed.put(CompiledModel.INPUT, x);
            if (c.train().isPresent()) {
                feed.put(CompiledModel.TARGET, target(c.train().get(), x));
            }
            // A gaussian layer samples with fixed noise, so the sampling path is compared too.
            reference.latent().ifPresent(l -> feed.put(CompiledModel.NOISE,
                    Nd4j.rand(DataType.FLOAT, x.size(0), l.units()).subi(0.5).muli(3)));
            // Its sample is taken while training: both graphs run with the training flag on.
            boolean sampling = reference.latent().isPresent();
            ModelGraph.setTraining(generated, sampling);
            ModelGraph.setTraining(expected, sampling);
            Map<String, INDArray> mine = generated.output(feed, outputs);
            Map<String, INDArray> theirs = expected.output(feed, outputs);
            for (String name : outputs) {
                assertBitEqual(name, mine.get(name), theirs.get(name));
            }
            if (c.train().isPresent() && !reference.paramNames().isEmpty()) {
                Map<String, INDArray> myGradients = Nd4jEnvironment.silently(
                        () -> generated.calculateGradients(feed, reference.paramNames()));
                Map<String, INDArray> theirGradients = Nd4jEnvironment.silently(
                        () -> expected.calculateGradients(feed, reference.paramNames()));
                assertThat(myGradients.keySet()).isEqualTo(theirGradients.keySet());
                for (String name : theirGradients.keySet()) {
                    assertBitEqual("gradient of " + name, myGradients.get(name), theirGradients.get(name));
                }
            }
        }));
    }

    @TestFactory
    Stream<DynamicTest> trainingConfigurationUsesNd4jsExactUpdaterWhereThereIsOne() {
        return CASES.stream().filter(c -> c.train().isPresent()).map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            SameDiff sd = build(c, c.seed());
            Optional<IUpdater> exact = Nd4jUpdaters.exact(c.train().get().optimizer());
            if (exact.isPresent()) {
                call(c, "configureTraining", sd);
                assertThat(sd.getTrainingConfig().getUpdater()).isEqualTo(exact.get());
                List<String> features = reference(c, c.seed()).latent().isPresent()
                        ? List.of(CompiledModel.INPUT, CompiledModel.NOISE) : List.of(CompiledModel.INPUT);
                assertThat(sd.getTrainingConfig().getDataSetFeatureMapping()).isEqualTo(features);
                assertThat(sd.getTrainingConfig().getDataSetLabelMapping()).containsExactly(CompiledModel.TARGET);
                return;
            }
            // Elsewhere the closest ND4J updater (its comment says how it differs), or a clear refusal.
            try {
                call(c, "configureTraining", sd);
                assertThat(sd.getTrainingConfig().getUpdater().getClass().getSimpleName())
                        .isIn("RmsProp", "AdaGrad", "Nesterovs");
                assertThat(sd.getTrainingConfig().getUpdater().getLearningRate(0, 0))
                        .isEqualTo(c.train().get().optimizer().param("learning_rate"));
            } catch (UnsupportedOperationException e) {
                assertThat(e).hasMessageStartingWith("no ND4J updater for " + c.train().get().optimizer());
            }
        }));
    }

    @Test
    void weightsSavedByATrainingRunLoadIntoTheGeneratedGraph() throws Exception {
        Case conv = find("conv_autoencoder.aemodel", "Autoencoder");
        // A run's model: other initial weights than the class's seed, one step of SameDiff's own loop with the
        // generated training configuration, saved with its training state as aec train saves it.
        CompiledModel run = reference(conv, 7);
        call(conv, "configureTraining", run.sameDiff());
        INDArray x = batch(run);
        Nd4jEnvironment.silently(() -> run.sameDiff().fit(new DataSet(x, x)));
        RunDirectory dir = RunDirectory.create(tmp.resolve("run"), false);
        dir.writeModel(run.sameDiff(), true);

        SameDiff served = build(conv, conv.seed());
        call(conv, "loadWeights", served, dir.path().resolve(RunDirectory.MODEL));
        for (String name : run.paramNames()) {
            assertBitEqual(name, served.getVariable(name).getArr(), run.sameDiff().getVariable(name).getArr());
        }
        assertBitEqual(CompiledModel.OUTPUT, served.outputSingle(Map.of(CompiledModel.INPUT, x), CompiledModel.OUTPUT),
                run.sameDiff().outputSingle(Map.of(CompiledModel.INPUT, x), CompiledModel.OUTPUT));
    }

    /** Batch normalisation's moving statistics are part of what a run saved: the generated class loads them. */
    @Test
    void movingStatisticsSavedByARunLoadIntoTheGeneratedGraph() throws Exception {
        Case every = find("every_layer.aemodel", "Every");
        CompiledModel run = reference(every, 7);
        assertThat(run.nonTrainableNames()).isNotEmpty();
        for (String name : run.nonTrainableNames()) {
            INDArray moved = run.sameDiff().getVariable(name).getArr();
            moved.assign(Nd4j.rand(moved.dataType(), moved.shape()).addi(0.5));
        }
        RunDirectory dir = RunDirectory.create(tmp.resolve("normalised-run"), false);
        dir.writeModel(run.sameDiff(), false);

        SameDiff served = build(every, every.seed());
        call(every, "loadWeights", served, dir.path().resolve(RunDirectory.MODEL));
        for (String name : run.nonTrainableNames()) {
            assertBitEqual(name, served.getVariable(name).getArr(), run.sameDiff().getVariable(name).getArr());
        }
        INDArray x = batch(run);
        assertBitEqual(CompiledModel.OUTPUT, served.outputSingle(Map.of(CompiledModel.INPUT, x), CompiledModel.OUTPUT),
                run.sameDiff().outputSingle(Map.of(CompiledModel.INPUT, x), CompiledModel.OUTPUT));
    }

    @Test
    void weightsOfAnotherModelAreRefusedWithTheNameOfWhatIsMissing() throws Exception {
        Case dense = find("dense_autoencoder.aemodel", "Autoencoder");
        RunDirectory dir = RunDirectory.create(tmp.resolve("dense-run"), false);
        dir.writeModel(reference(dense, 1).sameDiff(), false);
        Case conv = find("conv_autoencoder.aemodel", "Autoencoder");
        assertThatThrownBy(() -> call(conv, "loadWeights", build(conv, 1), dir.path().resolve(RunDirectory.MODEL)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageMatching(".* has no variable (Encoder|Decoder)/conv2d_\\d/(kernel|bias): it was not trained "
                        + "from model Autoencoder of .*conv_autoencoder.aemodel");
    }

    @Test
    void weightsOfAnotherShapeAreRefusedWithBothShapes() throws Exception {
        SameDiff other = SameDiff.create();
        other.var("conv2d_0/kernel", Nd4j.zeros(2, 2));
        other.var("conv2d_0/bias", Nd4j.zeros(1));
        Path file = tmp.resolve("other.sd");
        other.save(file.toFile(), false);
        Case plain = find("optimizers.aemodel", "plain");
        assertThatThrownBy(() -> call(plain, "loadWeights", build(plain, 1), file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("conv2d_0/kernel is [2, 2] in " + file + " but [1, 1, 1, 1] in model plain");
    }

    @Test
    void aMissingOrForeignFileIsAnIoError() throws Exception {
        Case plain = find("optimizers.aemodel", "plain");
        assertThatThrownBy(() -> call(plain, "loadWeights", build(plain, 1), tmp.resolve("nothing.sd")))
                .isInstanceOf(NoSuchFileException.class);
        Path text = Files.writeString(tmp.resolve("text.sd"), "not a model");
        assertThatThrownBy(() -> call(plain, "loadWeights", build(plain, 1), text))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith(text + " is not a model saved by aec train");
    }

    private static Case find(String file, String model) {
        return CASES.stream().filter(c -> c.file().equals(file) && c.generated().model().equals(model))
                .findFirst().orElseThrow();
    }

    private static CompiledModel reference(Case c, long seed) {
        Loss loss = c.train().map(TrainSpec::loss).orElse(Loss.MSE);
        Reduction reduction = c.train().map(TrainSpec::reduction).orElse(Reduction.MEAN);
        return SameDiffLowering.lower(Lowerer.lower(c.program(), c.generated().model()), loss, reduction, seed);
    }

    private static SameDiff build(Case c, long seed) throws Exception {
        return (SameDiff) call(c, "build", seed);
    }

    /** Calls a static method of the generated class, rethrowing what the method threw. */
    private static Object call(Case c, String method, Object... args) throws Exception {
        Class<?> type = Class.forName(c.generated().packageName() + "." + c.generated().className(), true, loader);
        Method m = Arrays.stream(type.getMethods()).filter(x -> x.getName().equals(method)).findFirst().orElseThrow();
        try {
            return m.invoke(null, args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        }
    }

    /** The first test images, in the model's input shape. */
    private static INDArray batch(CompiledModel model) {
        long[] shape = new long[model.graph().input().rank() + 1];
        shape[0] = 5;
        for (int i = 1; i < shape.length; i++) {
            shape[i] = model.graph().input().dim(i - 1);
        }
        assertThat(model.graph().input().elements()).as("the cases take MNIST images").isEqualTo(784);
        return Nd4j.create(TestData.mnist(Split.TEST, 5).images(), shape, 'c');
    }

    /** What training feeds as the target: the input for an autoencoder, the one-hot labels for a classifier. */
    private static INDArray target(TrainSpec train, INDArray x) {
        if (!train.loss().classifies()) {
            return x;
        }
        dev.aec.runtime.data.Dataset test = TestData.mnist(Split.TEST, (int) x.size(0));
        return dev.aec.runtime.train.Examples.labelled(test, dev.aec.compiler.types.Shape.of(784), 10)
                .labels().orElseThrow();
    }

    private static List<String> names(List<SDVariable> variables) {
        return variables.stream().map(SDVariable::name).toList();
    }

    private static List<String> ops(SameDiff sd) {
        return Arrays.stream(sd.ops()).map(GeneratedCodeTest::op).toList();
    }

    /** An op as its name, kind and the variables it reads. */
    private static String op(DifferentialFunction f) {
        return f.getOwnName() + ":" + f.opName() + Arrays.toString(Arrays.stream(f.args()).map(SDVariable::name)
                .toArray());
    }

    /** `name` and every variable computed from it. */
    private static Set<String> dependents(SameDiff sd, String name) {
        Set<String> found = new HashSet<>(Set.of(name));
        boolean grew = true;
        while (grew) {
            grew = false;
            for (DifferentialFunction f : sd.ops()) {
                if (Arrays.stream(f.args()).anyMatch(a -> found.contains(a.name()))) {
                    for (SDVariable out : f.outputVariables()) {
                        grew |= found.add(out.name());
                    }
                }
            }
        }
        return found;
    }

    private static void assertBitEqual(String what, INDArray actual, INDArray expected) {
        assertThat(actual.shape()).as(what).containsExactly(expected.shape());
        assertThat(actual.dataType()).as(what).isEqualTo(expected.dataType());
        // AssertJ compares floats as Float.equals does: bit for bit.
        assertThat(actual.dup('c').data().asFloat()).as(what + ", bit for bit")
                .containsExactly(expected.dup('c').data().asFloat());
    }
}
