package dev.aec.runtime.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aec.compiler.Compiler;
import dev.aec.compiler.model.TrainSpec;
import dev.aec.compiler.source.SourceFile;
import dev.aec.runtime.data.DataException;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What a train block can name but the runtime cannot train on yet is refused before anything is written. */
class UntrainableDataTest {
    private static TrainSpec spec(String settings) {
        String text = "model M : 784 -> 784 { dense(784, activation: sigmoid) }\n"
                + "train M { loss: mse  optimizer: adam  " + settings + " }\n";
        Compiler.Result result = Compiler.compile(new SourceFile("m.aemodel", text), Path.of("").toAbsolutePath());
        assertThat(result.ok()).as(result.diagnostics().sorted().toString()).isTrue();
        return result.program().orElseThrow().trains().get(0);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "data: csv(\"t.csv\")                         | csv(\"t.csv\"): training on file sources is not built yet",
            "data: mnist  validation: npy(\"v.npy\")      | npy(\"v.npy\"): validating on file sources is not built yet",
            "data: mnist  validation: split(0.1)          | split(0.1): validation data other than a split of `mnist` is not built yet",
            "data: mnist  validation: fashion_mnist.test  | fashion_mnist.test: validation data other than a split of `mnist` is not built yet",
            "data: mnist  test: none                      | test: none: test data other than `mnist.test` is not built yet",
            "data: mnist  test: idx(\"t.idx\")            | idx(\"t.idx\"): test data other than `mnist.test` is not built yet"})
    void refusedWithWhatIsNotBuilt(String settings, String message) {
        assertThatThrownBy(() -> TrainingRun.dataset(spec(settings))).isInstanceOf(DataException.class)
                .hasMessage(message);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "data: mnist                                     | mnist",
            "data: fashion_mnist  validation: fashion_mnist.test | fashion_mnist",
            "data: mnist  validation: mnist.test  test: mnist.test | mnist"})
    void namedDatasetsTrainAsBefore(String settings, String dataset) throws DataException {
        assertThat(TrainingRun.dataset(spec(settings))).isEqualTo(dataset);
    }
}
