package org.signet.signoff.admin;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.apache.commons.text.StringEscapeUtils;

/**
 * Draws a {@link DataFlow} for a privacy review, as SVG (in the page, and downloadable) and PNG, from one layout so
 * that both say the same. Columns, left to right: the EHR (raw PHI), fhir-adapter's reads per purpose (raw PHI in
 * memory, in flight only), tokenization-service (the pseudonymization boundary; the vault holds raw PHI, encrypted),
 * and the model providers that may receive each purpose's pseudonymized prompt.
 */
public final class DataFlowDiagram {

    /** A line of text in a box. */
    record Text(String value, boolean bold, String color) {}

    /** A rounded box; {@code id} names it for the page's tests and screen readers. */
    record Box(String id, double x, double y, double w, double h, String fill, String stroke, boolean dashed,
            List<Text> lines) {}

    /** An arrow from (x1, y1) to (x2, y2). */
    record Edge(double x1, double y1, double x2, double y2, String color, boolean dashed, String label) {}

    record Layout(double width, double height, String title, List<Box> boxes, List<Edge> edges, List<Text> legend) {}

    static final String RAW_FILL = "#fdecea";
    static final String RAW_STROKE = "#b3261e";
    static final String BOUNDARY_FILL = "#eef3fb";
    static final String BOUNDARY_STROKE = "#1f5fa8";
    static final String SAFE_FILL = "#e8f5e9";
    static final String SAFE_STROKE = "#2e7d32";
    static final String REFUSED_FILL = "#f4f4f4";
    static final String INK = "#1b1b1b";
    static final String MUTED = "#555555";
    static final String NO_STROKE = "none";

    private static final double LINE = 16;
    private static final double PAD = 10;
    private static final double CHAR = 6.9;
    private static final double EHR_X = 20;
    private static final double EHR_W = 190;
    private static final double PURPOSE_X = 260;
    private static final double PURPOSE_W = 380;
    private static final double BAND_X = 690;
    private static final double BAND_W = 200;
    private static final double PROVIDER_X = 940;
    private static final double PROVIDER_W = 300;
    private static final double WIDTH = 1260;
    private static final double TOP = 92;

    private DataFlowDiagram() {}

    static Layout layout(DataFlow flow, String generated) {
        List<Box> boxes = new ArrayList<>();
        List<Edge> edges = new ArrayList<>();

        double y = TOP;
        List<Box> purposeBoxes = new ArrayList<>();
        for (DataFlow.PurposeFlow purpose : flow.purposes()) {
            List<Text> lines = new ArrayList<>();
            lines.add(new Text(purpose.id() + " v" + purpose.version() + " - " + purpose.displayName(), true, INK));
            for (DataFlow.Read read : purpose.reads()) {
                StringBuilder limits = new StringBuilder(" (at most ").append(read.maxCount());
                if (read.lookbackDays() != null) {
                    limits.append(", last ").append(read.lookbackDays()).append(" d");
                }
                limits.append(')');
                String where = read.search().isEmpty() ? "" : " where " + String.join(", ",
                        read.search().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
                for (String line : wrap(read.type() + ": " + String.join(", ", read.elements()) + limits + where,
                        PURPOSE_W)) {
                    lines.add(new Text(line, false, INK));
                }
            }
            Box box = new Box("purpose-" + purpose.id(), PURPOSE_X, y, PURPOSE_W, height(lines), RAW_FILL, RAW_STROKE,
                    false, lines);
            purposeBoxes.add(box);
            boxes.add(box);
            y += box.h() + 18;
        }
        double purposesBottom = y;

        y = TOP;
        List<Box> providerBoxes = new ArrayList<>();
        for (DataFlow.ProviderNode provider : flow.providers()) {
            List<Text> lines = new ArrayList<>();
            lines.add(new Text(provider.id(), true, INK));
            if (provider.kind() != null) {
                lines.addAll(wrapped(provider.kind() + " - " + provider.model(), PROVIDER_W, MUTED));
            }
            if (provider.local()) {
                lines.add(new Text("local (on-premises): no BAA needed", false, INK));
            } else if (provider.baaReference() != null) {
                lines.addAll(wrapped("remote, under BAA " + provider.baaReference()
                        + (provider.baaCounterparty() == null ? "" : " with " + provider.baaCounterparty())
                        + (provider.baaExpires() == null ? "" : ", until " + provider.baaExpires()), PROVIDER_W, INK));
            } else if (provider.kind() != null) {
                lines.add(new Text("remote, no BAA on file", false, INK));
            }
            lines.add(provider.refusal() == null ? new Text("receives pseudonymized prompts only", false, SAFE_STROKE)
                    : new Text("REFUSED today: " + provider.refusal(), true, RAW_STROKE));
            boolean ok = provider.refusal() == null;
            Box box = new Box("provider-" + provider.id(), PROVIDER_X, y, PROVIDER_W, height(lines),
                    ok ? SAFE_FILL : REFUSED_FILL, ok ? SAFE_STROKE : RAW_STROKE, !ok, lines);
            providerBoxes.add(box);
            boxes.add(box);
            y += box.h() + 18;
        }
        double bottom = Math.max(Math.max(purposesBottom, y), TOP + 260);

        // the EHR, centred on the purposes it feeds
        double ehrH = 4 * LINE + 2 * PAD;
        double ehrY = Math.max(TOP, (TOP + purposesBottom - 18) / 2 - ehrH / 2);
        boxes.add(0, new Box("ehr", EHR_X, ehrY, EHR_W, ehrH, RAW_FILL, RAW_STROKE, false, List.of(
                new Text("EHR (FHIR R4)", true, INK), new Text("RAW PHI at rest", true, RAW_STROKE),
                new Text("read only as each", false, INK), new Text("purpose allows", false, INK))));

        List<Text> band = new ArrayList<>();
        band.add(new Text("tokenization-service", true, INK));
        band.add(new Text("pseudonymization boundary", false, BOUNDARY_STROKE));
        band.addAll(wrapped("profile " + flow.profile().id() + " v" + flow.profile().version() + " ("
                + flow.profile().rules() + " rules)", BAND_W, INK));
        band.add(new Text("every identifier, in FHIR", false, INK));
        band.add(new Text("and free text, -> token", false, INK));
        band.add(new Text("", false, INK));
        band.add(new Text("vault: RAW PHI,", true, RAW_STROKE));
        band.add(new Text("encrypted per draft;", false, INK));
        band.addAll(wrapped("crypto-shredded after " + (flow.profile().vaultTtlDays() == null ? "its TTL"
                : flow.profile().vaultTtlDays() + " days (default)"), BAND_W, INK));
        // the band is drawn under the arrows that cross it; its text on a panel of its own, over them
        boxes.add(new Box("boundary", BAND_X, TOP - 24, BAND_W, bottom - TOP + 24, BOUNDARY_FILL, BOUNDARY_STROKE,
                true, List.of()));
        boxes.add(new Box("boundary-text", BAND_X + 2, TOP - 22, BAND_W - 4, height(band), BOUNDARY_FILL, NO_STROKE,
                false, band));

        Box ehr = boxes.get(0);
        for (int i = 0; i < purposeBoxes.size(); i++) {
            Box purpose = purposeBoxes.get(i);
            edges.add(new Edge(ehr.x() + ehr.w(), ehr.y() + ehr.h() / 2, purpose.x(), purpose.y() + purpose.h() / 2,
                    RAW_STROKE, false, null));
            List<String> allowed = flow.purposes().get(i).providers();
            for (int k = 0; k < allowed.size(); k++) {
                String id = allowed.get(k);
                int index = indexOf(flow.providers(), id);
                Box target = providerBoxes.get(index);
                boolean ok = flow.providers().get(index).refusal() == null;
                double fromY = purpose.y() + purpose.h() * (k + 1) / (allowed.size() + 1);
                edges.add(new Edge(purpose.x() + purpose.w(), fromY, target.x(), target.y() + target.h() / 2,
                        ok ? SAFE_STROKE : RAW_STROKE, !ok, null));
            }
        }
        List<Text> legend = List.of(
                new Text("Red: raw PHI (EHR at rest; fhir-adapter's memory while a request is in flight; the vault, "
                        + "encrypted). Green: pseudonymized prompts only. Dashed red: a provider scribe-service "
                        + "refuses today.", false, MUTED));
        return new Layout(WIDTH, bottom + 56, "Signet data flow, from live configuration (" + generated + ")",
                boxes, edges, legend);
    }

    private static int indexOf(List<DataFlow.ProviderNode> providers, String id) {
        for (int i = 0; i < providers.size(); i++) {
            if (providers.get(i).id().equals(id)) {
                return i;
            }
        }
        throw new IllegalStateException("provider " + id + " missing from the flow");
    }

    private static double height(List<Text> lines) {
        return lines.size() * LINE + 2 * PAD;
    }

    private static List<Text> wrapped(String text, double width, String color) {
        return wrap(text, width).stream().map(l -> new Text(l, false, color)).toList();
    }

    /** Greedy word wrap to the box's width (an estimate per character, the same for SVG and PNG). */
    static List<String> wrap(String text, double width) {
        int max = (int) ((width - 2 * PAD) / CHAR);
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            while (word.length() > max) {
                if (line.length() > 0) {
                    lines.add(line.toString());
                    line.setLength(0);
                }
                lines.add(word.substring(0, max));
                word = word.substring(max);
            }
            if (line.length() > 0 && line.length() + 1 + word.length() > max) {
                lines.add(line.toString());
                line.setLength(0);
            }
            if (line.length() > 0) {
                line.append(' ');
            }
            line.append(word);
        }
        if (line.length() > 0) {
            lines.add(line.toString());
        }
        return lines;
    }

    /** The diagram as a standalone SVG document (every text escaped). */
    public static String svg(DataFlow flow, String generated) {
        Layout layout = layout(flow, generated);
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" "
                + "height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" role=\"img\" aria-labelledby=\"df-title\" "
                + "font-family=\"DejaVu Sans, Arial, sans-serif\" font-size=\"12\">",
                layout.width(), layout.height(), layout.width(), layout.height()));
        svg.append("<title id=\"df-title\">").append(esc(layout.title())).append("</title>");
        svg.append("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"8\" "
                + "markerHeight=\"8\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" "
                + "fill=\"context-stroke\"/></marker></defs>");
        svg.append(String.format(Locale.ROOT, "<rect width=\"%.0f\" height=\"%.0f\" fill=\"#ffffff\"/>",
                layout.width(), layout.height()));
        svg.append("<text x=\"20\" y=\"30\" font-size=\"16\" font-weight=\"bold\" fill=\"").append(INK).append("\">")
                .append(esc(layout.title())).append("</text>");
        svg.append(header(PURPOSE_X, "fhir-adapter: what each purpose reads"))
                .append(header(PROVIDER_X, "model providers (pseudonymized prompt)"));
        // boundary first, so that arrows cross it
        for (Box box : layout.boxes()) {
            if (box.id().equals("boundary")) {
                svg.append(box(box));
            }
        }
        for (Edge edge : layout.edges()) {
            svg.append(String.format(Locale.ROOT, "<path d=\"M%.1f,%.1f C%.1f,%.1f %.1f,%.1f %.1f,%.1f\" fill=\"none\" "
                    + "stroke=\"%s\" stroke-width=\"1.6\"%s marker-end=\"url(#arrow)\"/>", edge.x1(), edge.y1(),
                    (edge.x1() + edge.x2()) / 2, edge.y1(), (edge.x1() + edge.x2()) / 2, edge.y2(), edge.x2(),
                    edge.y2(), edge.color(), edge.dashed() ? " stroke-dasharray=\"6 4\"" : ""));
        }
        for (Box box : layout.boxes()) {
            if (!box.id().equals("boundary")) {
                svg.append(box(box));
            }
        }
        double y = layout.height() - 24;
        for (Text line : layout.legend()) {
            svg.append(String.format(Locale.ROOT, "<text x=\"20\" y=\"%.1f\" fill=\"%s\">", y, line.color()))
                    .append(esc(line.value())).append("</text>");
            y += LINE;
        }
        return svg.append("</svg>").toString();
    }

    private static String header(double x, String text) {
        return String.format(Locale.ROOT, "<text x=\"%.0f\" y=\"%.0f\" font-weight=\"bold\" fill=\"%s\">", x,
                TOP - 12, MUTED) + esc(text) + "</text>";
    }

    private static String box(Box box) {
        StringBuilder svg = new StringBuilder("<g id=\"").append(esc(box.id())).append("\">");
        svg.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" rx=\"6\" "
                + "fill=\"%s\" stroke=\"%s\" stroke-width=\"1.4\"%s/>", box.x(), box.y(), box.w(), box.h(), box.fill(),
                box.stroke(), box.dashed() ? " stroke-dasharray=\"6 4\"" : ""));
        double y = box.y() + PAD + 12;
        for (Text line : box.lines()) {
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" fill=\"%s\"%s>", box.x() + PAD, y,
                    line.color(), line.bold() ? " font-weight=\"bold\"" : "")).append(esc(line.value()))
                    .append("</text>");
            y += LINE;
        }
        return svg.append("</g>").toString();
    }

    private static String esc(String text) {
        return StringEscapeUtils.escapeXml11(text);
    }

    /** The same diagram as PNG (Java2D, headless). */
    public static byte[] png(DataFlow flow, String generated) {
        Layout layout = layout(flow, generated);
        double scale = 1.5;
        BufferedImage image = new BufferedImage((int) Math.ceil(layout.width() * scale),
                (int) Math.ceil(layout.height() * scale), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.scale(scale, scale);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, (int) layout.width(), (int) layout.height());
            Font plain = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
            Font bold = plain.deriveFont(Font.BOLD);
            g.setColor(color(INK));
            g.setFont(bold.deriveFont(16f));
            g.drawString(layout.title(), 20, 30);
            g.setFont(bold);
            g.setColor(color(MUTED));
            g.drawString("fhir-adapter: what each purpose reads", (float) PURPOSE_X, (float) (TOP - 12));
            g.drawString("model providers (pseudonymized prompt)", (float) PROVIDER_X, (float) (TOP - 12));
            layout.boxes().stream().filter(b -> b.id().equals("boundary")).forEach(b -> draw(g, b, plain, bold));
            for (Edge edge : layout.edges()) {
                g.setColor(color(edge.color()));
                g.setStroke(edge.dashed() ? new BasicStroke(1.6f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                        new float[] {6f, 4f}, 0f) : new BasicStroke(1.6f));
                double mid = (edge.x1() + edge.x2()) / 2;
                Path2D curve = new Path2D.Double();
                curve.moveTo(edge.x1(), edge.y1());
                curve.curveTo(mid, edge.y1(), mid, edge.y2(), edge.x2(), edge.y2());
                g.draw(curve);
                g.setStroke(new BasicStroke(1.6f));
                g.draw(new Line2D.Double(edge.x2() - 8, edge.y2() - 4, edge.x2(), edge.y2()));
                g.draw(new Line2D.Double(edge.x2() - 8, edge.y2() + 4, edge.x2(), edge.y2()));
            }
            layout.boxes().stream().filter(b -> !b.id().equals("boundary")).forEach(b -> draw(g, b, plain, bold));
            g.setFont(plain);
            double y = layout.height() - 24;
            for (Text line : layout.legend()) {
                g.setColor(color(line.color()));
                g.drawString(line.value(), 20, (float) y);
                y += LINE;
            }
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void draw(Graphics2D g, Box box, Font plain, Font bold) {
        RoundRectangle2D shape = new RoundRectangle2D.Double(box.x(), box.y(), box.w(), box.h(), 12, 12);
        g.setColor(color(box.fill()));
        g.fill(shape);
        if (!NO_STROKE.equals(box.stroke())) {
            g.setColor(color(box.stroke()));
            g.setStroke(box.dashed() ? new BasicStroke(1.4f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                    new float[] {6f, 4f}, 0f) : new BasicStroke(1.4f));
            g.draw(shape);
        }
        double y = box.y() + PAD + 12;
        for (Text line : box.lines()) {
            g.setFont(line.bold() ? bold : plain);
            g.setColor(color(line.color()));
            g.drawString(line.value(), (float) (box.x() + PAD), (float) y);
            y += LINE;
        }
    }

    private static Color color(String hex) {
        return Color.decode(hex);
    }
}
