package dev.aec.compiler.gen;

import java.util.Locale;
import java.util.Set;
import javax.lang.model.SourceVersion;

/**
 * How model names, paths and messages become Java: class names that compile beside the names the
 * generated file uses, package names, string literals and comment text.
 */
public final class JavaNames {
    /** Simple names a generated class uses; a class of the same name would hide them. */
    private static final Set<String> TAKEN = Set.of(
            "Activation", "AdaDelta", "AdaGrad", "Adam", "Arrays", "Files", "INDArray", "IOException", "Loss",
            "ModelGraph", "Nesterovs", "NoSuchFileException", "Padding", "Path", "Reduction", "RmsProp", "SDVariable",
            "SameDiff", "Sgd", "TrainingConfig", "VariableType",
            // java.lang names the generated code uses.
            "IllegalArgumentException", "RuntimeException", "String", "UnsupportedOperationException");

    private JavaNames() {
    }

    /**
     * The class for a model: its name with the first letter in upper case, as Java classes are
     * written; `Model` is appended where that would be a keyword or hide a name the class uses.
     */
    public static String className(String model) {
        if (model.isEmpty()) {
            throw new IllegalArgumentException("empty model name");
        }
        String name = model.substring(0, 1).toUpperCase(Locale.ROOT) + model.substring(1);
        if (TAKEN.contains(name) || !SourceVersion.isIdentifier(name) || SourceVersion.isKeyword(name)) {
            name = name + "Model";
        }
        return name;
    }

    /** Whether `name` can be a Java package: dot-separated identifiers, none of them a keyword. */
    public static boolean isPackage(String name) {
        return !name.isEmpty() && SourceVersion.isName(name);
    }

    /** The text of a Java string literal (without quotes) that holds `text`. */
    public static String literal(String text) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }

    /**
     * `text` made safe inside a `//` or Javadoc comment: it cannot end the comment or the line, and
     * javac's Unicode escapes (which apply inside comments too) cannot start in it, as a backslash
     * in an even run never does.
     */
    public static String comment(String text) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '*' && i + 1 < text.length() && text.charAt(i + 1) == '/') {
                sb.append("* ");
            } else if (c == '\\') {
                sb.append("\\\\");
            } else if (Character.isISOControl(c)) {
                sb.append('?');
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
