package dev.aec.compiler.layers;

import dev.aec.compiler.types.Shape;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The language reference's layer table, made from the layer kinds themselves, so it cannot drift
 * from what the compiler accepts: `docs/reference/layers.md` is this text, and a test keeps it so.
 */
public final class LayerReference {
    private LayerReference() {
    }

    /** The whole page, in Markdown. */
    public static String markdown() {
        StringBuilder page = new StringBuilder();
        page.append("# Layers\n\n")
                .append("<!-- Made from the compiler's layer kinds by LayerReference; do not edit. After changing a kind:\n")
                .append("     mvn -pl compiler -am test -Dtest=LayerReferenceTest -Dsurefire.failIfNoSpecifiedTests=false"
                        + " -Daec.bless=true -->\n\n")
                .append("Arguments are given by position (in the order below) or by name (`kernel: 3x3`); positional\n")
                .append("arguments come first. A size such as `kernel` may be written `3x3` or `3` (square). The shapes\n")
                .append("and parameter counts are Keras's.\n\n")
                .append("| layer | arguments (default) | output shape | parameters | Keras |\n")
                .append("|---|---|---|---|---|\n");
        for (LayerSpec spec : LayerKinds.all()) {
            page.append("| `").append(call(spec)).append("` | ").append(arguments(spec)).append(" | ")
                    .append(spec.outputRule()).append(" | ").append(spec.paramRule()).append(" | ")
                    .append(spec.kerasNames().isEmpty() ? "" : spec.kerasNames().stream().map(k -> "`" + k + "`")
                            .collect(Collectors.joining(", ")))
                    .append(" |\n");
        }
        page.append("\nEach kind in detail:\n");
        for (LayerSpec spec : LayerKinds.all()) {
            page.append("\n## `").append(spec.name()).append("`\n\n").append(capitalised(spec.summary())).append(".\n");
            if (!spec.params().isEmpty()) {
                page.append('\n');
                for (LayerSpec.Param p : spec.params()) {
                    page.append("- `").append(p.name()).append("`: ").append(p.summary()).append("; ")
                            .append(p.typeText()).append(", ")
                            .append(p.required() ? "required" : "default " + defaultOf(p))
                            .append('\n');
                }
            }
            LayerExamples.Example example = LayerExamples.of(spec);
            page.append("\nExample: `").append(spec.example()).append("` on ").append(String.join(" and ", example.ins().stream().map(Shape::toString).toList())).append(" gives ")
                    .append(example.out()).append(".\n");
        }
        return page.toString();
    }

    /** The call with its required arguments: `conv2d(filters, kernel)`; the bare name without any. */
    private static String call(LayerSpec spec) {
        List<String> required = spec.params().stream().filter(LayerSpec.Param::required).map(LayerSpec.Param::name)
                .toList();
        return required.isEmpty() ? spec.name() : spec.name() + "(" + String.join(", ", required) + ")";
    }

    private static String arguments(LayerSpec spec) {
        if (spec.params().isEmpty()) {
            return "none";
        }
        return spec.params().stream()
                .map(p -> "`" + p.name() + "` (" + defaultOf(p) + ")")
                .collect(Collectors.joining(", "));
    }

    /** `required`, a default value in backticks, or a derived default in words (`the size`). */
    private static String defaultOf(LayerSpec.Param p) {
        if (p.required()) {
            return "required";
        }
        return p.defaultValue().isPresent() ? "`" + p.defaultText() + "`" : p.defaultText();
    }

    private static String capitalised(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
