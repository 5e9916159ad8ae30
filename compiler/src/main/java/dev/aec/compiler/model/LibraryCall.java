package dev.aec.compiler.model;

import java.util.List;
import java.util.stream.Collectors;

/**
 * How a layer is built: a call of the graph library's `ModelGraph`, `g.method(name, in, args...)`,
 * or for a merge `g.method(name, args..., ins...)`, its inputs last as Java varargs. Each layer
 * kind says its own call ({@link Layer#libraryCall}); `aec train` makes it and `aec gen` writes it
 * as Java, so the two build the same graph by construction. The compiler knows the call only as
 * names and values, never the library's types.
 */
public record LibraryCall(String method, List<Arg> args, Inputs inputs) {
    /** Where the call's inputs go. */
    public enum Inputs {
        /** One input, right after the name. */
        ONE,
        /** Any number of inputs, after the arguments (a `SDVariable...` parameter). */
        LAST
    }

    public LibraryCall {
        args = List.copyOf(args);
    }

    public static LibraryCall of(String method, Arg... args) {
        return new LibraryCall(method, List.of(args), Inputs.ONE);
    }

    /** A merge's call: its inputs after the arguments. */
    public static LibraryCall merge(String method, Arg... args) {
        return new LibraryCall(method, List.of(args), Inputs.LAST);
    }

    /** The arguments after the name and the input, as Java source: `1, 16, 3, 3, Padding.SAME`. */
    public String javaArguments() {
        return args.stream().map(Arg::java).collect(Collectors.joining(", "));
    }

    /** One argument; each kind of value maps to one Java parameter type of the library. */
    public sealed interface Arg {
        /** The argument written as Java source. */
        String java();

        /** An `int`. */
        record Int(int value) implements Arg {
            @Override
            public String java() {
                return Integer.toString(value);
            }
        }

        /** A `long`. */
        record Long(long value) implements Arg {
            @Override
            public String java() {
                return java.lang.Long.toString(value);
            }
        }

        /** A `double`. */
        record Real(double value) implements Arg {
            @Override
            public String java() {
                return Double.toString(value);
            }
        }

        /** The library's `Padding`. */
        record Pad(Padding value) implements Arg {
            @Override
            public String java() {
                return "Padding." + value.name();
            }
        }

        /**
         * The library's `Activation`: `Activation.relu()`; the alpha of leaky_relu and elu is always
         * written out, defaults included, so the call says what it computes.
         */
        record Act(Activation value) implements Arg {
            @Override
            public String java() {
                return "Activation." + method() + "(" + (value.kind().hasAlpha() ? Double.toString(value.alpha()) : "")
                        + ")";
            }

            /** The library's factory method for this activation. */
            public String method() {
                return switch (value.kind()) {
                    case LINEAR -> "linear";
                    case RELU -> "relu";
                    case SIGMOID -> "sigmoid";
                    case TANH -> "tanh";
                    case SOFTMAX -> "softmax";
                    case LEAKY_RELU -> "leakyRelu";
                    case ELU -> "elu";
                };
            }
        }

        /** Trailing `long...` dimensions. */
        record Dims(List<Integer> value) implements Arg {
            public Dims {
                value = List.copyOf(value);
            }

            @Override
            public String java() {
                return value.stream().map(String::valueOf).collect(Collectors.joining(", "));
            }
        }
    }
}
