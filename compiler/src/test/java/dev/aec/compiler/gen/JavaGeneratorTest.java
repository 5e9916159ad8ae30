package dev.aec.compiler.gen;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aec.compiler.Compiler;
import dev.aec.compiler.TestPaths;
import dev.aec.compiler.check.CheckedProgram;
import dev.aec.compiler.source.SourceFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The generated Java of every model file in `models/` and of the cases in `gen/` (every layer kind,
 * branching values, each optimizer, no train block) against golden files
 * `gen/<file>.<Class>.java.golden`; `-Daec.bless=true` rewrites them. That the Java compiles and
 * builds the runtime's graph is GeneratedCodeTest's job, in the runtime module, where ND4J is.
 */
class JavaGeneratorTest {
    private static final Path GOLDENS = TestPaths.testResources().resolve("gen");

    /** The model files with generated goldens, as paths relative to the repository. */
    static List<Path> cases() throws IOException {
        List<Path> cases = new ArrayList<>();
        for (Path dir : List.of(TestPaths.models(), GOLDENS)) {
            try (Stream<Path> files = Files.list(dir)) {
                files.filter(p -> p.toString().endsWith(".aemodel")).sorted()
                        .forEach(p -> cases.add(TestPaths.repo().relativize(p)));
            }
        }
        return cases;
    }

    /** Compiles a case under its repository-relative name, so the goldens do not depend on the working directory. */
    static Compiler.Result compile(Path relative) throws IOException {
        Path file = TestPaths.repo().resolve(relative);
        SourceFile source = new SourceFile(relative.toString(), Compiler.read(file));
        return Compiler.compile(source, file.getParent(), Optional.of(file));
    }

    static List<GeneratedClass> generate(Path relative) throws IOException {
        Compiler.Result result = compile(relative);
        assertThat(result.ok()).as(relative + " checks").isTrue();
        CheckedProgram program = result.program().orElseThrow();
        return JavaGenerator.defaultModels(program, result.main()).stream()
                .map(model -> JavaGenerator.generate(program, model, result.main(), "aec.generated"))
                .toList();
    }

    @TestFactory
    Stream<DynamicTest> generatedJavaOfEveryModelFileMatchesItsGolden() throws IOException {
        return cases().stream().map(file -> DynamicTest.dynamicTest(file.toString(), () -> {
            for (GeneratedClass generated : generate(file)) {
                Path golden = GOLDENS.resolve(goldenName(file, generated));
                if (TestPaths.bless()) {
                    Files.writeString(golden, generated.text(), StandardCharsets.UTF_8);
                }
                assertThat(golden).as("golden file (run with -Daec.bless=true to create it)").exists();
                assertThat(generated.text()).isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));
            }
        }));
    }

    @Test
    void noGoldenIsLeftFromAClassNoLongerGenerated() throws IOException {
        List<String> expected = new ArrayList<>();
        for (Path file : cases()) {
            generate(file).forEach(g -> expected.add(goldenName(file, g)));
        }
        try (Stream<Path> files = Files.list(GOLDENS)) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".java.golden")))
                    .isSubsetOf(expected);
        }
    }

    @Test
    void sequentialAndFunctionalFormsGenerateTheSameGraph() throws IOException {
        String sequential = generate(Path.of("models/dense_autoencoder.aemodel")).get(0).text();
        String functional = generate(Path.of("models/dense_autoencoder_functional.aemodel")).get(0).text();
        assertThat(withoutSource(functional)).isEqualTo(withoutSource(sequential));
    }

    @Test
    void generatingTwiceGivesTheSameText() throws IOException {
        Path conv = Path.of("models/conv_autoencoder.aemodel");
        assertThat(generate(conv).get(0).text()).isEqualTo(generate(conv).get(0).text());
    }

    @Test
    void theClassCarriesTheMarkerTheSourceAndItsHash() throws IOException {
        GeneratedClass generated = generate(Path.of("models/conv_autoencoder.aemodel")).get(0);
        assertThat(generated.className()).isEqualTo("Autoencoder");
        assertThat(generated.relativePath()).isEqualTo(Path.of("aec/generated/Autoencoder.java"));
        assertThat(generated.text())
                .startsWith(GeneratedClass.MARKER + " from models/conv_autoencoder.aemodel")
                .contains("SOURCE_SHA256 = \"" + sha256(TestPaths.models().resolve("conv_autoencoder.aemodel")) + "\"")
                .contains("x = g.conv2d(\"Encoder/conv2d_0\", x, 1, 16, 3, 3, 1, 1, Padding.SAME, Activation.relu());")
                .doesNotContain("\t");
    }

    @Test
    void shapeCommentsLineUp() throws IOException {
        String text = generate(Path.of("models/conv_autoencoder.aemodel")).get(0).text();
        List<Integer> columns = text.lines().filter(l -> l.startsWith("        x = "))
                .map(l -> l.indexOf("  // ")).distinct().toList();
        assertThat(columns).hasSize(1);
        assertThat(text).contains("  // 14x14x16\n");
    }

    @Test
    void withoutATrainBlockTheRootModelsAreGeneratedForInferenceOnly() throws IOException {
        List<GeneratedClass> generated = generate(Path.of("compiler/src/test/resources/gen/no_train_block.aemodel"));
        assertThat(generated).extracting(GeneratedClass::model).containsExactly("Net");
        assertThat(generated.get(0).text()).doesNotContain("configureTraining", "TARGET", "LOSS")
                .contains("// Block/Features: 28x28x1 -> 14x14x4");
    }

    @Test
    void optimizersWithoutAnNd4jUpdaterGiveAMethodThatSaysWhy() throws IOException {
        List<GeneratedClass> generated = generate(Path.of("compiler/src/test/resources/gen/optimizers.aemodel"));
        String slow = generated.stream().filter(g -> g.model().equals("Slow")).findFirst().orElseThrow().text();
        assertThat(slow).contains("throw new UnsupportedOperationException(\"no ND4J updater for adadelta("
                + "learning_rate: 0.5, rho: 0.95, epsilon: 1.0E-7): \"\n                + \"ND4J's AdaDelta has no learning rate "
                + "(it is always 1), and this one is 0.5; \"");
        String plain = generated.stream().filter(g -> g.model().equals("plain")).findFirst().orElseThrow().text();
        assertThat(plain).contains("public final class Plain {", ".updater(new Adam(0.01, 0.9, 0.999, 1.0E-7))");
    }

    private static String goldenName(Path file, GeneratedClass generated) {
        return file.getFileName().toString().replaceFirst("\\.aemodel$", "") + "." + generated.className()
                + ".java.golden";
    }

    private static String withoutSource(String text) {
        return String.join("\n", text.lines()
                .filter(l -> !l.contains("dense_autoencoder") && !l.matches(".*[0-9a-f]{64}.*"))
                .toList());
    }

    private static String sha256(Path file) throws IOException {
        try {
            return java.util.HexFormat.of().formatHex(
                    java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void modelTrainedOnFilesIsRefusedWithTheReasonAndOthersAreNot() {
        String text = """
                model Autoencoder : 784 -> 784 { dense(784, activation: sigmoid) }
                model Plain : 784 -> 784 { dense(784, activation: sigmoid) }
                train Autoencoder { data: csv("t.csv")  loss: mse  optimizer: adam }
                train Plain { data: mnist  loss: mse  optimizer: adam }
                """;
        Compiler.Result result = Compiler.compile(new SourceFile("files.aemodel", text), TestPaths.repo());
        assertThat(result.ok()).isTrue();
        CheckedProgram program = result.program().orElseThrow();
        assertThat(JavaGenerator.refusal(program, "Autoencoder", result.main())).contains("`Autoencoder` is trained on "
                + "csv(\"t.csv\"): generating the class of a model trained on your own files is not built yet");
        assertThat(JavaGenerator.refusal(program, "Plain", result.main())).isEmpty();
    }
}
