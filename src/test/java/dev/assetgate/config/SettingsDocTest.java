package dev.assetgate.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The configuration table of docs/operations.md is written by hand (it explains more than
 * {@link Setting} does), so this test holds it to the code: one row per setting, no row for a
 * setting that does not exist, and each row's environment variable and default as {@link Setting} has them.
 */
class SettingsDocTest {
    private static final Path DOC = Path.of("docs", "operations.md");
    /** How the table writes an empty default. */
    private static final String EMPTY = "*(empty)*";

    /** One row of the table: | `key` | `ENV` | flag | default | meaning |. */
    record Row(String key, String env, String defaultValue) {}

    @Test
    void theConfigurationTableListsEverySettingWithItsVariableAndDefault() throws IOException {
        Map<String, Row> documented = configurationTable();
        Map<String, Setting> settings = Arrays.stream(Setting.values())
                .collect(Collectors.toMap(s -> s.key, Function.identity(), (a, b) -> a, LinkedHashMap::new));

        assertThat(documented.keySet()).as("settings missing from the table in %s", DOC).containsAll(settings.keySet());
        assertThat(settings.keySet()).as("rows in %s for settings that do not exist", DOC).containsAll(documented.keySet());
        for (Setting setting : Setting.values()) {
            Row row = documented.get(setting.key);
            assertThat(row.env()).as("environment variable of %s", setting.key).isEqualTo(setting.env());
            assertThat(row.defaultValue()).as("default of %s", setting.key).isEqualTo(setting.defaultValue);
        }
    }

    private static Map<String, Row> configurationTable() throws IOException {
        List<String> lines = Files.readAllLines(DOC);
        int start = lines.indexOf("## Configuration");
        assertThat(start).as("a '## Configuration' section in %s", DOC).isNotNegative();
        Map<String, Row> rows = new LinkedHashMap<>();
        for (String line : lines.subList(start + 1, lines.size())) {
            if (line.startsWith("## ")) break;
            if (!line.startsWith("| `")) continue;
            String[] cells = line.split("\\|", -1); // "", key, env, flag, default, meaning, ""
            String key = code(cells[1]);
            Row previous = rows.put(key, new Row(key, code(cells[2]), defaultValue(cells[4])));
            assertThat(previous).as("%s listed twice", key).isNull();
        }
        return rows;
    }

    private static String defaultValue(String cell) {
        String value = cell.strip();
        return value.equals(EMPTY) ? "" : code(value);
    }

    /** The text inside `backticks`. */
    private static String code(String cell) {
        String value = cell.strip();
        assertThat(value).as("a `code` cell").startsWith("`").endsWith("`");
        return value.substring(1, value.length() - 1);
    }
}
