package dev.aec.compiler.gen;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import com.github.mustachejava.MustacheFactory;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;

/**
 * The Mustache templates of the gen pass, kept as resources beside this class. Values are written
 * as they are: this is Java, not HTML, and the views escape what goes into literals and comments.
 */
final class Templates {
    private static final MustacheFactory FACTORY = new DefaultMustacheFactory("dev/aec/compiler/gen") {
        @Override
        public void encode(String value, Writer writer) {
            try {
                writer.write(value);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    };

    private Templates() {
    }

    static String render(String template, Object view) {
        Mustache mustache = FACTORY.compile(template);
        StringWriter out = new StringWriter();
        mustache.execute(out, view);
        return out.toString();
    }
}
