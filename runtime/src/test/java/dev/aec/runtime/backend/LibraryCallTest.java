package dev.aec.runtime.backend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aec.compiler.layers.LayerExamples;
import dev.aec.compiler.layers.LayerKinds;
import dev.aec.compiler.model.LibraryCall;
import dev.aec.graph.ModelGraph;
import java.lang.reflect.Method;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every layer kind names a graph library call that exists: `aec train` can make it and generated code compile. */
class LibraryCallTest {
    static Stream<Arguments> kinds() {
        return LayerKinds.all().stream().map(s -> Arguments.of(s.name(), LayerExamples.of(s)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void everyKindsCallIsAMethodOfTheGraphLibrary(String name, LayerExamples.Example example) {
        LibraryCall call = example.libraryCall();
        Method method = SameDiffLowering.method(call);
        assertThat(method.getDeclaringClass()).as(name).isEqualTo(ModelGraph.class);
        assertThat(method.getName()).isEqualTo(call.method());
    }
}
