package dev.aec.graph;

/** Keras's padding modes for convolution and pooling: `same` keeps ceil(in / stride), `valid` only full windows. */
public enum Padding {
    SAME,
    VALID
}
