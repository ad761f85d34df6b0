package io.gatehouse.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code combine}: one latest.json for the runs of both topologies. The all-in-one's run stays at the top level
 * with the keys it always had; the cluster's whole run (same keys, its own goals and notes) goes under
 * {@code cluster}; {@code topologies} lists what ran. Then prints the table with one column per topology.
 */
final class Combine {

    private Combine() {
    }

    static int run(String[] args) throws Exception {
        Path out = null, allInOne = null, cluster = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--out" -> out = Path.of(args[++i]);
                case "--all-in-one" -> allInOne = Path.of(args[++i]);
                case "--cluster" -> cluster = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (out == null || (allInOne == null && cluster == null)) {
            throw new IllegalArgumentException("combine --out <json> [--all-in-one <json>] [--cluster <json>]");
        }
        ObjectNode a = read(allInOne);
        ObjectNode c = read(cluster);
        if (a == null && c == null) {
            System.err.println("no results to combine");
            return 1;
        }
        ObjectNode root;
        if (a != null) {
            root = a;
        } else {
            // only the cluster ran: the top level says so and carries no all-in-one figures
            root = Http.JSON.createObjectNode();
            root.set("date", c.get("date"));
            root.set("mode", c.get("mode"));
            root.set("machine", c.get("machine"));
        }
        var topologies = root.putArray("topologies");
        if (a != null) topologies.add("all-in-one");
        if (c != null) {
            topologies.add("cluster");
            root.set("cluster", c);
        }
        // goals, notes and errors stay at the end of the file
        for (String key : List.of("goals", "notes", "errors")) {
            if (root.has(key)) root.set(key, root.remove(key));
        }
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, Http.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n");
        List<Report.Column> columns = new ArrayList<>();
        if (a != null) columns.add(new Report.Column("all-in-one", a));
        if (c != null) columns.add(new Report.Column("cluster (2 cmd)", c));
        Report.print(columns, System.out);
        System.out.println("wrote " + out.toAbsolutePath());
        return (a != null && a.has("errors")) || (c != null && c.has("errors")) ? 1 : 0;
    }

    private static ObjectNode read(Path path) throws java.io.IOException {
        if (path == null || !Files.isRegularFile(path)) return null;
        JsonNode node = Http.JSON.readTree(path.toFile());
        return node instanceof ObjectNode o ? o : null;
    }
}
