/**
 * The graph library: builds an aec model's SameDiff graph layer by layer ({@link dev.aec.graph.ModelGraph}).
 * {@code aec train} lowers a model through it and the classes {@code aec gen} writes call it, as protobuf's
 * generated classes call protobuf-java, so both get the same graph from one implementation. It depends on
 * ND4J's API alone; whoever runs the graph chooses the ND4J backend. A new layer kind is one method of
 * {@code ModelGraph}, named after the layer, documented with the Keras layer it reproduces.
 */
package dev.aec.graph;
