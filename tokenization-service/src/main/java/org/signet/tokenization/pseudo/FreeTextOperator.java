package org.signet.tokenization.pseudo;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.hl7.fhir.r4.model.Annotation;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Narrative;
import org.hl7.fhir.r4.model.PrimitiveType;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.XhtmlType;
import org.hl7.fhir.utilities.xhtml.NodeType;
import org.hl7.fhir.utilities.xhtml.XhtmlNode;

/**
 * Runs PHI detection over text and replaces each span ({@link TextPseudonymizer}). Work is deferred until the
 * structured rules of the whole resource or bundle are done, so the chart dictionary knows every name and id first.
 * <ul>
 *   <li>string, markdown: the value;</li>
 *   <li>Narrative / {@code text.div}: each XHTML text node (a name split across tags, {@code <b>Jane</b> Doe}, is
 *       seen as two nodes; the chart dictionary still matches each part);</li>
 *   <li>Annotation: text and authorString; Reference: display — if nothing is detected there and the rule has a
 *       tokenType, the whole display is tokenized (a display names a person or place by nature);</li>
 *   <li>Attachment: {@code text/*} data is decoded (charset from contentType, else UTF-8), pseudonymized and
 *       re-encoded, size updated and hash removed (a hash of the original is a fingerprint of PHI); data of any
 *       other content type cannot be inspected and is removed; title is pseudonymized;</li>
 *   <li>CodeableConcept: text.</li>
 * </ul>
 */
final class FreeTextOperator implements ElementOperator {

    @Override
    public void apply(Base element, Application app) {
        app.pass().defer(element, app);
    }

    static void process(Base element, Application app) {
        PseudonymizationPass pass = app.pass();
        if (element instanceof XhtmlType x) {
            if (x.getXhtml() != null) {
                xhtml(x.getXhtml(), pass);
                pass.markWritten(x.getXhtml());
            }
        } else if (element instanceof Narrative n) {
            if (n.getDiv() != null) {
                xhtml(n.getDiv(), pass);
                pass.markWritten(n.getDiv());
            }
        } else if (element instanceof Annotation a) {
            string(a.getTextElement(), pass);
            if (a.hasAuthorStringType()) {
                string(a.getAuthorStringType(), pass);
            }
        } else if (element instanceof Attachment a) {
            attachment(a, pass);
        } else if (element instanceof Reference r) {
            if (r.hasDisplay()) {
                PseudonymizationPass.TextOutcome res = pass.freeText(r.getDisplay());
                if (!res.found() && app.tokenType() != null) {
                    String type = app.tokenType("DISPLAY", "DISPLAY");
                    r.setDisplay(pass.issuer.tokenFor(type, r.getDisplay()));
                } else {
                    r.setDisplay(res.text());
                }
                pass.markWritten(r.getDisplayElement());
            }
        } else if (element instanceof CodeableConcept c) {
            string(c.getTextElement(), pass);
        } else if (element instanceof PrimitiveType<?> p) {
            string(p, pass);
        } else {
            throw app.cannotApply(Operator.FREE_TEXT, element);
        }
    }

    private static void string(PrimitiveType<?> p, PseudonymizationPass pass) {
        if (p != null && p.hasValue()) {
            p.setValueAsString(pass.freeText(p.getValueAsString()).text());
            pass.markWritten(p);
        }
    }

    private static void xhtml(XhtmlNode node, PseudonymizationPass pass) {
        if (node.getNodeType() == NodeType.Text) {
            String content = node.getContent();
            if (content != null && !content.isBlank()) {
                node.setContent(pass.freeText(content).text());
            }
            return;
        }
        if (node.hasChildren()) {
            for (XhtmlNode child : node.getChildNodes()) {
                xhtml(child, pass);
            }
        }
    }

    private static void attachment(Attachment a, PseudonymizationPass pass) {
        if (a.hasTitle()) {
            string(a.getTitleElement(), pass);
        }
        if (!a.hasData()) {
            return;
        }
        String contentType = a.hasContentType() ? a.getContentType().toLowerCase(Locale.ROOT) : "";
        if (!contentType.startsWith("text/")) {
            a.setDataElement(null);
            a.setSizeElement(null);
            a.setHashElement(null);
            return;
        }
        Charset charset = charset(contentType);
        String text = new String(a.getData(), charset);
        byte[] out = pass.freeText(text).text().getBytes(charset);
        a.setData(out);
        if (a.hasSize()) {
            a.setSize(out.length);
        }
        a.setHashElement(null);
    }

    private static Charset charset(String contentType) {
        int i = contentType.indexOf("charset=");
        if (i >= 0) {
            String name = contentType.substring(i + 8).replace("\"", "").split("[;\\s]")[0];
            try {
                return Charset.forName(name);
            } catch (RuntimeException e) {
                return StandardCharsets.UTF_8;
            }
        }
        return StandardCharsets.UTF_8;
    }
}
