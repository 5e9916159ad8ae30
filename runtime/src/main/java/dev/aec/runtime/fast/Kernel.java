package dev.aec.runtime.fast;

/**
 * One layer of a compiled step, bound at plan time to the arrays it reads and writes: running it
 * allocates nothing. `backward` turns the gradient of the layer's output into the gradients of its
 * parameters and, where an earlier layer needs it, of its input.
 */
interface Kernel {
    void forward();

    void backward();
}
