package dev.aec.graph;

import org.nd4j.linalg.api.buffer.DataType;

/**
 * Test-only: a graph whose upsampling is ND4J 1.0.0-M2.1's NHWC op with the wrong gradient, so that
 * a gradient check (this module's and the runtime's) can show it catches the bug the library works
 * around. Published in the test jar; never on a main classpath.
 */
public final class WrongUpsampling {
    private WrongUpsampling() {
    }

    /** An empty graph, as {@link ModelGraph#create(long, DataType)}, whose upsampling has the wrong gradient. */
    public static ModelGraph graph(long seed, DataType type) {
        return ModelGraph.create(seed, type, ModelGraph.Upsampling.NHWC_DIRECT);
    }
}
