package dev.assetgate.metrics;

import java.util.Map;

/** Reads samples out of a Prometheus text-format scrape. */
final class Scrape {
    private final String text;

    Scrape(String text) {
        this.text = text;
    }

    String text() {
        return text;
    }

    /** The sum of the samples of {@code name} whose labels include all of {@code labels} (0 when there is none). */
    double sum(String name, Map<String, String> labels) {
        double total = 0;
        for (String line : text.lines().toList()) {
            if (line.startsWith("#")) continue;
            int brace = line.indexOf('{');
            int space = line.lastIndexOf(' ');
            String sample = brace < 0 ? line.substring(0, Math.max(0, space)) : line.substring(0, brace);
            if (!sample.equals(name)) continue;
            String labelText = brace < 0 ? "" : line.substring(brace, line.lastIndexOf('}') + 1);
            boolean all = labels.entrySet().stream().allMatch(e -> labelText.contains(e.getKey() + "=\"" + e.getValue() + "\""));
            if (all) total += Double.parseDouble(line.substring(space + 1));
        }
        return total;
    }

    double sum(String name) {
        return sum(name, Map.of());
    }

    boolean has(String name) {
        return text.lines().anyMatch(l -> l.startsWith(name + "{") || l.startsWith(name + " "));
    }
}
