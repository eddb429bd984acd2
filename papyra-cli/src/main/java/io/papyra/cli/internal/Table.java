package io.papyra.cli.internal;

import java.io.PrintWriter;
import java.util.List;

/** Plain-text columns: every column but the last padded to its widest cell, two spaces apart. */
final class Table {

    private Table() {
    }

    static void print(PrintWriter out, String indent, List<String> header, List<List<String>> rows) {
        int columns = header != null ? header.size() : rows.isEmpty() ? 0 : rows.get(0).size();
        int[] widths = new int[columns];
        if (header != null) {
            widen(widths, header);
        }
        rows.forEach(row -> widen(widths, row));
        if (header != null) {
            line(out, indent, widths, header);
        }
        rows.forEach(row -> line(out, indent, widths, row));
    }

    private static void widen(int[] widths, List<String> row) {
        for (int i = 0; i < widths.length; i++) {
            widths[i] = Math.max(widths[i], row.get(i).length());
        }
    }

    private static void line(PrintWriter out, String indent, int[] widths, List<String> row) {
        StringBuilder text = new StringBuilder(indent);
        for (int i = 0; i < widths.length; i++) {
            String cell = row.get(i);
            text.append(cell);
            if (i < widths.length - 1) {
                text.append(" ".repeat(widths[i] - cell.length() + 2));
            }
        }
        out.println(text.toString().stripTrailing());
    }
}
