package dev.aec.compiler.syntax;

import dev.aec.compiler.source.SourceFile;
import dev.aec.compiler.source.Span;
import java.util.List;
import java.util.Optional;

/** The syntax tree of one `.aemodel` file: immutable records, each with its source span. */
public final class Ast {
    private Ast() {
    }

    /** A whole file. */
    public record FileNode(SourceFile source, List<Import> imports, List<ModelDecl> models, List<TrainDecl> trains) {
        public FileNode {
            imports = List.copyOf(imports);
            models = List.copyOf(models);
            trains = List.copyOf(trains);
        }
    }

    /** `import "other.aemodel"`: the path is relative to the importing file. */
    public record Import(String path, Span span, Span pathSpan) {
    }

    /** A name as written, with where it was written. */
    public record Ident(String text, Span span) {
    }

    /** A model declaration in either form. */
    public sealed interface ModelDecl permits SequentialModel, FunctionalModel {
        Ident name();

        ShapeLit input();

        ShapeLit output();

        Span span();
    }

    /** `model Encoder : 28x28x1 -> 4x4x8 { conv2d(...) ... }`: layers applied one after another. */
    public record SequentialModel(Ident name, ShapeLit input, ShapeLit output, List<Call> layers, Span span)
            implements ModelDecl {
        public SequentialModel {
            layers = List.copyOf(layers);
        }
    }

    /** `model Autoencoder(x: 784) -> 784 { z = Encoder(x) return Decoder(z) }`: named values. */
    public record FunctionalModel(Ident name, Ident param, ShapeLit input, ShapeLit output, List<Statement> body,
                                  Span span) implements ModelDecl {
        public FunctionalModel {
            body = List.copyOf(body);
        }
    }

    /** A statement of a functional body. */
    public sealed interface Statement permits Assign, Return {
        Expr value();

        Span span();
    }

    /** `z = Encoder(x)`. */
    public record Assign(Ident target, Expr value, Span span) implements Statement {
    }

    /** `return Decoder(z)`. */
    public record Return(Expr value, Span span) implements Statement {
    }

    /** A name followed by zero or more argument lists: `Encoder`, `dense(64)`, `dense(64)(x)`. */
    public record Call(Ident name, List<ArgList> argLists, Span span) {
        public Call {
            argLists = List.copyOf(argLists);
        }
    }

    /** One parenthesised argument list. */
    public record ArgList(List<Arg> args, Span span) {
        public ArgList {
            args = List.copyOf(args);
        }
    }

    /** `value` or `key: value`. */
    public record Arg(Optional<Ident> key, Expr value, Span span) {
    }

    /** An expression: argument values, train settings and functional values. */
    public sealed interface Expr permits CallExpr, DottedName, ShapeLit, FloatLit, StringLit {
        Span span();
    }

    /** A call used as a value; a bare name is a call with no argument lists. */
    public record CallExpr(Call call) implements Expr {
        @Override
        public Span span() {
            return call.span();
        }
    }

    /** `mnist.test`. */
    public record DottedName(List<Ident> parts, Span span) implements Expr {
        public DottedName {
            parts = List.copyOf(parts);
        }
    }

    /** `28x28x1`, `3x3` or a plain integer (a shape of one dimension). */
    public record ShapeLit(List<Long> dims, Span span) implements Expr {
        public ShapeLit {
            dims = List.copyOf(dims);
        }

        public boolean isInteger() {
            return dims.size() == 1;
        }

        public String text() {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < dims.size(); i++) {
                sb.append(i == 0 ? "" : "x").append(dims.get(i));
            }
            return sb.toString();
        }
    }

    /** `0.95`, `1e-7`. */
    public record FloatLit(double value, Span span) implements Expr {
    }

    /** `"path"`. */
    public record StringLit(String value, Span span) implements Expr {
    }

    /** `train Autoencoder { data: mnist ... }`. */
    public record TrainDecl(Ident model, List<TrainEntry> entries, Span span) {
        public TrainDecl {
            entries = List.copyOf(entries);
        }
    }

    /** `loss: binary_crossentropy`. */
    public record TrainEntry(Ident key, Expr value, Span span) {
    }
}
