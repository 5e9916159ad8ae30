package dev.aec.compiler.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aec.compiler.diag.Code;
import dev.aec.compiler.layers.Add;
import dev.aec.compiler.layers.Concat;
import dev.aec.compiler.model.MergeLayer;
import dev.aec.compiler.model.ShapeResult;
import dev.aec.compiler.types.Shape;
import java.util.List;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The merge kinds' shape rules as Keras's Add and Concatenate compute them, and their errors. */
class MergeShapesTest {
    static Stream<Arguments> validMerges() {
        return Stream.of(
                Arguments.of(new Add(), List.of(Shape.of(64), Shape.of(64)), Shape.of(64)),
                Arguments.of(new Add(), List.of(Shape.of(7, 7, 8), Shape.of(7, 7, 8), Shape.of(7, 7, 8)),
                        Shape.of(7, 7, 8)),
                // Keras: Concatenate(axis=-1) of (14, 14, 32) and (14, 14, 32) is (14, 14, 64).
                Arguments.of(new Concat(-1), List.of(Shape.of(14, 14, 32), Shape.of(14, 14, 32)),
                        Shape.of(14, 14, 64)),
                Arguments.of(new Concat(3), List.of(Shape.of(4, 4, 1), Shape.of(4, 4, 2), Shape.of(4, 4, 3)),
                        Shape.of(4, 4, 6)),
                Arguments.of(new Concat(1), List.of(Shape.of(2, 5, 3), Shape.of(4, 5, 3)), Shape.of(6, 5, 3)),
                Arguments.of(new Concat(-2), List.of(Shape.of(2, 5, 3), Shape.of(2, 1, 3)), Shape.of(2, 6, 3)),
                Arguments.of(new Concat(-1), List.of(Shape.of(10), Shape.of(6)), Shape.of(16)));
    }

    @ParameterizedTest(name = "{0} of {1} gives {2}")
    @MethodSource("validMerges")
    void mergeProducesKerasShapeWithoutParameters(MergeLayer layer, List<Shape> ins, Shape out) {
        assertThat(LayerShapes.apply(layer, ins)).isEqualTo(new ShapeResult.Ok(out, 0));
    }

    static Stream<Arguments> invalidMerges() {
        return Stream.of(
                Arguments.of(new Add(), List.of(Shape.of(64)), Code.E0211, OptionalInt.empty()),
                Arguments.of(new Concat(-1), List.of(Shape.of(7, 7, 8)), Code.E0211, OptionalInt.empty()),
                Arguments.of(new Add(), List.of(Shape.of(64), Shape.of(32)), Code.E0312, OptionalInt.of(1)),
                Arguments.of(new Add(), List.of(Shape.of(4, 4, 8), Shape.of(4, 4, 8), Shape.of(4, 4, 16)), Code.E0312,
                        OptionalInt.of(2)),
                Arguments.of(new Add(), List.of(Shape.of(16), Shape.of(4, 4, 1)), Code.E0312, OptionalInt.of(1)),
                Arguments.of(new Concat(-1), List.of(Shape.of(14, 14, 8), Shape.of(7, 7, 8)), Code.E0312,
                        OptionalInt.of(1)),
                Arguments.of(new Concat(-1), List.of(Shape.of(16), Shape.of(4, 4, 1)), Code.E0312, OptionalInt.of(1)),
                Arguments.of(new Concat(1), List.of(Shape.of(4, 4, 8), Shape.of(2, 4, 8), Shape.of(4, 4, 2)),
                        Code.E0312, OptionalInt.of(2)),
                Arguments.of(new Concat(4), List.of(Shape.of(4, 4, 8), Shape.of(4, 4, 8)), Code.E0304,
                        OptionalInt.empty()),
                Arguments.of(new Concat(-2), List.of(Shape.of(8), Shape.of(8)), Code.E0304, OptionalInt.empty()));
    }

    @ParameterizedTest(name = "{0} of {1} is {2}")
    @MethodSource("invalidMerges")
    void mergeRefusesWhatKerasRefusesAtTheInputAtFault(MergeLayer layer, List<Shape> ins, Code code,
                                                        OptionalInt input) {
        ShapeResult result = LayerShapes.apply(layer, ins);
        assertThat(result).isInstanceOf(ShapeResult.Problem.class);
        ShapeResult.Problem problem = (ShapeResult.Problem) result;
        assertThat(problem.code()).isEqualTo(code);
        assertThat(problem.input()).isEqualTo(input);
    }

    @Test
    void addMismatchNamesBothShapes() {
        ShapeResult.Problem problem = (ShapeResult.Problem) LayerShapes.apply(new Add(),
                List.of(Shape.of(4, 4, 8), Shape.of(4, 4, 16)));
        assertThat(problem.message()).isEqualTo("`add` needs values of one shape, found 4x4x8 and 4x4x16");
        assertThat(problem.helps()).containsExactly("to stack their last axes instead, write `concat(..., axis: -1)`");
    }

    @Test
    void concatMismatchNamesTheAxisThatDiffers() {
        ShapeResult.Problem problem = (ShapeResult.Problem) LayerShapes.apply(new Concat(-1),
                List.of(Shape.of(14, 14, 8), Shape.of(14, 7, 8)));
        assertThat(problem.message())
                .isEqualTo("`concat` along axis -1 needs values equal on every other axis, found 14x14x8 and 14x7x8");
        assertThat(problem.label()).isEqualTo("axis 2 is 7 here, 14 in the first");
    }
}
