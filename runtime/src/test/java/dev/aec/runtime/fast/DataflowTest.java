package dev.aec.runtime.fast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The plan's bookkeeping on small graphs, merges included (nodes of several inputs, which the IR
 * does not have yet): slot 0 is the input, slot k + 1 node k's output.
 */
class DataflowTest {
    private static Dataflow.Node layer(Integer... inputs) {
        return new Dataflow.Node(List.of(inputs), true, false, false);
    }

    private static Dataflow.Node free(Integer... inputs) {
        return new Dataflow.Node(List.of(inputs), false, false, false);
    }

    private static Dataflow.Node view(int input) {
        return new Dataflow.Node(List.of(input), false, true, false);
    }

    @Test
    void aChainRunsEveryNodeAndEachWritesItsInputsGradient() {
        Dataflow flow = Dataflow.of(List.of(layer(0), layer(1), layer(2)), 3);
        for (int k = 0; k < 3; k++) {
            assertThat(flow.live(k)).isTrue();
            assertThat(flow.adds(k, 0)).isFalse();
        }
        assertThat(flow.needsGradient(Dataflow.INPUT)).isFalse();
        assertThat(flow.needsGradient(1)).isTrue();
    }

    @Test
    void aBranchTheOutputDoesNotReadIsNotRun() {
        // 0: unused = dense(x); 1: h = dense(x); 2: dense(h), the output; 3: after the output, unused.
        Dataflow flow = Dataflow.of(List.of(layer(0), layer(0), layer(2), layer(3)), 3);
        assertThat(flow.live(0)).isFalse();
        assertThat(flow.live(3)).isFalse();
        assertThat(flow.readers(Dataflow.INPUT)).containsExactly(1);
        assertThat(flow.readers(3)).isEmpty();
        assertThat(flow.needsGradient(1)).isFalse();
    }

    @Test
    void aValueReadByTwoNodesGetsOneWriteThenOneAdd() {
        // A merge: 0: a = f(x); 1: b = g(a); 2: c = h(a); 3: add(b, c). Backward runs 3, 2, 1, 0.
        Dataflow flow = Dataflow.of(List.of(layer(0), layer(1), layer(1), free(2, 3)), 4);
        assertThat(flow.readers(1)).containsExactly(1, 2);
        assertThat(flow.adds(2, 0)).as("c runs backward first and writes a's gradient").isFalse();
        assertThat(flow.adds(1, 0)).as("b adds its part").isTrue();
        assertThat(flow.adds(3, 0)).isFalse();
        assertThat(flow.adds(3, 1)).isFalse();
    }

    @Test
    void aNodeReadingOneValueTwiceAddsItsSecondPart() {
        Dataflow flow = Dataflow.of(List.of(layer(0), free(1, 1)), 2);
        assertThat(flow.readers(1)).containsExactly(1);
        assertThat(flow.adds(1, 0)).isFalse();
        assertThat(flow.adds(1, 1)).isTrue();
    }

    @Test
    void aViewSharesItsInputsGradientSoItsReadersAndTheInputsOthersSumIntoOneBuffer() {
        // 0: h = f(x); 1: v = reshape(h); 2: a = g(v); 3: b = k(h); 4: add(a, b).
        Dataflow flow = Dataflow.of(List.of(layer(0), view(1), layer(2), layer(1), free(3, 4)), 5);
        assertThat(flow.gradientRoot(2)).isEqualTo(1);
        assertThat(flow.runs(1)).as("a view runs nothing backward").isFalse();
        assertThat(flow.adds(3, 0)).as("b runs backward first").isFalse();
        assertThat(flow.adds(2, 0)).as("a writes through the view into h's buffer").isTrue();
    }

    @Test
    void theLossWritesTheOutputsGradientBeforeAnyNode() {
        // 0: h = f(x), the output through the view 1; 2: a gaussian layer reading h for its KL term.
        Dataflow.Node gaussian = new Dataflow.Node(List.of(1), true, false, true);
        Dataflow flow = Dataflow.of(List.of(layer(0), view(1), gaussian), 2);
        assertThat(flow.live(2)).as("the loss reads its KL term").isTrue();
        assertThat(flow.adds(2, 0)).isTrue();
    }

    @Test
    void aLossTermKeepsWhatItReadsRunning() {
        // 0: h = f(x); 1: g = gaussian(h), its sample unused; 2: out = k(h).
        Dataflow.Node gaussian = new Dataflow.Node(List.of(1), true, false, true);
        Dataflow flow = Dataflow.of(List.of(layer(0), gaussian, layer(1)), 3);
        assertThat(flow.live(1)).isTrue();
        assertThat(flow.readers(1)).containsExactly(1, 2);
        assertThat(flow.adds(2, 0)).isFalse();
        assertThat(flow.adds(1, 0)).isTrue();
    }

    @Test
    void aGradientNoReaderWritesIsLeftToTheNodesOwnLossTerm() {
        // 0: h = f(x); 1: p = penalised(h), read by nothing; 2: out = k(h) through the view 3.
        Dataflow.Node penalised = new Dataflow.Node(List.of(1), true, false, true);
        Dataflow flow = Dataflow.of(List.of(layer(0), penalised, layer(1), view(3)), 4);
        assertThat(flow.gradientWritten(Dataflow.slotOf(1))).as("nothing reads p").isFalse();
        assertThat(flow.gradientWritten(Dataflow.slotOf(0))).as("two readers write h's").isTrue();
        assertThat(flow.gradientWritten(Dataflow.slotOf(2))).as("the loss writes out's, through the view").isTrue();
    }

    @Test
    void parametersMakeGradientsNeededOnlyAfterThem() {
        // 0: pool(x), no parameters; 1: dense; a merge 2 of the pool and the dense.
        Dataflow flow = Dataflow.of(List.of(free(0), layer(1), free(1, 2)), 3);
        assertThat(flow.needsGradient(1)).isFalse();
        assertThat(flow.needsGradient(2)).isTrue();
        assertThat(flow.needsGradient(3)).isTrue();
    }

    @Test
    void aNodeMustReadEarlierValues() {
        assertThatThrownBy(() -> Dataflow.of(List.of(layer(1)), 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
