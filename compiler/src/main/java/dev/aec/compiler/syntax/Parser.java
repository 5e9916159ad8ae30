package dev.aec.compiler.syntax;

import dev.aec.compiler.diag.Code;
import dev.aec.compiler.diag.Diagnostic;
import dev.aec.compiler.diag.Diagnostics;
import dev.aec.compiler.diag.Fix;
import dev.aec.grammar.AemodelLexer;
import dev.aec.grammar.AemodelParser;
import dev.aec.compiler.source.SourceFile;
import dev.aec.compiler.source.Span;
import dev.aec.compiler.syntax.Ast.Arg;
import dev.aec.compiler.syntax.Ast.ArgList;
import dev.aec.compiler.syntax.Ast.Assign;
import dev.aec.compiler.syntax.Ast.Call;
import dev.aec.compiler.syntax.Ast.CallExpr;
import dev.aec.compiler.syntax.Ast.DottedName;
import dev.aec.compiler.syntax.Ast.Expr;
import dev.aec.compiler.syntax.Ast.FileNode;
import dev.aec.compiler.syntax.Ast.FloatLit;
import dev.aec.compiler.syntax.Ast.FunctionalModel;
import dev.aec.compiler.syntax.Ast.Ident;
import dev.aec.compiler.syntax.Ast.Import;
import dev.aec.compiler.syntax.Ast.ModelDecl;
import dev.aec.compiler.syntax.Ast.Return;
import dev.aec.compiler.syntax.Ast.SequentialModel;
import dev.aec.compiler.syntax.Ast.ShapeLit;
import dev.aec.compiler.syntax.Ast.Statement;
import dev.aec.compiler.syntax.Ast.StringLit;
import dev.aec.compiler.syntax.Ast.TrainDecl;
import dev.aec.compiler.syntax.Ast.TrainEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.ListTokenSource;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.misc.IntervalSet;

/** Parses one source file into its syntax tree; the only class that sees ANTLR types. */
public final class Parser {
    /** Deeper nesting than this is refused before parsing, so the recursive parser cannot overflow. */
    static final int MAX_NESTING = 64;
    /**
     * More tokens than this (comments and spaces not counted) are refused before parsing, so a
     * huge file ends in one diagnostic rather than filling the memory. Real models have hundreds.
     */
    static final int MAX_TOKENS = 300_000;

    private final SourceFile source;
    private final Diagnostics diagnostics;
    private int reportedErrors;
    private int lastErrorLine = -1;

    private Parser(SourceFile source, Diagnostics diagnostics) {
        this.source = source;
        this.diagnostics = diagnostics;
    }

    /** The tree, or empty when the file has syntax errors (which are reported). */
    public static Optional<FileNode> parse(SourceFile source, Diagnostics diagnostics) {
        return new Parser(source, diagnostics).run();
    }

    private Optional<FileNode> run() {
        AemodelLexer lexer = new AemodelLexer(CharStreams.fromString(source.text(), source.displayPath()));
        lexer.removeErrorListeners();
        Optional<List<Token>> read = read(lexer);
        if (read.isEmpty() || !reportBadTokens(read.get())) {
            return Optional.empty();
        }
        CommonTokenStream tokens = new CommonTokenStream(new ListTokenSource(read.get()));
        tokens.fill();
        AemodelParser parser = new AemodelParser(tokens);
        parser.removeErrorListeners();
        parser.addErrorListener(new SyntaxErrorListener(tokens));
        parser.setErrorHandler(new ColonForEquals());
        AemodelParser.FileContext tree = parser.file();
        if (reportedErrors > 0) {
            return Optional.empty();
        }
        int before = reportedErrors;
        FileNode file = new TreeBuilder().file(tree);
        return reportedErrors == before ? Optional.of(file) : Optional.empty();
    }

    /**
     * The tokens the parser reads (comments and spaces dropped), or empty after reporting a
     * bracket nested too deep or too many tokens: both are found while lexing, before anything
     * is kept or parsed, so no input can exhaust the stack or the memory.
     */
    private Optional<List<Token>> read(AemodelLexer lexer) {
        List<Token> tokens = new ArrayList<>();
        int depth = 0;
        while (true) {
            Token token = lexer.nextToken();
            if (token.getType() == Token.EOF) {
                tokens.add(token);
                return Optional.of(tokens);
            }
            if (token.getChannel() != Token.DEFAULT_CHANNEL) {
                continue;
            }
            if (tokens.size() == MAX_TOKENS) {
                Diagnostic.of(Code.E0008, span(token), String.format(java.util.Locale.ROOT,
                                "file too large: more than %,d words and symbols", MAX_TOKENS))
                        .label("the file is read no further")
                        .note("real models have a few hundred; comments and spaces are not counted")
                        .help("check that this is the model file you meant, or split it into files that import each other")
                        .report(diagnostics);
                reportedErrors++;
                return Optional.empty();
            }
            String text = token.getText();
            if (text.equals("(") || text.equals("{")) {
                depth++;
                if (depth > MAX_NESTING) {
                    Diagnostic.of(Code.E0007, span(token), "nesting deeper than " + MAX_NESTING + " levels")
                            .label("too deep")
                            .note("aec reads at most " + MAX_NESTING + " levels of `(` and `{` inside each other")
                            .help("name intermediate values instead of nesting calls")
                            .report(diagnostics);
                    reportedErrors++;
                    return Optional.empty();
                }
            } else if (text.equals(")") || text.equals("}")) {
                depth = Math.max(0, depth - 1);
            }
            tokens.add(token);
        }
    }

    /**
     * Characters the lexer could not use, reported in our words, at most one per line as syntax
     * errors are; false when there were any.
     */
    private boolean reportBadTokens(List<Token> tokens) {
        boolean clean = true;
        int reportedLine = -1;
        for (Token token : tokens) {
            int type = token.getType();
            if (type != AemodelLexer.UNKNOWN_CHAR && type != AemodelLexer.UNTERMINATED_STRING
                    && type != AemodelLexer.UNTERMINATED_COMMENT) {
                continue;
            }
            clean = false;
            Span span = span(token);
            int line = span.line();
            if (line == reportedLine) {
                continue;
            }
            reportedLine = line;
            reportedErrors++;
            String text = token.getText();
            if (type == AemodelLexer.UNTERMINATED_STRING) {
                Diagnostic.of(Code.E0004, new Span(source, span.start(), span.start() + 1), "unterminated string")
                        .label("this string has no closing `\"` on its line")
                        .help("close the string on the same line")
                        .report(diagnostics);
            } else if (type == AemodelLexer.UNTERMINATED_COMMENT) {
                Diagnostic.of(Code.E0004, new Span(source, span.start(), span.start() + 2), "unterminated block comment")
                        .label("this comment is never closed")
                        .help("close it with `*/`")
                        .report(diagnostics);
                return false;
            } else {
                Diagnostic.Builder b = Diagnostic.of(Code.E0002, span, "unexpected character " + describeChar(text))
                        .label("not part of the language");
                if (text.equals(";")) {
                    b.help("statements end at the end of the line; remove the `;`")
                            .fix(Fix.of("remove the `;`", span, ""));
                } else if (text.equals("/")) {
                    b.note("comments start with `#` or `//`");
                } else if (text.equals("[") || text.equals("]")) {
                    b.help("shapes are written `28x28x1`, without brackets");
                }
                b.report(diagnostics);
            }
        }
        return clean;
    }

    private static String describeChar(String text) {
        int cp = text.codePointAt(0);
        int type = Character.getType(cp);
        if (Character.isISOControl(cp) || Character.isWhitespace(cp) || cp == 0xFFFD || type == Character.FORMAT
                || type == Character.SURROGATE || type == Character.UNASSIGNED || type == Character.PRIVATE_USE
                || type == Character.SPACE_SEPARATOR || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR) {
            return String.format("U+%04X", cp);
        }
        return "`" + text + "`";
    }

    /** ANTLR counts code points; spans count chars, which differ after an emoji or other astral character. */
    private Span span(Token token) {
        int start = source.offsetOfCodePoint(Math.max(0, token.getStartIndex()));
        int stop = token.getType() == Token.EOF ? start
                : Math.max(start, source.offsetOfCodePoint(token.getStopIndex() + 1));
        return new Span(source, start, stop);
    }

    private Span span(ParserRuleContext ctx) {
        Token stop = ctx.getStop() == null ? ctx.getStart() : ctx.getStop();
        return span(ctx.getStart()).to(span(stop));
    }

    /** Turns ANTLR's syntax errors into ours: "expected X, found Y", one per line at most. */
    private final class SyntaxErrorListener extends BaseErrorListener {
        private final CommonTokenStream tokens;
        private int[] innermostOpen;

        SyntaxErrorListener(CommonTokenStream tokens) {
            this.tokens = tokens;
        }

        @Override
        public void syntaxError(Recognizer<?, ?> recognizer, Object offendingSymbol, int line,
                                int charPositionInLine, String msg, RecognitionException e) {
            if (!(offendingSymbol instanceof Token token) || !(recognizer instanceof AemodelParser parser)) {
                return;
            }
            int at = span(token).line();
            if (at == lastErrorLine) {
                return;
            }
            lastErrorLine = at;
            reportedErrors++;
            IntervalSet expected = e != null && e.getExpectedTokens() != null
                    ? e.getExpectedTokens() : parser.getExpectedTokens();
            String found = token.getType() == Token.EOF ? "end of file" : "`" + token.getText() + "`";
            String wanted = TokenNames.describe(expected);
            Diagnostic.Builder builder = Diagnostic.of(Code.E0001, span(token),
                            "expected " + wanted + ", found " + found)
                    .label("unexpected " + (token.getType() == Token.EOF ? "end of file" : "here"));
            Token previous = previousDefault(token.getTokenIndex());
            Optional<Token> open = unclosedBefore(token.getTokenIndex());
            boolean closerExpected = open.isPresent()
                    && expected.contains(TokenNames.literalType(open.get().getText().equals("(") ? ")" : "}"));
            if (closerExpected) {
                String closer = open.get().getText().equals("(") ? ")" : "}";
                builder.secondary(span(open.get()), "this `" + open.get().getText() + "` is never closed");
                builder.help("add `" + closer + "` to close it" + (token.getType() == Token.EOF ? " at the end of the file"
                        : at > span(open.get()).line() ? " before line " + at : ""));
                if (token.getType() == Token.EOF) {
                    String text = source.text();
                    boolean newline = text.endsWith("\n") || text.endsWith("\r");
                    builder.fix(Fix.of("add `" + closer + "` at the end of the file",
                            new Span(source, text.length(), text.length()), (newline ? "" : "\n") + closer + "\n"));
                }
            } else {
                Optional<String> hint = TokenNames.hint(token, previous, expected);
                hint.ifPresent(builder::help);
                if (hint.isPresent() && token.getText().equals("=")) {
                    builder.fix(Fix.of("change to `:`", span(token), ":"));
                }
            }
            builder.report(diagnostics);
        }

        private Token previousDefault(int index) {
            for (int i = index - 1; i >= 0; i--) {
                Token t = tokens.get(i);
                if (t.getChannel() == Token.DEFAULT_CHANNEL) {
                    return t;
                }
            }
            return tokens.get(Math.max(0, index));
        }

        /** The innermost `(` or `{` still open before the token at `index`. */
        private Optional<Token> unclosedBefore(int index) {
            if (innermostOpen == null) {
                innermostOpen = innermostOpen();
            }
            int at = index < innermostOpen.length ? innermostOpen[index] : -1;
            return at < 0 ? Optional.empty() : Optional.of(tokens.get(at));
        }

        /** For each token, the index of the innermost bracket open before it (-1 for none), found in one pass. */
        private int[] innermostOpen() {
            List<Token> all = tokens.getTokens();
            int[] result = new int[all.size()];
            int[] open = new int[all.size()];
            int depth = 0;
            for (int i = 0; i < all.size(); i++) {
                result[i] = depth == 0 ? -1 : open[depth - 1];
                Token t = all.get(i);
                if (t.getChannel() != Token.DEFAULT_CHANNEL) {
                    continue;
                }
                switch (t.getText()) {
                    case "(", "{" -> open[depth++] = i;
                    case ")", "}" -> depth = Math.max(0, depth - 1);
                    default -> { }
                }
            }
            return result;
        }
    }

    /**
     * Keras users write `kernel=3x3`; where a `:` is expected and `=` found, the `=` is reported
     * once and read as `:`, so the rest of the block still parses and no follow-on errors appear.
     */
    private static final class ColonForEquals extends org.antlr.v4.runtime.DefaultErrorStrategy {
        @Override
        public Token recoverInline(org.antlr.v4.runtime.Parser recognizer) {
            Token current = recognizer.getCurrentToken();
            int colon = TokenNames.literalType(":");
            if (current.getText().equals("=") && recognizer.getExpectedTokens().contains(colon)) {
                recognizer.notifyErrorListeners(current, "`=` for `:`", null);
                recognizer.consume();
                Token conjured = getMissingSymbol(recognizer);
                endErrorCondition(recognizer);
                return conjured;
            }
            return super.recoverInline(recognizer);
        }
    }

    /** Builds records from a parse tree that had no syntax errors. */
    private final class TreeBuilder {
        FileNode file(AemodelParser.FileContext ctx) {
            List<Import> imports = new ArrayList<>();
            for (AemodelParser.ImportDeclContext imp : ctx.importDecl()) {
                Token str = imp.STRING().getSymbol();
                imports.add(new Import(Lexer.unquote(str.getText()), span(imp), span(str)));
            }
            List<ModelDecl> models = new ArrayList<>();
            List<TrainDecl> trains = new ArrayList<>();
            for (AemodelParser.DeclarationContext decl : ctx.declaration()) {
                if (decl.modelDecl() != null) {
                    models.add(model(decl.modelDecl()));
                } else {
                    trains.add(train(decl.trainDecl()));
                }
            }
            return new FileNode(source, imports, models, trains);
        }

        ModelDecl model(AemodelParser.ModelDeclContext ctx) {
            if (ctx instanceof AemodelParser.SequentialModelContext seq) {
                List<Call> layers = new ArrayList<>();
                for (AemodelParser.LayerStmtContext stmt : seq.layerStmt()) {
                    layers.add(call(stmt.call()));
                }
                return new SequentialModel(ident(seq.name), shape(seq.input), shape(seq.output), layers, span(ctx));
            }
            AemodelParser.FunctionalModelContext fun = (AemodelParser.FunctionalModelContext) ctx;
            List<Statement> body = new ArrayList<>();
            for (AemodelParser.ValueStmtContext stmt : fun.valueStmt()) {
                if (stmt instanceof AemodelParser.AssignStmtContext assign) {
                    body.add(new Assign(ident(assign.target), expr(assign.expr()), span(stmt)));
                } else {
                    AemodelParser.ReturnStmtContext ret = (AemodelParser.ReturnStmtContext) stmt;
                    body.add(new Return(expr(ret.expr()), span(stmt)));
                }
            }
            return new FunctionalModel(ident(fun.name), ident(fun.param), shape(fun.input), shape(fun.output), body,
                    span(ctx));
        }

        TrainDecl train(AemodelParser.TrainDeclContext ctx) {
            List<TrainEntry> entries = new ArrayList<>();
            for (AemodelParser.TrainEntryContext entry : ctx.trainEntry()) {
                entries.add(new TrainEntry(ident(entry.key), expr(entry.value), span(entry)));
            }
            return new TrainDecl(ident(ctx.model), entries, span(ctx));
        }

        Call call(AemodelParser.CallContext ctx) {
            List<ArgList> lists = new ArrayList<>();
            for (AemodelParser.ArgListContext list : ctx.argList()) {
                List<Arg> args = new ArrayList<>();
                for (AemodelParser.ArgContext arg : list.arg()) {
                    if (arg instanceof AemodelParser.KeywordArgContext kw) {
                        args.add(new Arg(Optional.of(ident(kw.key)), expr(kw.value), span(arg)));
                    } else {
                        AemodelParser.PositionalArgContext pos = (AemodelParser.PositionalArgContext) arg;
                        args.add(new Arg(Optional.empty(), expr(pos.value), span(arg)));
                    }
                }
                lists.add(new ArgList(args, span(list)));
            }
            return new Call(ident(ctx.IDENT().getSymbol()), lists, span(ctx));
        }

        Expr expr(AemodelParser.ExprContext ctx) {
            if (ctx instanceof AemodelParser.CallExprContext c) {
                return new CallExpr(call(c.call()));
            }
            if (ctx instanceof AemodelParser.DottedExprContext d) {
                List<Ident> parts = new ArrayList<>();
                parts.add(ident(d.IDENT().getSymbol()));
                d.member().forEach(m -> parts.add(ident(m.getStart())));
                return new DottedName(parts, span(ctx));
            }
            if (ctx instanceof AemodelParser.ShapeExprContext s) {
                return shape(s.shape());
            }
            if (ctx instanceof AemodelParser.FloatExprContext f) {
                return new FloatLit(parseFloat(f), span(ctx));
            }
            AemodelParser.StringExprContext s = (AemodelParser.StringExprContext) ctx;
            return new StringLit(Lexer.unquote(s.STRING().getText()), span(ctx));
        }

        ShapeLit shape(AemodelParser.ShapeContext ctx) {
            Span where = span(ctx);
            String text = ctx.getText();
            boolean negative = text.startsWith("-");
            String digits = negative ? text.substring(1) : text;
            List<Long> dims = new ArrayList<>();
            boolean reported = false;
            // Read in place: a shape of a million sizes makes no million strings, and one report.
            for (int start = 0; start <= digits.length(); ) {
                int end = digits.indexOf('x', start);
                end = end < 0 ? digits.length() : end;
                long value = 0;
                boolean tooBig = false;
                for (int i = start; i < end && !tooBig; i++) {
                    int digit = digits.charAt(i) - '0';
                    tooBig = value > (Long.MAX_VALUE - digit) / 10;
                    value = value * 10 + digit;
                }
                if (tooBig && !reported) {
                    Diagnostic.of(Code.E0003, where, "number `" + digits.substring(start, end) + "` is too large")
                            .label("does not fit in 64 bits")
                            .report(diagnostics);
                    reportedErrors++;
                    reported = true;
                }
                dims.add(tooBig ? 1L : value * (negative ? -1 : 1));
                start = end + 1;
            }
            return new ShapeLit(dims, where);
        }

        double parseFloat(AemodelParser.FloatExprContext ctx) {
            double value = Double.parseDouble(ctx.getText());
            if (Double.isInfinite(value)) {
                Diagnostic.of(Code.E0003, span(ctx), "number `" + ctx.getText() + "` is too large")
                        .label("does not fit in a double")
                        .report(diagnostics);
                reportedErrors++;
                return 0;
            }
            return value;
        }

        Ident ident(Token token) {
            return new Ident(token.getText(), span(token));
        }
    }
}
