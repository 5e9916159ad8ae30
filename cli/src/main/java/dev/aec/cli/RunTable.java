package dev.aec.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aec.runtime.picture.LossChart;
import dev.aec.runtime.run.RunCatalog;
import dev.aec.runtime.run.RunRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The table of runs `aec runs` and `aec compare` print, one row a run, and its JSON form: where
 * each run stands and what it measured, a damaged run as a row that says so with the problem
 * below the table.
 */
final class RunTable {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final String NONE = "-";
    private static final List<String> HEADER = List.of("run", "model", "data", "epochs", "best val. loss",
            "last loss", "test loss", "samples/s", "status");
    /** Columns of numbers, aligned right. */
    private static final boolean[] RIGHT = {false, false, false, true, true, true, true, true, false};

    /** A run as the table shows it, under the name it is listed by. */
    record Row(String name, RunCatalog.Entry entry) {
        Optional<RunRecord> record() {
            return entry.record();
        }
    }

    /** The epoch with the lowest validation loss and that loss. */
    record Best(int epoch, double loss) {
    }

    private RunTable() {
    }

    static String render(List<Row> rows) {
        List<List<String>> cells = new ArrayList<>();
        cells.add(HEADER);
        for (Row row : rows) {
            cells.add(cells(row));
        }
        int[] widths = new int[HEADER.size()];
        for (List<String> line : cells) {
            for (int c = 0; c < widths.length; c++) {
                widths[c] = Math.max(widths[c], line.get(c).length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (List<String> line : cells) {
            StringBuilder text = new StringBuilder();
            for (int c = 0; c < widths.length; c++) {
                String cell = line.get(c);
                String pad = " ".repeat(widths[c] - cell.length());
                text.append(c == 0 ? "" : "  ").append(RIGHT[c] ? pad + cell : cell + pad);
            }
            out.append(text.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }

    /** One line for each run that is damaged, failed or diverged, saying why; empty when none is. */
    static String notes(List<Row> rows) {
        StringBuilder out = new StringBuilder();
        for (Row row : rows) {
            if (row.entry().problem().isPresent()) {
                out.append(row.name()).append(": damaged: ").append(row.entry().problem().get()).append('\n');
            } else {
                RunRecord r = row.record().orElseThrow();
                if (r.failure() != null && (RunRecord.FAILED.equals(r.status()) || RunRecord.DIVERGED.equals(r.status()))) {
                    out.append(row.name()).append(": ").append(r.status()).append(": ").append(r.failure())
                            .append('\n');
                }
            }
        }
        return out.toString();
    }

    private static List<String> cells(Row row) {
        if (row.record().isEmpty()) {
            return List.of(row.name(), NONE, NONE, NONE, NONE, NONE, NONE, NONE, "damaged");
        }
        RunRecord r = row.record().get();
        Optional<Best> best = best(r);
        return List.of(row.name(), r.model(), data(r), r.epochs().size() + "/" + r.settings().epochs(),
                best.map(b -> LossChart.number(b.loss()) + " (" + b.epoch() + ")").orElse(NONE),
                r.epochs().isEmpty() ? NONE : LossChart.number(r.epochs().get(r.epochs().size() - 1).trainLoss()),
                r.testLoss() == null ? NONE : LossChart.number(r.testLoss()),
                samplesPerSecond(r).map(s -> SummaryTable.grouped(Math.round(s))).orElse(NONE),
                status(row.entry()));
    }

    /**
     * What a run is doing: `training` while a process holds its lock; a record that says running
     * with no process behind it was stopped without a word (killed, a power cut) and is `stopped`.
     */
    static String status(RunCatalog.Entry entry) {
        if (entry.record().isEmpty()) {
            return "damaged";
        }
        String status = entry.record().get().status();
        if (RunRecord.RUNNING.equals(status)) {
            return entry.training() ? "training" : "stopped";
        }
        return status;
    }

    static Optional<Best> best(RunRecord r) {
        Best best = null;
        for (RunRecord.Epoch e : r.epochs()) {
            Double v = e.validationLoss();
            if (v != null && Double.isFinite(v) && (best == null || v < best.loss())) {
                best = new Best(e.epoch(), v);
            }
        }
        return Optional.ofNullable(best);
    }

    /** Over all epochs, each weighted by its time: the samples trained over the seconds it took. */
    static Optional<Double> samplesPerSecond(RunRecord r) {
        double samples = 0;
        double seconds = 0;
        for (RunRecord.Epoch e : r.epochs()) {
            if (Double.isFinite(e.samplesPerSecond()) && Double.isFinite(e.seconds()) && e.seconds() > 0) {
                samples += e.samplesPerSecond() * e.seconds();
                seconds += e.seconds();
            }
        }
        return seconds > 0 ? Optional.of(samples / seconds) : Optional.empty();
    }

    private static String data(RunRecord r) {
        RunRecord.Settings s = r.settings();
        return s.limit() == null ? s.data() : s.data() + ", first " + SummaryTable.grouped(s.limit());
    }

    /** The same facts for scripts: `{"folder": ..., "runs": [...]}`, absent values as null. */
    static String json(String folder, List<Row> rows) {
        ObjectNode root = JSON.objectNode();
        root.put("folder", folder);
        ArrayNode runs = root.putArray("runs");
        for (Row row : rows) {
            ObjectNode node = runs.addObject();
            node.put("name", row.name());
            node.put("dir", row.entry().dir().toString());
            node.put("status", status(row.entry()));
            if (row.record().isEmpty()) {
                node.put("problem", row.entry().problem().orElse(""));
                continue;
            }
            RunRecord r = row.record().get();
            node.put("model", r.model());
            node.put("data", r.settings().data());
            if (r.settings().limit() == null) {
                node.putNull("limit");
            } else {
                node.put("limit", r.settings().limit());
            }
            node.put("epochs", r.epochs().size());
            node.put("plannedEpochs", r.settings().epochs());
            Optional<Best> best = best(r);
            putNullable(node, "bestValidationLoss", best.map(Best::loss).orElse(null));
            if (best.isPresent()) {
                node.put("bestEpoch", best.get().epoch());
            } else {
                node.putNull("bestEpoch");
            }
            putNullable(node, "lastLoss", r.epochs().isEmpty() ? null
                    : r.epochs().get(r.epochs().size() - 1).trainLoss());
            putNullable(node, "testLoss", r.testLoss());
            putNullable(node, "samplesPerSecond", samplesPerSecond(r).orElse(null));
            if (r.failure() != null) {
                node.put("failure", r.failure());
            }
            node.put("created", r.created());
        }
        try {
            return MAPPER.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("JSON of a tree we built cannot fail", e);
        }
    }

    private static void putNullable(ObjectNode node, String field, Double value) {
        if (value == null || !Double.isFinite(value)) {
            node.putNull(field);
        } else {
            node.put(field, value);
        }
    }
}
