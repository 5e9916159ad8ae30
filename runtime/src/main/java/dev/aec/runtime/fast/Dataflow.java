package dev.aec.runtime.fast;

import java.util.ArrayList;
import java.util.List;

/**
 * Which values of a step a plan computes and how their gradients flow back, worked out from each
 * node's inputs alone (no arrays): the nodes the loss depends on, the values whose gradient some
 * parameter needs, which buffer holds each gradient, and which of a value's readers writes its
 * gradient and which add to it.
 *
 * <p>Values are numbered by slot: 0 is the graph input, {@code k + 1} the output of node k. A node
 * may read several values (a merge), and a value may be read by several nodes; its gradient is then
 * the sum of what its readers pass back. The backward pass runs the nodes in reverse order, so the
 * first reader to run (the last in the graph) writes the gradient and the others add theirs.
 */
final class Dataflow {
    /** The slot of the graph's input. */
    static final int INPUT = 0;

    /**
     * What the flow needs to know of node k.
     *
     * @param inputs          the slots it reads, in order
     * @param hasParams       whether it has parameters, whose gradients make its inputs' gradients needed
     * @param sharesGradient  whether its output's gradient is its only input's, reshaped (a view)
     * @param lossTerm        whether the loss reads more of it than its output (a gaussian layer's KL
     *                        term, an activity penalty), so that it runs even when the output does not
     *                        depend on it
     */
    record Node(List<Integer> inputs, boolean hasParams, boolean sharesGradient, boolean lossTerm) {
        Node {
            inputs = List.copyOf(inputs);
            if (sharesGradient && inputs.size() != 1) {
                throw new IllegalArgumentException("only a node of one input can share its gradient");
            }
        }
    }

    private final List<Node> nodes;
    private final boolean[] live;
    private final boolean[] needsGradient;
    private final int[] gradientRoot;
    private final List<List<Integer>> readers = new ArrayList<>();
    /** Per node and input: whether it adds its part of that input's gradient rather than writing it. */
    private final boolean[][] adds;
    /** Per gradient buffer: whether the loss or some reader writes it in the backward pass. */
    private final boolean[] written;

    private Dataflow(List<Node> nodes, int outputSlot) {
        this.nodes = List.copyOf(nodes);
        int n = nodes.size();
        for (int k = 0; k < n; k++) {
            for (int in : nodes.get(k).inputs()) {
                if (in < 0 || in > k) {
                    throw new IllegalArgumentException("node " + k + " reads slot " + in + ", not an earlier value");
                }
            }
        }
        live = new boolean[n];
        for (int k = n - 1; k >= 0; k--) {
            live[k] = slotOf(k) == outputSlot || nodes.get(k).lossTerm() || readByLive(k);
        }
        for (int s = 0; s <= n; s++) {
            readers.add(new ArrayList<>());
        }
        for (int k = 0; k < n; k++) {
            if (live[k]) {
                for (int in : nodes.get(k).inputs()) {
                    if (!readers.get(in).contains(k)) {
                        readers.get(in).add(k);
                    }
                }
            }
        }
        needsGradient = new boolean[n + 1];
        gradientRoot = new int[n + 1];
        for (int k = 0; k < n; k++) {
            int s = slotOf(k);
            Node node = nodes.get(k);
            gradientRoot[s] = s;
            if (!live[k]) {
                continue;
            }
            needsGradient[s] = node.hasParams() || node.inputs().stream().anyMatch(in -> needsGradient[in]);
            if (node.sharesGradient()) {
                gradientRoot[s] = gradientRoot[node.inputs().get(0)];
            }
        }
        adds = new boolean[n][];
        // Backward order: the loss writes the output's gradient before any node runs backward.
        written = new boolean[n + 1];
        written[gradientRoot[outputSlot]] = needsGradient[outputSlot];
        for (int k = n - 1; k >= 0; k--) {
            Node node = nodes.get(k);
            adds[k] = new boolean[node.inputs().size()];
            if (!runs(k)) {
                continue;
            }
            for (int i = 0; i < node.inputs().size(); i++) {
                int in = node.inputs().get(i);
                if (!needsGradient[in]) {
                    continue;
                }
                int root = gradientRoot[in];
                adds[k][i] = written[root];
                written[root] = true;
            }
        }
    }

    /** The flow of `nodes` (node k's output in slot k + 1) to the value in `outputSlot`. */
    static Dataflow of(List<Node> nodes, int outputSlot) {
        return new Dataflow(nodes, outputSlot);
    }

    static int slotOf(int node) {
        return node + 1;
    }

    /** Whether the loss depends on node k, so that the plan computes it. */
    boolean live(int k) {
        return live[k];
    }

    /** Whether some parameter needs the gradient of the value in `slot` (never the graph input's). */
    boolean needsGradient(int slot) {
        return needsGradient[slot];
    }

    /** The slot whose buffer holds this slot's gradient: its own, or, for a view, its input's. */
    int gradientRoot(int slot) {
        return gradientRoot[slot];
    }

    /** The nodes the loss depends on that read the value in `slot`, in graph order. */
    List<Integer> readers(int slot) {
        return List.copyOf(readers.get(slot));
    }

    /**
     * Whether node k runs ops of its own: a live node that does not share its input's gradient (a
     * view's gradient is its input's buffer, written by the view's readers).
     */
    boolean runs(int k) {
        return live[k] && !nodes.get(k).sharesGradient();
    }

    /**
     * Whether node k adds its part of the gradient of its input `i` to what a reader that ran
     * backward before it wrote; false when it writes it first (or passes none back).
     */
    boolean adds(int k, int i) {
        return adds[k][i];
    }

    /**
     * Whether the gradient of the value in `slot` is written, by the loss or by a reader, before the
     * node making it runs backward; a node with a loss term of its own adds to it then, or writes it
     * when nothing has.
     */
    boolean gradientWritten(int slot) {
        return written[gradientRoot[slot]];
    }

    private boolean readByLive(int k) {
        int s = slotOf(k);
        for (int r = k + 1; r < nodes.size(); r++) {
            if (live[r] && nodes.get(r).inputs().contains(s)) {
                return true;
            }
        }
        return false;
    }
}
