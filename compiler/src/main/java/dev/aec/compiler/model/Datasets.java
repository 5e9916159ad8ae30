package dev.aec.compiler.model;

import dev.aec.compiler.types.Shape;
import java.util.List;
import java.util.Optional;

/** The datasets a train block can name, with the shape of one sample; no data is loaded here. */
public final class Datasets {
    /** A dataset the language knows. */
    public record Info(String name, Shape sampleShape, int classes, int trainCount, int testCount, String description,
                       List<String> classNames) {
        public Info {
            classNames = List.copyOf(classNames);
        }
    }

    public static final List<Info> ALL = List.of(
            new Info("mnist", Shape.of(28, 28, 1), 10, 60_000, 10_000, "handwritten digits, 28x28 grey",
                    List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9")),
            new Info("fashion_mnist", Shape.of(28, 28, 1), 10, 60_000, 10_000, "Zalando clothing, 28x28 grey",
                    List.of("t-shirt", "trouser", "pullover", "dress", "coat", "sandal", "shirt", "sneaker", "bag",
                            "ankle-boot")));

    private Datasets() {
    }

    public static Optional<Info> find(String name) {
        return ALL.stream().filter(d -> d.name().equals(name)).findFirst();
    }

    public static List<String> names() {
        return ALL.stream().map(Info::name).toList();
    }
}
