package io.recolab.export;

/**
 * Guards CSV text cells against spreadsheet formula injection (OWASP "CSV Injection"): a unit id
 * like {@code =HYPERLINK(...)} or {@code @SUM(...)} would run as a formula when an analyst opens the
 * file in Excel or LibreOffice. A text cell that starts with {@code = + - @}, a tab or a carriage
 * return gets a leading apostrophe, which spreadsheets show as text and do not evaluate. Numbers
 * are never touched (a negative lift stays a number), and JSON lines are never altered: JSON is
 * read by programs, and changing a value there would only corrupt it.
 */
public final class SpreadsheetSafe {
    private SpreadsheetSafe() {
    }

    public static String text(String s) {
        if (s == null || s.isEmpty()) {
            return s;
        }
        char c = s.charAt(0);
        return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r' ? "'" + s : s;
    }
}
