package com.bluemarble.functions.core.error;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/errors.md} is generated from {@link ErrorCode}, and every error code the README or
 * {@code docs/*.md} names beside an HTTP status exists in the enum with that status.
 *
 * <p>Regenerate the table after changing the enum: {@value #REGENERATE}
 */
class ErrorCatalogueDocTest {

    static final String REGENERATE =
            "./mvnw -B -q test -pl functions/core -Dtest=ErrorCatalogueDocTest" + " -Dbluemarble.regenerateDocs=true";
    static final String BEGIN = "<!-- BEGIN GENERATED from ErrorCode.java: do not edit by hand -->";
    static final String END = "<!-- END GENERATED -->";

    /** A table row of docs/errors.md: | `CODE` | 409 | CONFLICT | meaning | */
    private static final Pattern CATALOGUE_ROW =
            Pattern.compile("^\\|\\s*`([A-Z][A-Z0-9_]*)`\\s*\\|\\s*(\\d{3})\\s*\\|");
    /** An error-code-shaped token in backticks: upper case, digits and underscores. */
    private static final Pattern CODE_TOKEN = Pattern.compile("`([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*)`");
    /** A 4xx/5xx status as a word (not part of a number, a name or a path). */
    private static final Pattern STATUS = Pattern.compile("(?<![\\w.,`/-])([45]\\d\\d)(?![\\w.,`/-])");
    /** A table cell that is just a 4xx/5xx status: the row is an error table's. */
    private static final Pattern STATUS_CELL = Pattern.compile("\\|\\s*\\**[45]\\d\\d\\**\\s*\\|");
    /**
     * A status followed by backticked codes separated by "/", ",", "or", "and" (e.g. {@code 409
     * `CHUNK_EXISTS` / `VERSION_CONFLICT`}). Tokens elsewhere in prose (environment variables,
     * Redis commands) are not error codes and are not checked.
     */
    private static final Pattern STATUS_THEN_CODES = Pattern.compile(
            "(?<![\\w.,`/-])([45]\\d\\d)\\s+\\**((?:`[A-Z][A-Z0-9_]*`\\**(?:\\s*(?:/|,|or|and)\\s*\\**)?)+)");

    private static final Path ROOT = repositoryRoot();
    private static final Path CATALOGUE = ROOT.resolve("docs/errors.md");

    @Test
    void docsErrorsMdIsTheGeneratedCatalogue() throws IOException {
        String generated = generatedSection();
        if (Boolean.getBoolean("bluemarble.regenerateDocs")) {
            Files.writeString(CATALOGUE, withGeneratedSection(readOrTemplate(), generated));
        }
        String text = Files.readString(CATALOGUE);
        Map<String, Integer> documented = new LinkedHashMap<>();
        text.lines().forEach(line -> {
            Matcher row = CATALOGUE_ROW.matcher(line);
            if (row.find()) {
                documented.put(row.group(1), Integer.parseInt(row.group(2)));
            }
        });
        Map<String, Integer> catalogue = Arrays.stream(ErrorCode.values())
                .collect(Collectors.toMap(ErrorCode::name, ErrorCode::httpStatus, (a, b) -> a, LinkedHashMap::new));

        assertThat(catalogue.keySet())
                .as("codes in ErrorCode missing from docs/errors.md; regenerate: " + REGENERATE)
                .isSubsetOf(documented.keySet());
        assertThat(documented.keySet())
                .as("codes in docs/errors.md that ErrorCode does not have; regenerate: " + REGENERATE)
                .isSubsetOf(catalogue.keySet());
        assertThat(documented)
                .as("HTTP statuses in docs/errors.md differ from ErrorCode's; regenerate: " + REGENERATE)
                .containsExactlyInAnyOrderEntriesOf(catalogue);
        assertThat(section(text))
                .as("docs/errors.md's table is out of date (a meaning changed?); regenerate: " + REGENERATE)
                .isEqualTo(generated);
    }

    @Test
    void readmeAndDocsNameOnlyCodesOfTheCatalogueWithTheirStatus() throws IOException {
        List<Path> files = new ArrayList<>();
        files.add(ROOT.resolve("README.md"));
        Path docs = ROOT.resolve("docs");
        if (Files.isDirectory(docs)) {
            try (Stream<Path> list = Files.list(docs)) {
                list.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
            }
        }
        List<String> problems = new ArrayList<>();
        for (Path file : files) {
            if (Files.exists(file)) {
                problems.addAll(problems(ROOT.relativize(file).toString(), Files.readString(file)));
            }
        }
        assertThat(problems)
                .as("error codes in the docs that ErrorCode contradicts")
                .isEmpty();
    }

    @Test
    void theDocumentationCheckCatchesAnUnknownCodeAndAWrongStatus() {
        // The check itself must be able to fail: an error-table row, a status in prose, a chain.
        assertThat(problems("x.md", "| 409 | `NO_SUCH_CODE` | a conflict |")).hasSize(1);
        assertThat(problems("x.md", "answers 404 `UNKNOWN_CHUNK` or 409 `CHUNK_EXISTS` / `NO_SUCH_CODE`"))
                .hasSize(1);
        assertThat(problems("x.md", "| 404 | `CHUNK_EXISTS` |"))
                .singleElement()
                .asString()
                .contains("409");
        // Environment variables and commands beside no status are not error codes.
        assertThat(problems("x.md", "set `AWS_ENDPOINT_URL` and run `ZADD`")).isEmpty();
        assertThat(problems("x.md", "| `BLUEMARBLE_TERRAIN_BUCKET` | – | the bucket |"))
                .isEmpty();
        assertThat(problems("x.md", "| bare `ZADD` | p99 in 450 ms | 4,500 rows |"))
                .isEmpty();
    }

    /** Unknown codes, and codes named beside a status they never answer with. */
    static List<String> problems(String file, String text) {
        List<String> problems = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            String where = file + ":" + (i + 1);
            if (line.trim().startsWith("|") && STATUS_CELL.matcher(line).find()) {
                // An error table row: every code token is an error code; its status is the nearest before it.
                Matcher token = CODE_TOKEN.matcher(line);
                while (token.find()) {
                    check(where, token.group(1), statusBefore(line, token.start()), problems);
                }
                continue;
            }
            Matcher run = STATUS_THEN_CODES.matcher(line);
            while (run.find()) {
                int status = Integer.parseInt(run.group(1));
                Matcher token = CODE_TOKEN.matcher(run.group(2));
                while (token.find()) {
                    check(where, token.group(1), status, problems);
                }
            }
        }
        return problems;
    }

    private static void check(String where, String code, Integer status, List<String> problems) {
        ErrorCode known = Arrays.stream(ErrorCode.values())
                .filter(c -> c.name().equals(code))
                .findFirst()
                .orElse(null);
        if (known == null) {
            problems.add(where + ": " + code + " is not in ErrorCode");
        } else if (status != null && known.httpStatus() != status) {
            problems.add(where + ": " + code + " is shown with " + status + " but answers " + known.httpStatus());
        }
    }

    private static Integer statusBefore(String line, int end) {
        Matcher status = STATUS.matcher(line.substring(0, end));
        Integer last = null;
        while (status.find()) {
            last = Integer.parseInt(status.group(1));
        }
        return last;
    }

    /** The table, one row per code in the enum's order. */
    static String generatedSection() {
        StringBuilder out = new StringBuilder();
        out.append(BEGIN).append("\n\n");
        out.append("| Code | HTTP | Kind | Meaning |\n");
        out.append("|------|------|------|---------|\n");
        for (ErrorCode code : ErrorCode.values()) {
            out.append("| `")
                    .append(code.name())
                    .append("` | ")
                    .append(code.httpStatus())
                    .append(" | ")
                    .append(code.kind().name())
                    .append(" | ")
                    .append(code.meaning().replace("|", "\\|"))
                    .append(" |\n");
        }
        out.append('\n').append(END);
        return out.toString();
    }

    private static String section(String text) {
        int begin = text.indexOf(BEGIN);
        int end = text.indexOf(END);
        return begin < 0 || end < begin ? "" : text.substring(begin, end + END.length());
    }

    private static String withGeneratedSection(String text, String generated) {
        int begin = text.indexOf(BEGIN);
        int end = text.indexOf(END);
        if (begin < 0 || end < begin) {
            return text + "\n" + generated + "\n";
        }
        return text.substring(0, begin) + generated + text.substring(end + END.length());
    }

    private static String readOrTemplate() {
        try {
            return Files.exists(CATALOGUE)
                    ? Files.readString(CATALOGUE, StandardCharsets.UTF_8)
                    : "# Error codes\n\nRegenerate the table: `" + REGENERATE + "`\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null
                && !(Files.exists(dir.resolve("README.md")) && Files.isDirectory(dir.resolve("functions")))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no repository root (README.md + functions/) above the working directory");
        }
        return dir;
    }
}
