package dev.aec.compiler.docs;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A checker of the links and images of Markdown pages, with GitHub's rules for files and heading anchors. */
final class MarkdownLinks {
    /** The pages the checker can see, by repository-relative path with `/` separators. */
    interface Pages {
        /** The text of a Markdown page, if the file exists. */
        Optional<String> read(String path);

        /** Whether a file or folder exists at the path. */
        boolean exists(String path);
    }

    /** One link or image of a page, with the line it starts on. */
    record Link(String page, int line, String target, boolean image) {
    }

    private static final Pattern FENCE = Pattern.compile("^\\s{0,3}(`{3,}|~{3,})");
    // Link text may hold one level of brackets, as a badge image inside a link does.
    private static final Pattern INLINE = Pattern.compile(
            "(!?)\\[((?:[^\\[\\]]|\\[[^\\]]*\\])*)\\]\\(\\s*(<[^>]*>|[^)\\s]*)(?:\\s+(?:\"[^\"]*\"|'[^']*'))?\\s*\\)");
    private static final Pattern DEFINITION = Pattern.compile("(?m)^[ \\t]{0,3}\\[([^\\]]+)\\]:[ \\t]*(<[^>]*>|\\S+)");
    private static final Pattern HTML = Pattern.compile(
            "<(img|a)\\b[^>]*?\\b(src|href)\\s*=\\s*[\"']([^\"']*)[\"']", Pattern.CASE_INSENSITIVE);
    private static final Pattern HTML_ANCHOR = Pattern.compile(
            "<[a-z]+\\b[^>]*?\\b(?:id|name)\\s*=\\s*[\"']([^\"']+)[\"']", Pattern.CASE_INSENSITIVE);
    private static final Pattern ATX = Pattern.compile("^\\s{0,3}#{1,6}\\s+(.*?)(?:\\s+#+)?\\s*$");
    private static final Pattern SETEXT = Pattern.compile("^\\s{0,3}(=+|-+)\\s*$");
    private static final Pattern CODE_SPAN = Pattern.compile("(`+)(.+?)\\1");

    private MarkdownLinks() {
    }

    /** Every problem with the links of the given pages, one line each: `page:line: what is wrong`. */
    static List<String> problems(Pages pages, List<String> pagePaths) {
        List<String> problems = new ArrayList<>();
        Map<String, Set<String>> anchorsByPage = new HashMap<>();
        for (String page : pagePaths) {
            String text = pages.read(page).orElseThrow(() -> new IllegalArgumentException("no page " + page));
            for (Link link : links(page, text)) {
                check(link, pages, anchorsByPage).ifPresent(p -> problems.add(page + ":" + link.line() + ": " + p));
            }
        }
        return problems;
    }

    /** The links and images of a page, outside code blocks and code spans, in order. */
    static List<Link> links(String page, String text) {
        String prose = withoutCode(text, true);
        List<Link> links = new ArrayList<>();
        Matcher inline = INLINE.matcher(prose);
        int from = 0;
        while (inline.find(from)) {
            links.add(new Link(page, lineOf(prose, inline.start()), unbracket(inline.group(3)), !inline.group(1).isEmpty()));
            // Go on just inside the opening bracket, so that an image inside a link's text is found too.
            from = inline.start() + inline.group(1).length() + 1;
        }
        Matcher definition = DEFINITION.matcher(prose);
        while (definition.find()) {
            links.add(new Link(page, lineOf(prose, definition.start()), unbracket(definition.group(2)), false));
        }
        Matcher html = HTML.matcher(prose);
        while (html.find()) {
            links.add(new Link(page, lineOf(prose, html.start()), html.group(3), html.group(1).equalsIgnoreCase("img")));
        }
        links.sort((a, b) -> Integer.compare(a.line(), b.line()));
        return links;
    }

    /** The anchors GitHub gives a page: one per heading, numbered from -1 when a slug repeats, and explicit ids. */
    static Set<String> anchors(String text) {
        Set<String> anchors = new LinkedHashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        String[] lines = withoutCode(text, false).split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String heading = null;
            Matcher atx = ATX.matcher(lines[i]);
            if (atx.matches()) {
                heading = atx.group(1);
            } else if (i > 0 && !lines[i - 1].isBlank() && SETEXT.matcher(lines[i]).matches()
                    && !ATX.matcher(lines[i - 1]).matches() && !lines[i - 1].trim().startsWith("|")) {
                heading = lines[i - 1].trim();
            }
            if (heading != null) {
                String slug = slug(heading);
                int n = seen.merge(slug, 1, Integer::sum) - 1;
                anchors.add(n == 0 ? slug : slug + "-" + n);
            }
        }
        Matcher html = HTML_ANCHOR.matcher(text);
        while (html.find()) {
            anchors.add(html.group(1));
        }
        return anchors;
    }

    /**
     * GitHub's anchor for a heading: the text as rendered (code, links and emphasis marks dropped),
     * lowercased, every character but letters, digits, spaces, `-` and `_` dropped, spaces to `-`.
     */
    static String slug(String heading) {
        String rendered = heading
                .replaceAll("!\\[[^\\]]*\\]\\([^)]*\\)", "")
                .replaceAll("\\[([^\\]]*)\\]\\([^)]*\\)", "$1")
                .replaceAll("<[^>]+>", "")
                .replace("`", "")
                .replace("*", "");
        StringBuilder slug = new StringBuilder();
        rendered.trim().toLowerCase(Locale.ROOT).codePoints().forEach(c -> {
            if (Character.isLetterOrDigit(c) || c == '-' || c == '_') {
                slug.appendCodePoint(c);
            } else if (c == ' ') {
                slug.append('-');
            }
        });
        return slug.toString();
    }

    private static Optional<String> check(Link link, Pages pages, Map<String, Set<String>> anchorsByPage) {
        String target = link.target();
        String what = link.image() ? "image" : "link";
        if (target.isEmpty()) {
            return Optional.of("empty " + what + " target");
        }
        if (target.matches("(?i)^https?:.*")) {
            return wellFormedWebAddress(target) ? Optional.empty() : Optional.of("malformed web address " + target);
        }
        if (target.matches("(?i)^[a-z][a-z0-9+.-]*:.*")) {
            // mailto: and the like name no file.
            return Optional.empty();
        }
        int hash = target.indexOf('#');
        String file = hash < 0 ? target : target.substring(0, hash);
        String anchor = hash < 0 ? null : target.substring(hash + 1);
        int query = file.indexOf('?');
        if (query >= 0) {
            file = file.substring(0, query);
        }
        String resolved;
        if (file.isEmpty()) {
            resolved = link.page();
        } else {
            Optional<String> normal = resolve(link.page(), URLDecoder.decode(file.replace("+", "%2B"), StandardCharsets.UTF_8));
            if (normal.isEmpty()) {
                return Optional.of(what + " " + target + " leaves the repository");
            }
            resolved = normal.get();
            if (!pages.exists(resolved)) {
                return Optional.of((link.image() ? "missing image " : "broken link ") + target + ": no file " + resolved);
            }
        }
        if (anchor == null || anchor.isEmpty() || !resolved.toLowerCase(Locale.ROOT).endsWith(".md")) {
            return Optional.empty();
        }
        String page = resolved;
        Set<String> anchors = anchorsByPage.computeIfAbsent(page, p -> pages.read(p).map(MarkdownLinks::anchors).orElse(Set.of()));
        String wanted = URLDecoder.decode(anchor.replace("+", "%2B"), StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
        return anchors.contains(wanted) ? Optional.empty()
                : Optional.of("broken anchor " + target + ": no heading of " + page + " has the anchor #" + wanted);
    }

    private static boolean wellFormedWebAddress(String target) {
        try {
            URI uri = new URI(target);
            return uri.getHost() != null && !uri.getHost().isEmpty() && !uri.getHost().startsWith(".")
                    && !uri.getHost().endsWith(".") && uri.getHost().contains(".");
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /** The repository-relative path a target names from a page, or nothing when it climbs out. */
    private static Optional<String> resolve(String page, String file) {
        List<String> parts = new ArrayList<>();
        if (!file.startsWith("/")) {
            String[] pageParts = page.split("/");
            for (int i = 0; i < pageParts.length - 1; i++) {
                parts.add(pageParts[i]);
            }
        }
        for (String part : file.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (parts.isEmpty()) {
                    return Optional.empty();
                }
                parts.remove(parts.size() - 1);
            } else {
                parts.add(part);
            }
        }
        return Optional.of(parts.isEmpty() ? "." : String.join("/", parts));
    }

    private static String unbracket(String target) {
        return target.startsWith("<") && target.endsWith(">") ? target.substring(1, target.length() - 1) : target;
    }

    /** The text with code blocks (and code spans, if asked) blanked out, every line where it was. */
    private static String withoutCode(String text, boolean spans) {
        String[] lines = text.split("\n", -1);
        StringBuilder out = new StringBuilder();
        String fence = null;
        for (int i = 0; i < lines.length; i++) {
            Matcher m = FENCE.matcher(lines[i]);
            if (fence == null && m.find()) {
                fence = m.group(1);
                lines[i] = "";
            } else if (fence != null) {
                if (lines[i].trim().startsWith(fence.substring(0, 3)) && lines[i].trim().replace(String.valueOf(fence.charAt(0)), "").isEmpty()
                        && lines[i].trim().length() >= fence.length()) {
                    fence = null;
                }
                lines[i] = "";
            } else if (lines[i].startsWith("    ") && (i == 0 || lines[i - 1].isBlank() || lines[i - 1].startsWith("    "))
                    && !lines[i].trim().startsWith("-") && !lines[i].trim().matches("^\\d+\\..*")) {
                // An indented code block; list continuations, which are indented too, follow prose lines.
                lines[i] = "";
            }
            out.append(spans ? CODE_SPAN.matcher(lines[i]).replaceAll(r -> " ".repeat(r.group().length())) : lines[i]).append('\n');
        }
        return out.toString();
    }

    private static int lineOf(String text, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }
}
