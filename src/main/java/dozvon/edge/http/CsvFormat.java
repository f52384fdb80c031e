package dozvon.edge.http;

import java.util.List;

/**
 * RFC 4180 CSV lines: a field with a comma, quote or line break is quoted, quotes doubled; lines end in CRLF.
 * Free text typed by people (notes, categories, tracking) that starts like a formula (=, +, -, @) gets a
 * leading apostrophe, so a spreadsheet shows it instead of running it; phone numbers keep their '+'.
 */
final class CsvFormat {

    private CsvFormat() {}

    static String line(List<String> fields) {
        StringBuilder sb = new StringBuilder(128);
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            field(sb, fields.get(i));
        }
        return sb.append("\r\n").toString();
    }

    private static void field(StringBuilder sb, String value) {
        if (value == null || value.isEmpty()) {
            return;
        }
        boolean quote = value.indexOf(',') >= 0 || value.indexOf('"') >= 0 || value.indexOf('\n') >= 0
                || value.indexOf('\r') >= 0;
        if (!quote) {
            sb.append(value);
            return;
        }
        sb.append('"').append(value.replace("\"", "\"\"")).append('"');
    }

    /** Free text as a spreadsheet should show it, never as a formula. */
    static String text(String value) {
        if (value == null || value.isEmpty()) {
            return value;
        }
        char first = value.charAt(0);
        if (first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r') {
            return "'" + value;
        }
        return value;
    }
}
